// Lettres de mission from a LimeSurvey file (issue 15, ADR 015): each submitted response, linked to its establishment
// by UAI, becomes a VALIDATED historic letter of the chosen school year, written through the platform's own
// `recompute` (frozen envelope and totals, ImpAttribution rows), so the IMP dashboards cover those years. An
// establishment that already has a letter that year is left alone and reported; nothing is dropped silently.
import type { Prisma } from "../../generated/prisma/client.ts";
import { db } from "../../db/db.server.ts";
import type { ResponseField } from "../../domain/limesurvey/fields.ts";
import { buildLetterAnswers, labelledValue, unmappedLetterColumns, type LetterMappingEntry, type LetterMappingProposal } from "../../domain/limesurvey/letters.ts";
import { findUai } from "../../domain/limesurvey/linking.ts";
import { indexFields, mapResponse, parseLsDate } from "../../domain/limesurvey/responses.ts";
import type { LsSurvey } from "../../domain/limesurvey/structure.ts";
import type { Row } from "../../domain/limesurvey/xml.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../../domain/labels.ts";
import { recompute } from "../mission-letters.server.ts";
import type { ConversionReport } from "../../domain/limesurvey/convert.ts";
import type { MappingProposal } from "../../domain/limesurvey/mapping.ts";
import { schoolYearBounds } from "../../domain/school-year.ts";
import type { ImportResult, LimeSurveyImportInput, Parsed } from "./import.server.ts";
import { emptyResult, LimeSurveyImportError, saveMapping, surveyVersionFor } from "./writes.server.ts";

type Tx = Prisma.TransactionClient;
const LETTER_SURVEY_KEY = "lettre-de-mission";

export type LetterImportResult = {
  mappingApplied: LetterMappingEntry[] | null;
  /** Letters written by this import, and their attributions. */
  letters: number;
  attributions: number;
  /** Responses not turned into a letter, with the French reason (no/invalid UAI, unknown establishment, no referent…). */
  unlinked: { id: string; reason: string }[];
  /** Establishments that already had a letter that school year: left as they were. */
  kept: { id: string; uai: string; reason: string }[];
  /** What could not be read in the letters written (amounts, statuses, split…), and the IMP rules' remarks. */
  notes: string[];
  /** Survey columns the mapping does not use. */
  unmappedColumns: string[];
};

export type PlannedLetter = { sourceId: string; establishmentId: string; uai: string; data: Record<string, unknown>; submittedAt: Date | null; notes: string[] };
export type LetterPlan = { letters: PlannedLetter[]; result: LetterImportResult };

/** Labels of list answers by question name, so that "A2" reads "Professeur documentaliste". */
function answerLabels(survey: LsSurvey) {
  return new Map(survey.questions.map((q) => [q.code, new Map(q.answers.map((a) => [a.code, String(Object.values(a.texts)[0] ?? a.code)]))]));
}

export async function planLetters(
  rows: Row[], tokens: Map<string, Row>, survey: LsSurvey, fields: ResponseField[], mapping: LetterMappingEntry[],
  ctx: { academyId: string; academyCode: string; sid: string },
): Promise<LetterPlan> {
  const index = indexFields(fields);
  const labels = answerLabels(survey);
  const establishments = new Map((await db.establishment.findMany({ where: { academyId: ctx.academyId }, select: { id: true, uai: true } })).map((e) => [e.uai, e.id]));
  const result: LetterImportResult = { mappingApplied: mapping, letters: 0, attributions: 0, unlinked: [], kept: [], notes: [], unmappedColumns: unmappedLetterColumns(survey, fields, mapping) };
  const byEstablishment = new Map<string, PlannedLetter>();
  rows.forEach((row, i) => {
    const sourceId = row.id || String(i + 1);
    if (!row.submitdate) return result.unlinked.push({ id: sourceId, reason: "réponse non envoyée (incomplète) : pas de lettre" });
    const { data } = mapResponse(row, index);
    const built = buildLetterAnswers(mapping, (column) => labelledValue(data, index.get(column), labels), (n) => `limesurvey-${ctx.academyCode}-${ctx.sid}-${sourceId}-${n}@historique.invalid`.toLowerCase());
    if (!built.ok) return result.unlinked.push({ id: sourceId, reason: built.reason });
    // The mapped UAI column first, then the token and the answers as for the bilans.
    const lookup = built.uai ? { ok: true as const, uai: built.uai, source: "colonne UAI" } : findUai(row, row.token ? tokens.get(row.token) : undefined);
    if (!lookup.ok) return result.unlinked.push({ id: sourceId, reason: lookup.reason });
    const establishmentId = establishments.get(lookup.uai);
    if (!establishmentId) return result.unlinked.push({ id: sourceId, reason: `UAI ${lookup.uai} (${lookup.source}) : aucun établissement de ce code dans l'académie` });
    const planned: PlannedLetter = { sourceId, establishmentId, uai: lookup.uai, data: built.data, submittedAt: parseLsDate(row.submitdate), notes: built.notes };
    const previous = byEstablishment.get(establishmentId);
    if (previous) {
      // One letter per establishment and year: the latest submitted response is kept.
      const keepNew = (planned.submittedAt?.getTime() ?? 0) >= (previous.submittedAt?.getTime() ?? 0);
      const dropped = keepNew ? previous : planned;
      result.unlinked.push({ id: dropped.sourceId, reason: `autre réponse pour l'établissement ${lookup.uai} (réponse ${keepNew ? planned.sourceId : previous.sourceId} retenue, la plus récente)` });
      if (!keepNew) return;
    }
    byEstablishment.set(establishmentId, planned);
  });
  return { letters: [...byEstablishment.values()], result };
}

/** The platform's letter form of the year, or its first one for the years before it (as the demo history does). */
export async function letterVersionFor(client: Tx | typeof db, schoolYearId: string) {
  const versions = await client.surveyVersion.findMany({ where: { key: LETTER_SURVEY_KEY, academyId: null }, orderBy: [{ schoolYearId: "asc" }, { version: "desc" }], select: { id: true, schoolYearId: true } });
  return versions.find((v) => v.schoolYearId === schoolYearId)?.id ?? versions[0]?.id ?? null;
}

/** Writes the planned letters (inside the import's transaction). `importId` marks them, to rewrite them on a new mapping. */
export async function writeLetters(tx: Tx, plan: LetterPlan, ctx: { importId: string; academyId: string; schoolYearId: string; sid: string; surveyVersionId: string; actorId: string | null; closesAt: Date }) {
  const result = plan.result;
  // Two letter files of one académie and year at once: one after the other, so both see each other's letters.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`limesurvey-letters:${ctx.academyId}:${ctx.schoolYearId}`}))`;
  const existing = await tx.missionLetter.findMany({
    where: { schoolYearId: ctx.schoolYearId, establishmentId: { in: plan.letters.map((l) => l.establishmentId) } },
    select: { establishmentId: true, data: true, status: true },
  });
  const existingBy = new Map(existing.map((l) => [l.establishmentId, l]));
  const facts = await tx.establishment.findMany({ where: { id: { in: plan.letters.map((l) => l.establishmentId) } }, select: { id: true, name: true, type: true } });
  const factsBy = new Map(facts.map((e) => [e.id, e]));
  for (const l of plan.letters) {
    const other = existingBy.get(l.establishmentId);
    if (other) {
      const source = (other.data as { limesurvey?: { sid?: string; response?: string } } | null)?.limesurvey;
      result.kept.push({
        id: l.sourceId, uai: l.uai,
        reason: source ? `lettre ${ctx.schoolYearId} déjà importée de LimeSurvey (questionnaire ${source.sid}, réponse ${source.response}) : conservée` : `lettre ${ctx.schoolYearId} déjà saisie sur la plateforme : conservée, la réponse LimeSurvey n'est pas importée`,
      });
      continue;
    }
    const e = factsBy.get(l.establishmentId)!;
    const data: Record<string, unknown> = { ...l.data, etab_uai: l.uai, etab_nom: e.name, etab_type: ESTABLISHMENT_TYPE_LABELS[e.type as keyof typeof ESTABLISHMENT_TYPE_LABELS] ?? e.type, limesurvey: { importId: ctx.importId, sid: ctx.sid, response: l.sourceId } };
    const at = l.submittedAt ?? ctx.closesAt;
    const letter = await tx.missionLetter.create({
      data: {
        establishmentId: l.establishmentId, schoolYearId: ctx.schoolYearId, surveyVersionId: ctx.surveyVersionId, status: "VALIDATED",
        data: data as Prisma.InputJsonValue, createdById: ctx.actorId, createdAt: at, submittedAt: at, signedAt: at, validatedAt: at, validatedById: ctx.actorId,
        ...(typeof data.chef_nom === "string" ? { signerName: data.chef_nom } : {}),
      },
    });
    // The platform's own computation: envelope of the year's rule set, totals, one ImpAttribution per referent.
    let check = await recompute(tx, letter.id, data, ctx.schoolYearId, l.establishmentId);
    // IMP above the year's envelope were paid by the establishment: the top-up is what the envelope required (as the
    // demo history does), so the dashboards' top-up column is right for those years.
    const { envelope, attributed } = check.totals;
    if (envelope !== null && attributed > envelope) {
      data.complement = (attributed - envelope) / 100;
      await tx.missionLetter.update({ where: { id: letter.id }, data: { data: data as Prisma.InputJsonValue } });
      check = await recompute(tx, letter.id, data, ctx.schoolYearId, l.establishmentId);
    }
    result.letters++;
    result.attributions += new Set(check.letter.referents.map((r) => r.email).filter(Boolean)).size;
    result.notes.push(...l.notes.map((n) => `réponse ${l.sourceId} (${l.uai}) — ${n}`));
    // History is kept as answered: the IMP rules' remarks are reported, not enforced.
    result.notes.push(...check.errors.map((x) => `réponse ${l.sourceId} (${l.uai}) — règles IMP : ${x.message}`));
  }
}

/** Deletes the letters an import wrote (before writing them again through a new mapping). */
export async function deleteImportedLetters(tx: Tx, importId: string) {
  await tx.missionLetter.deleteMany({ where: { data: { path: ["limesurvey", "importId"], equals: importId } } });
}

type LetterContext = {
  academy: { id: string; code: string }; checksum: string; sourceSurveyId: string; report: ConversionReport; proposal: MappingProposal[];
  letterProposal: LetterMappingProposal[]; fields: ResponseField[]; definition: object; saved: LetterMappingEntry[] | null;
};
/** What a letter import keeps to write its letters again when the DANE confirms another mapping. */
type LetterSource = { rows: Row[]; tokens: Row[]; survey: Parsed["survey"] };

/**
 * A lettre de mission file: the questionnaire version as for a bilan, no campaign, and — once a mapping is confirmed
 * (given, or saved for this LimeSurvey survey) — one validated letter per establishment, in the same transaction.
 */
export async function importLetterFile(input: LimeSurveyImportInput, parsed: Parsed, c: LetterContext): Promise<string> {
  // A letter file has one response per establishment: its rows are few, and kept to write the letters again.
  const rows = [...parsed.responses!.rows()];
  const mapping = input.letterMapping ?? c.saved;
  const surveyVersionOfLetters = mapping ? await letterVersionFor(db, input.schoolYearId) : null;
  if (mapping && !surveyVersionOfLetters) throw new LimeSurveyImportError("Aucun formulaire de lettre de mission n'est chargé sur la plateforme (surveys/lettre-de-mission) : rien n'a été importé.");
  const plan = mapping ? await planLetters(rows, parsed.tokens, parsed.survey, c.fields, mapping, { academyId: c.academy.id, academyCode: c.academy.code, sid: c.sourceSurveyId }) : null;
  const { startsOn, endsOn } = schoolYearBounds(input.schoolYearId);
  const closesAt = endsOn < new Date() ? endsOn : new Date();
  const source: LetterSource = { rows, tokens: [...parsed.tokens.values()], survey: parsed.survey };
  const importId = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`limesurvey:${input.academyId}:${c.checksum}`}))`;
    await tx.schoolYear.upsert({ where: { id: input.schoolYearId }, update: {}, create: { id: input.schoolYearId, startsOn, endsOn } });
    // The letters are written on the platform's own letter form: nothing is answered on the LimeSurvey questionnaire,
    // which stays a draft (a campaign on it would be a DANE's deliberate choice, after publishing it).
    const versionId = await surveyVersionFor(tx, { academyId: input.academyId, actorId: input.actorId, sourceSurveyId: c.sourceSurveyId, schoolYearId: input.schoolYearId, title: c.report.title, definition: c.definition, answered: false });
    if (input.letterMapping) await saveMapping(tx, input.academyId, c.sourceSurveyId, input.letterMapping, input.actorId);
    const run = await tx.limeSurveyImport.create({
      data: {
        academyId: input.academyId, schoolYearId: input.schoolYearId, fileName: input.fileName, checksum: c.checksum, byteSize: input.bytes.byteLength,
        channel: input.channel, actorId: input.actorId, sourceSurveyId: c.sourceSurveyId, surveyVersionId: versionId, campaignId: null,
        report: { ...c.report, kind: "letter", proposal: c.proposal, letterProposal: c.letterProposal, fields: c.fields, letterSource: source } as unknown as Prisma.InputJsonValue,
        result: {} as Prisma.InputJsonValue,
      },
    });
    if (plan) await writeLetters(tx, plan, { importId: run.id, academyId: input.academyId, schoolYearId: input.schoolYearId, sid: c.sourceSurveyId, surveyVersionId: surveyVersionOfLetters!, actorId: input.actorId, closesAt });
    await tx.limeSurveyImport.update({ where: { id: run.id }, data: { result: letterImportResult(rows, plan?.result ?? null) as unknown as Prisma.InputJsonValue } });
    return run.id;
  }, { timeout: 600_000, maxWait: 60_000 });
  return importId;
}

function letterImportResult(rows: Row[], letters: LetterImportResult | null): ImportResult {
  const submitted = rows.filter((r) => r.submitdate).length;
  return { ...emptyResult(), responses: rows.length, submitted, drafts: rows.length - submitted, unlinked: letters?.unlinked ?? [], letters: letters ?? undefined };
}

/** Saves a confirmed letter mapping and writes the import's letters again through it (one transaction). */
export async function confirmLetterMapping(importId: string, entries: LetterMappingEntry[], actorId: string | null) {
  const run = await db.limeSurveyImport.findUnique({ where: { id: importId } });
  if (!run) throw new LimeSurveyImportError("Import inconnu.");
  const report = run.report as unknown as { fields: ResponseField[]; letterSource?: LetterSource };
  if (!report.letterSource) throw new LimeSurveyImportError("Cet import n'est pas un fichier de lettres de mission.");
  const academy = await db.academy.findUniqueOrThrow({ where: { id: run.academyId }, select: { code: true } });
  const versionId = await letterVersionFor(db, run.schoolYearId);
  if (!versionId) throw new LimeSurveyImportError("Aucun formulaire de lettre de mission n'est chargé sur la plateforme (surveys/lettre-de-mission).");
  const { rows, tokens, survey } = report.letterSource;
  const tokenMap = new Map(tokens.filter((t) => t.token).map((t) => [t.token, t]));
  const plan = await planLetters(rows, tokenMap, survey, report.fields, entries, { academyId: run.academyId, academyCode: academy.code, sid: run.sourceSurveyId });
  const { endsOn } = schoolYearBounds(run.schoolYearId);
  await db.$transaction(async (tx) => {
    await saveMapping(tx, run.academyId, run.sourceSurveyId, entries, actorId);
    await deleteImportedLetters(tx, importId);
    await writeLetters(tx, plan, { importId, academyId: run.academyId, schoolYearId: run.schoolYearId, sid: run.sourceSurveyId, surveyVersionId: versionId, actorId, closesAt: endsOn < new Date() ? endsOn : new Date() });
    await tx.limeSurveyImport.update({ where: { id: importId }, data: { result: letterImportResult(rows, plan.result) as unknown as Prisma.InputJsonValue } });
  }, { timeout: 300_000, maxWait: 60_000 });
}
