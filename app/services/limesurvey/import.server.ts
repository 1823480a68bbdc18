// Import of a LimeSurvey file into an académie (issue 15, ADR 015): the questionnaire becomes a SurveyVersion
// (key `limesurvey-<sid>`), the responses a closed historic campaign of the chosen school year, linked to the
// establishments (UAI) and persons (email), with facts through the confirmed indicator mapping. Everything is read
// and checked before the one transaction that writes: a broken file writes nothing. Same file again: nothing changes.
// A lettre de mission file (chosen or detected) becomes validated letters instead of a campaign: letters.server.ts.
import { createHash, randomUUID } from "node:crypto";
import type { Prisma } from "../../generated/prisma/client.ts";
import { db, releaseQueryHistory } from "../../db/db.server.ts";
import { convertStructure, type ConversionReport } from "../../domain/limesurvey/convert.ts";
import type { ResponseField } from "../../domain/limesurvey/fields.ts";
import { findEmail, findUai } from "../../domain/limesurvey/linking.ts";
import { factsOf, proposeMapping, type MappingEntry, type MappingProposal } from "../../domain/limesurvey/mapping.ts";
import { arraySource, indexFields, lsrSource, type FieldIndex, mapResponse, parseLsDate, readLsr, readResponseCsv, unmatchedColumns, type ResponseSource } from "../../domain/limesurvey/responses.ts";
import { readArchive, readStructure, sourceKind } from "../../domain/limesurvey/source.ts";
import type { Row } from "../../domain/limesurvey/xml.ts";
import { schoolYearBounds } from "../../domain/school-year.ts";
import { definitionChecksum } from "../../surveys/checksum.server.ts";
import { definitionProblems } from "../../surveys/model.ts";
import { checkExpression } from "./expressions.server.ts";
import { emptyResult, LimeSurveyImportError, saveMapping, surveyVersionFor } from "./writes.server.ts";
import { detectFileKind, proposeLetterMapping, sameLetterMapping, type FileKind, type LetterMappingEntry, type LetterMappingProposal } from "../../domain/limesurvey/letters.ts";
import { confirmLetterMapping, importLetterFile, type LetterImportResult } from "./letters.server.ts";

export { LimeSurveyImportError } from "./writes.server.ts";
export { confirmLetterMapping } from "./letters.server.ts";

type Tx = Prisma.TransactionClient;
const decoder = new TextDecoder("utf-8");

export type LimeSurveyImportInput = {
  fileName: string;
  bytes: Uint8Array;
  academyId: string;
  schoolYearId: string;
  actorId: string | null;
  channel: "cli" | "upload";
  /** The structure (.lss, .txt…) of a response file (.lsr, CSV) given alone. */
  structure?: { fileName: string; bytes: Uint8Array };
  /** A confirmed mapping; without it, the académie's saved mapping of this LimeSurvey survey, if any. */
  mapping?: MappingEntry[];
  /** What the file is; without it, detected from the questionnaire (title, IMP amounts next to referents). */
  kind?: FileKind;
  /** A confirmed letter mapping; without it, the académie's saved one of this LimeSurvey survey, if any. */
  letterMapping?: LetterMappingEntry[];
  onProgress?: (done: number, total: number) => void;
  /**
   * The input already read by `parseInput` (the CLI reads it first, to stop before the database starts): not parsed
   * a second time (its responses are a source read again on each pass, never held as row objects).
   */
  parsed?: Parsed;
};
export type Unlinked = { id: string; reason: string };
export type ImportResult = {
  responses: number;
  submitted: number;
  drafts: number;
  linkedPersons: number;
  unlinked: Unlinked[];
  unmatchedColumns: string[];
  ignoredValues: number;
  facts: number;
  unreadableValues: string[];
  mappingApplied: MappingEntry[] | null;
  /** A lettre de mission file: the letters written and what could not be mapped. */
  letters?: LetterImportResult;
};
export type LimeSurveyImportSummary = {
  /** "mapping-confirmed": a letter file already imported, whose letters were written again through a new mapping. */
  status: "imported" | "structure-only" | "unchanged" | "mapping-confirmed";
  kind: FileKind;
  letterProposal: LetterMappingProposal[];
  importId: string;
  surveyVersionId: string;
  campaignId: string | null;
  report: ConversionReport;
  proposal: MappingProposal[];
  result: ImportResult;
};



function sha256(...parts: Uint8Array[]) {
  const hash = createHash("sha256");
  for (const p of parts) hash.update(p);
  return hash.digest("hex");
}

export type Parsed = { structureName: string; survey: ReturnType<typeof readStructure>; responses: ResponseSource | null; tokens: Map<string, Row> };

/** Reads every part of the input; throws LimeSurveyFormatError (French, located) on any broken part. */
export function parseInput(input: Pick<LimeSurveyImportInput, "fileName" | "bytes" | "structure">): Parsed {
  const kind = sourceKind(input.fileName, input.bytes);
  const tokens = new Map<string, Row>();
  if (kind === "lsa") {
    const members = readArchive(input.fileName, input.bytes);
    const survey = readStructure(members.structure!.name, new TextEncoder().encode(members.structure!.text));
    // Row by row, on each pass: the .lsr is never held as one XML tree nor as row objects (ADR 015, bench/limesurvey.ts).
    const responses = members.responses ? lsrSource(members.responses.text, `${input.fileName} › ${members.responses.name}`) : null;
    if (members.tokens) for (const t of readLsr(members.tokens.text, `${input.fileName} › ${members.tokens.name}`).rows) if (t.token) tokens.set(t.token, t);
    return { structureName: members.structure!.name, survey, responses, tokens };
  }
  if (kind === "lsr" || kind === "csv") {
    if (!input.structure) throw new LimeSurveyImportError(`${input.fileName} : un fichier de réponses seul ne suffit pas, joignez la structure du questionnaire (.lss ou .txt).`);
    const survey = readStructure(input.structure.fileName, input.structure.bytes);
    const text = decoder.decode(input.bytes);
    if (kind === "lsr") {
      const responses = lsrSource(text, input.fileName);
      return { structureName: input.structure.fileName, survey, responses, tokens };
    }
    const csv = readResponseCsv(text, input.fileName);
    return { structureName: input.structure.fileName, survey, responses: arraySource(csv.rows, csv.header), tokens };
  }
  return { structureName: input.fileName, survey: readStructure(input.fileName, input.bytes), responses: null, tokens };
}

export async function importLimeSurvey(input: LimeSurveyImportInput): Promise<LimeSurveyImportSummary> {
  const checksum = sha256(input.bytes, input.structure?.bytes ?? new Uint8Array());
  const existing = await db.limeSurveyImport.findUnique({ where: { academyId_checksum: { academyId: input.academyId, checksum } } });
  if (existing) {
    const done = existing.result as unknown as ImportResult;
    if (input.letterMapping && (existing.report as { kind?: string }).kind === "letter" && !sameLetterMapping(input.letterMapping, done.letters?.mappingApplied)) {
      await confirmLetterMapping(existing.id, input.letterMapping, input.actorId);
      return { ...(await summaryOf(existing.id)), status: "mapping-confirmed" };
    }
    if (input.mapping && JSON.stringify(input.mapping) !== JSON.stringify((existing.result as unknown as ImportResult).mappingApplied)) {
      await confirmMapping(existing.id, input.mapping, input.actorId);
      return { ...(await summaryOf(existing.id)), status: "unchanged" };
    }
    return { ...(await summaryOf(existing.id)), status: "unchanged" };
  }
  const academy = await db.academy.findUnique({ where: { id: input.academyId }, select: { id: true, code: true } });
  if (!academy) throw new LimeSurveyImportError("Académie inconnue.");
  if (!/^\d{4}-\d{4}$/.test(input.schoolYearId) || Number(input.schoolYearId.slice(5)) !== Number(input.schoolYearId.slice(0, 4)) + 1) {
    throw new LimeSurveyImportError(`Année scolaire invalide : « ${input.schoolYearId} » (attendu : 2023-2024).`);
  }

  const parsed = input.parsed ?? parseInput(input);
  const { definition, report, fields } = convertStructure(parsed.survey, { checkExpression, fallbackTitle: parsed.structureName.replace(/\.[a-z]+$/i, "") });
  const problems = definitionProblems(definition);
  if (problems.length) throw new LimeSurveyImportError(`${input.fileName} : rien n'a pu être converti — ${problems.join(" ; ")}`);
  const sourceSurveyId = parsed.survey.sid || definitionChecksum(definition).slice(0, 12);
  const proposal = proposeMapping(parsed.survey, fields);
  const saved = await db.limeSurveyMapping.findUnique({ where: { academyId_sourceSurveyId: { academyId: input.academyId, sourceSurveyId } } });
  const savedEntries = saved ? (saved.entries as unknown as Record<string, unknown>[]) : [];
  const savedIsLetter = savedEntries.some((e) => e && "field" in e);
  const mapping = input.mapping ?? (saved && !savedIsLetter ? (saved.entries as unknown as MappingEntry[]) : null);
  const kind: FileKind = input.kind ?? (input.letterMapping ? "letter" : input.mapping ? "bilan" : detectFileKind(parsed.survey, fields));
  const letterProposal = proposeLetterMapping(parsed.survey, fields);

  if (kind === "letter" && parsed.responses) {
    const importId = await importLetterFile(input, parsed, { academy, checksum, sourceSurveyId, report, proposal, letterProposal, fields, definition, saved: savedIsLetter ? (savedEntries as unknown as LetterMappingEntry[]) : null });
    return { ...(await summaryOf(importId)), status: "imported" };
  }
  const index = indexFields(fields);
  const plan = parsed.responses ? await planResponses(parsed, input, academy.code, sourceSurveyId, mapping, index) : null;
  const { startsOn, endsOn } = schoolYearBounds(input.schoolYearId);
  const now = new Date();
  const closesAt = endsOn < now ? endsOn : new Date(now.getTime() - 1000);

  const importId = await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`limesurvey:${input.academyId}:${checksum}`}))`;
    await tx.schoolYear.upsert({ where: { id: input.schoolYearId }, update: {}, create: { id: input.schoolYearId, startsOn, endsOn } });
    const versionId = await surveyVersionFor(tx, { academyId: input.academyId, actorId: input.actorId, sourceSurveyId, schoolYearId: input.schoolYearId, title: report.title, definition, answered: plan !== null });
    let campaignId: string | null = null;
    if (plan) {
      const campaign = await tx.campaign.create({
        data: { title: `${report.title} — historique LimeSurvey ${input.schoolYearId}`, academyId: input.academyId, schoolYearId: input.schoolYearId, surveyVersionId: versionId, opensAt: startsOn, closesAt, createdById: input.actorId },
      });
      campaignId = campaign.id;
      await writeResponses(tx, parsed, plan, index, mapping, { campaignId: campaign.id, surveyVersionId: versionId, closesAt }, input.onProgress);
    }
    if (input.mapping) await saveMapping(tx, input.academyId, sourceSurveyId, input.mapping, input.actorId);
    const result: ImportResult = plan?.result ?? emptyResult();
    const row = await tx.limeSurveyImport.create({
      data: {
        academyId: input.academyId, schoolYearId: input.schoolYearId, fileName: input.fileName, checksum, byteSize: input.bytes.byteLength,
        channel: input.channel, actorId: input.actorId, sourceSurveyId, surveyVersionId: versionId, campaignId,
        report: { ...report, kind, proposal, letterProposal, fields } as unknown as Prisma.InputJsonValue, result: result as unknown as Prisma.InputJsonValue,
      },
    });
    return row.id;
  }, { timeout: 600_000, maxWait: 60_000 });
  return { ...(await summaryOf(importId)), status: plan ? "imported" : "structure-only" };
}

/** A response to write: decided in the first pass (linking, one per person and establishment), written in the second. */
type Kept = { sourceId: string; establishmentId: string; respondentKey: string; submitted: boolean; submittedAt: Date | null };
type Plan = { kept: Map<number, Kept>; placeholders: { key: string; email: string; label: string }[]; result: ImportResult };

/**
 * First pass over the rows: each is linked to its establishment and person, and the responses to write are chosen.
 * Only these small decisions are kept (the answers are read again while writing): the bench's RSS budget, ADR 015.
 */
async function planResponses(parsed: Parsed, input: LimeSurveyImportInput, academyCode: string, sid: string, mapping: MappingEntry[] | null, index: FieldIndex): Promise<Plan> {
  const source = parsed.responses!;
  const establishments = new Map((await db.establishment.findMany({ where: { academyId: input.academyId }, select: { id: true, uai: true } })).map((e) => [e.uai, e.id]));
  const emails = new Set<string>();
  const links: { sourceId: string; uai: ReturnType<typeof findUai>; email: string | null; submitted: boolean; submittedAt: Date | null }[] = [];
  for (const row of source.rows()) {
    const token = row.token ? parsed.tokens.get(row.token) : undefined;
    const email = findEmail(row, token);
    if (email) emails.add(email);
    const submitted = Boolean(row.submitdate);
    links.push({ sourceId: row.id || String(links.length + 1), uai: findUai(row, token), email, submitted, submittedAt: submitted ? parseLsDate(row.submitdate) : null });
  }
  const users = new Map((await db.$queryRaw<{ id: string; email: string }[]>`SELECT id, lower(email) AS email FROM "User" WHERE lower(email) = ANY(${[...emails]}::text[])`).map((u) => [u.email, u.id]));
  const result = emptyResult();
  result.unmatchedColumns = unmatchedColumns(source.columns, index);
  result.mappingApplied = mapping;
  const byKey = new Map<string, { index: number; kept: Kept }>();
  const placeholders: Plan["placeholders"] = [];
  links.forEach((link, i) => {
    const { sourceId } = link;
    result.responses++;
    if (!link.uai.ok) return result.unlinked.push({ id: sourceId, reason: link.uai.reason });
    const establishmentId = establishments.get(link.uai.uai);
    if (!establishmentId) return result.unlinked.push({ id: sourceId, reason: `UAI ${link.uai.uai} (${link.uai.source}) : aucun établissement de ce code dans l'académie` });
    let respondentKey = link.email && users.has(link.email) ? `user:${users.get(link.email)}` : "";
    if (!respondentKey) {
      respondentKey = `placeholder:${sourceId}`;
      placeholders.push({ key: respondentKey, email: `limesurvey-${academyCode}-${sid}-${sourceId}@historique.invalid`.toLowerCase(), label: sourceId });
    }
    const planned: Kept = { sourceId, establishmentId, respondentKey, submitted: link.submitted, submittedAt: link.submittedAt };
    const unique = `${establishmentId}|${respondentKey}`;
    const previous = byKey.get(unique)?.kept;
    if (previous) {
      // One response per person and establishment in a campaign: the most recent submitted one is kept.
      const keepNew = (planned.submitted && !previous.submitted) || (planned.submitted === previous.submitted && (planned.submittedAt?.getTime() ?? 0) >= (previous.submittedAt?.getTime() ?? 0));
      const dropped = keepNew ? previous : planned;
      result.unlinked.push({ id: dropped.sourceId, reason: `autre réponse de la même personne pour le même établissement (réponse ${keepNew ? planned.sourceId : previous.sourceId} retenue)` });
      if (keepNew) byKey.set(unique, { index: i, kept: planned });
      return;
    }
    byKey.set(unique, { index: i, kept: planned });
  });
  const kept = new Map([...byKey.values()].map((k) => [k.index, k.kept]));
  for (const k of kept.values()) {
    if (k.submitted) result.submitted++;
    else result.drafts++;
    if (k.respondentKey.startsWith("user:")) result.linkedPersons++;
  }
  return { kept, placeholders, result };
}

/**
 * Bulk SQL (INSERT … SELECT FROM unnest), WRITE_CHUNK responses per statement: Prisma's createMany costs ~0.3 ms a row
 * (STACK.md). 500 rather than more: each statement's parameters are copied several times on their way to the
 * driver, and larger statements cost memory (bench:limesurvey) without saving time.
 */
const WRITE_CHUNK = Number(process.env.LIMESURVEY_WRITE_CHUNK ?? 500);

/** Second pass over the rows, in the import's transaction: the answers of the kept responses and their facts. */
async function writeResponses(tx: Tx, parsed: Parsed, plan: Plan, index: FieldIndex, mapping: MappingEntry[] | null, target: { campaignId: string; surveyVersionId: string; closesAt: Date }, onProgress?: (done: number, total: number) => void) {
  const { campaignId, surveyVersionId, closesAt } = target;
  const placeholderIds = new Map<string, string>();
  for (let i = 0; i < plan.placeholders.length; i += 5000) {
    const part = plan.placeholders.slice(i, i + 5000);
    await tx.$executeRaw`
      INSERT INTO "User" (id, email, "firstName", "lastName")
      SELECT gen_random_uuid()::text, e, 'Répondant', 'LimeSurvey n° ' || l FROM unnest(${part.map((p) => p.email)}::text[], ${part.map((p) => p.label)}::text[]) AS t(e, l)
      ON CONFLICT (email) DO NOTHING`;
    const rows = await tx.$queryRaw<{ id: string; email: string }[]>`SELECT id, email FROM "User" WHERE email = ANY(${part.map((p) => p.email)}::text[])`;
    const byEmail = new Map(rows.map((r) => [r.email, r.id]));
    for (const p of part) placeholderIds.set(p.key, byEmail.get(p.email)!);
  }
  const respondent = (key: string) => (key.startsWith("user:") ? key.slice(5) : placeholderIds.get(key)!);
  const { result } = plan;
  type Chunk = { ids: string[]; establishments: string[]; respondents: string[]; statuses: string[]; answers: string[]; submittedAt: (string | null)[]; facts: FactRow[] };
  const empty = (): Chunk => ({ ids: [], establishments: [], respondents: [], statuses: [], answers: [], submittedAt: [], facts: [] });
  let chunk = empty();
  const flush = async () => {
    if (!chunk.ids.length) return;
    const c = chunk;
    chunk = empty();
    await tx.$executeRaw`
      INSERT INTO "SurveyResponse" (id, "campaignId", "surveyVersionId", "establishmentId", "respondentId", status, data, "submittedAt", "updatedAt")
      SELECT id, ${campaignId}, ${surveyVersionId}, est, who, st::"ResponseStatus", d::jsonb, sub::timestamptz AT TIME ZONE 'UTC', now()
      FROM unnest(${c.ids}::text[], ${c.establishments}::text[], ${c.respondents}::text[], ${c.statuses}::text[], ${c.answers}::text[], ${c.submittedAt}::text[]) AS t(id, est, who, st, d, sub)`;
    releaseQueryHistory();
    await insertFacts(tx, c.facts);
  };
  let i = 0;
  for (const row of parsed.responses!.rows()) {
    const k = plan.kept.get(i++);
    onProgress?.(i, parsed.responses!.count);
    if (!k) continue;
    const { data, ignored } = mapResponse(row, index);
    result.ignoredValues += ignored.length;
    const mapped = k.submitted && mapping ? factsOf(data, mapping, index) : { facts: [], unreadable: [] };
    for (const u of mapped.unreadable) result.unreadableValues.push(`réponse ${k.sourceId} — ${u}`);
    const id = randomUUID();
    chunk.ids.push(id);
    chunk.establishments.push(k.establishmentId);
    chunk.respondents.push(respondent(k.respondentKey));
    chunk.statuses.push(k.submitted ? "SUBMITTED" : "DRAFT");
    chunk.answers.push(JSON.stringify(data));
    chunk.submittedAt.push(k.submitted ? (k.submittedAt ?? closesAt).toISOString() : null);
    for (const f of mapped.facts) chunk.facts.push({ ...f, responseId: id, campaignId, establishmentId: k.establishmentId });
    result.facts += mapped.facts.length;
    if (chunk.ids.length >= WRITE_CHUNK) await flush();
  }
  await flush();
}

type FactRow = { responseId: string; campaignId: string; establishmentId: string; indicator: string; question: string; numericValue: number | null; textValue: string | null };

async function insertFacts(tx: Tx, facts: FactRow[]) {
  for (let i = 0; i < facts.length; i += 10000) {
    const part = facts.slice(i, i + 10000);
    if (!part.length) continue;
    const col = <K extends keyof FactRow>(k: K) => part.map((f) => f[k]);
    await tx.$executeRaw`
      INSERT INTO "ResponseFact" (id, "responseId", "campaignId", "establishmentId", indicator, question, "numericValue", "textValue")
      SELECT gen_random_uuid()::text, * FROM unnest(${col("responseId")}::text[], ${col("campaignId")}::text[], ${col("establishmentId")}::text[],
        ${col("indicator")}::text[], ${col("question")}::text[], ${col("numericValue")}::float8[], ${col("textValue")}::text[])`;
    releaseQueryHistory();
  }
}

/** Saves a confirmed mapping and recomputes the facts of the import's submitted responses (the workload follows). */
export async function confirmMapping(importId: string, entries: MappingEntry[], actorId: string | null) {
  const run = await db.limeSurveyImport.findUnique({ where: { id: importId } });
  if (!run) throw new LimeSurveyImportError("Import inconnu.");
  const index = indexFields((run.report as unknown as { fields: ResponseField[] }).fields);
  await db.$transaction(async (tx) => {
    await saveMapping(tx, run.academyId, run.sourceSurveyId, entries, actorId);
    let facts = 0;
    if (run.campaignId) {
      await tx.responseFact.deleteMany({ where: { campaignId: run.campaignId } });
      const responses = await tx.surveyResponse.findMany({ where: { campaignId: run.campaignId, status: "SUBMITTED" }, select: { id: true, establishmentId: true, data: true } });
      const rows = responses.flatMap((r) => factsOf(r.data as Record<string, unknown>, entries, index).facts.map((f) => ({ ...f, responseId: r.id, campaignId: run.campaignId!, establishmentId: r.establishmentId })));
      await insertFacts(tx, rows);
      facts = rows.length;
    }
    const result = { ...(run.result as unknown as ImportResult), facts, mappingApplied: entries };
    await tx.limeSurveyImport.update({ where: { id: importId }, data: { result: result as unknown as Prisma.InputJsonValue } });
  }, { timeout: 300_000, maxWait: 60_000 });
}

export async function summaryOf(importId: string): Promise<Omit<LimeSurveyImportSummary, "status">> {
  const run = await db.limeSurveyImport.findUniqueOrThrow({ where: { id: importId } });
  const report = run.report as unknown as ConversionReport & { kind?: FileKind; proposal: MappingProposal[]; letterProposal?: LetterMappingProposal[]; fields?: unknown; letterSource?: unknown };
  const { kind, proposal, letterProposal, fields: _fields, letterSource: _source, ...rest } = report;
  return { importId: run.id, kind: kind ?? "bilan", letterProposal: letterProposal ?? [], surveyVersionId: run.surveyVersionId, campaignId: run.campaignId, report: rest, proposal, result: run.result as unknown as ImportResult };
}
