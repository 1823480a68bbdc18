// Lettres de mission from a LimeSurvey file (issue 15, ADR 015): each submitted response, linked to its establishment
// by UAI, becomes a VALIDATED historic letter of the chosen school year, written through the platform's own
// `recompute` (frozen envelope and totals, ImpAttribution rows), so the IMP dashboards cover those years. An
// establishment that already has a letter that year is left alone and reported; nothing is dropped silently.
import type { Prisma } from "../../generated/prisma/client.ts";
import { db } from "../../db/db.server.ts";
import type { ResponseField } from "../../domain/limesurvey/fields.ts";
import { buildLetterAnswers, labelledValue, unmappedLetterColumns, type LetterMappingEntry } from "../../domain/limesurvey/letters.ts";
import { findUai } from "../../domain/limesurvey/linking.ts";
import { indexFields, mapResponse, parseLsDate } from "../../domain/limesurvey/responses.ts";
import type { LsSurvey } from "../../domain/limesurvey/structure.ts";
import type { Row } from "../../domain/limesurvey/xml.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../../domain/labels.ts";
import { recompute } from "../mission-letters.server.ts";

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
export async function writeLetters(tx: Tx, plan: LetterPlan, ctx: { importId: string; schoolYearId: string; sid: string; surveyVersionId: string; actorId: string | null; closesAt: Date }) {
  const result = plan.result;
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
