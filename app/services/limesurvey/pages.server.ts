// The DANE's LimeSurvey pages (/imports/limesurvey): upload, report, mapping confirmation, scoped to the actor's
// académies (an administrator sees them all). Another académie's import id gets a 404.
import { db } from "../../db/db.server.ts";
import type { Actor } from "../../domain/permissions.ts";
import { MAPPABLE_INDICATORS, parseMapping, UNITS, type MappingEntry } from "../../domain/limesurvey/mapping.ts";
import { confirmLetterMapping, confirmMapping, importLimeSurvey, summaryOf, type LimeSurveyImportSummary } from "./import.server.ts";
import { LETTER_FIELDS, MAX_REFERENTS, parseLetterMapping, unmappedLetterColumns, type FileKind, type LetterMappingEntry } from "../../domain/limesurvey/letters.ts";
import { MATRIX_ROWS } from "../../domain/imp/missions.ts";
import type { ResponseField } from "../../domain/limesurvey/fields.ts";
import type { LsSurvey } from "../../domain/limesurvey/structure.ts";

export class LimeSurveyPageError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export const MAX_LIMESURVEY_BYTES = 100 * 1024 * 1024;

function isAdmin(actor: Actor) {
  return actor.roles.some((r) => r.role === "ADMIN");
}

/** The académies the actor imports into. */
export async function limeSurveyAcademies(actor: Actor) {
  const where = isAdmin(actor) ? {} : { id: { in: actor.roles.filter((r) => r.role === "DANE").map((r) => r.academyId) } };
  return db.academy.findMany({ where, select: { id: true, name: true }, orderBy: { name: "asc" } });
}

export async function recentLimeSurveyImports(actor: Actor) {
  const academies = await limeSurveyAcademies(actor);
  return db.limeSurveyImport.findMany({
    where: { academyId: { in: academies.map((a) => a.id) } },
    orderBy: { createdAt: "desc" },
    take: 20,
    select: { id: true, fileName: true, schoolYearId: true, createdAt: true, campaignId: true, result: true },
  });
}

export type Upload = { academyId: string; schoolYearId: string; kind?: FileKind; file: { name: string; bytes: Uint8Array }; structure?: { name: string; bytes: Uint8Array } };

export async function uploadLimeSurvey(actor: Actor, upload: Upload): Promise<LimeSurveyImportSummary> {
  const academies = await limeSurveyAcademies(actor);
  if (!academies.some((a) => a.id === upload.academyId)) throw new LimeSurveyPageError(404, "Cette académie n'existe pas ou vous ne la gérez pas.");
  return importLimeSurvey({
    fileName: upload.file.name, bytes: upload.file.bytes, academyId: upload.academyId, schoolYearId: upload.schoolYearId,
    actorId: actor.userId, channel: "upload", kind: upload.kind, structure: upload.structure ? { fileName: upload.structure.name, bytes: upload.structure.bytes } : undefined,
  });
}

async function scopedImport(actor: Actor, id: string) {
  const academies = await limeSurveyAcademies(actor);
  const run = await db.limeSurveyImport.findFirst({ where: { id, academyId: { in: academies.map((a) => a.id) } }, select: { id: true, academyId: true, schoolYearId: true, fileName: true, createdAt: true } });
  if (!run) throw new LimeSurveyPageError(404, "Import introuvable.");
  return { run, academy: academies.find((a) => a.id === run.academyId)! };
}

export async function getLimeSurveyImport(actor: Actor, id: string) {
  const { run, academy } = await scopedImport(actor, id);
  const summary = await summaryOf(id);
  return {
    ...run, academyName: academy.name, ...summary,
    letterColumns: summary.kind === "letter" ? await letterColumns(id, summary.result.letters?.mappingApplied ?? summary.letterProposal) : [],
    letterFields: Object.entries(LETTER_FIELDS).map(([value, f]) => ({ value, label: f.label })),
    missions: MATRIX_ROWS.map((m) => ({ value: m.key, label: m.fullLabel })),
    maxReferents: MAX_REFERENTS,
    indicators: MAPPABLE_INDICATORS.map((i) => ({ value: i.indicator, label: i.label })),
    units: Object.entries(UNITS).map(([value, u]) => ({ value, label: u.label })),
  };
}

/** Form fields `column_<n>`, `indicator_<n>` ("" = not used), `unit_<n>`. */
export async function confirmLimeSurveyMapping(actor: Actor, id: string, form: FormData) {
  await scopedImport(actor, id);
  const entries: unknown[] = [];
  for (const [key, value] of form.entries()) {
    const n = /^column_(\d+)$/.exec(key)?.[1];
    if (!n || !form.get(`indicator_${n}`)) continue;
    entries.push({ column: String(value), indicator: form.get(`indicator_${n}`), unit: form.get(`unit_${n}`) });
  }
  const parsed = parseMapping(entries);
  if (!parsed.ok) throw new LimeSurveyPageError(422, `Correspondance invalide : ${parsed.errors.join(" ; ")}`);
  const indicators = parsed.entries.map((e) => e.indicator);
  if (new Set(indicators).size !== indicators.length) throw new LimeSurveyPageError(422, "Correspondance invalide : un indicateur est choisi pour deux colonnes.");
  await confirmMapping(id, parsed.entries as MappingEntry[], actor.userId);
}

/** The rows of the letter mapping form: the applied (or proposed) entries, then every other column, unused. */
async function letterColumns(id: string, entries: LetterMappingEntry[]) {
  const run = await db.limeSurveyImport.findUniqueOrThrow({ where: { id }, select: { report: true } });
  const report = run.report as unknown as { fields: ResponseField[]; letterSource?: { survey: LsSurvey } };
  // A questionnaire alone has no responses to write letters from: no mapping form.
  if (!report.letterSource) return [];
  const others = unmappedLetterColumns(report.letterSource.survey, report.fields, entries);
  return [
    ...entries.map(({ column, field, referent, mission }) => ({ column, field: field as string, referent: referent ?? null, mission: mission ?? null })),
    ...others.map((column) => ({ column, field: "", referent: null, mission: null })),
  ];
}

/** Form fields `column_<n>`, `field_<n>` ("" = not used), `referent_<n>`, `mission_<n>`: the letters are written again. */
export async function confirmLimeSurveyLetterMapping(actor: Actor, id: string, form: FormData) {
  await scopedImport(actor, id);
  const entries: unknown[] = [];
  for (const [key, value] of form.entries()) {
    const n = /^column_(\d+)$/.exec(key)?.[1];
    const field = n ? String(form.get(`field_${n}`) ?? "") : "";
    if (!n || !field) continue;
    const referent = String(form.get(`referent_${n}`) ?? "");
    const mission = String(form.get(`mission_${n}`) ?? "");
    const perReferent = Object.hasOwn(LETTER_FIELDS, field) && LETTER_FIELDS[field as keyof typeof LETTER_FIELDS].perReferent;
    entries.push({
      column: String(value), field,
      ...(referent && (perReferent || field === "mission") ? { referent: /^\d+$/.test(referent) ? Number(referent) : referent } : {}),
      ...(field === "mission" ? { mission } : {}),
    });
  }
  const parsed = parseLetterMapping(entries);
  if (!parsed.ok) throw new LimeSurveyPageError(422, `Correspondance invalide : ${parsed.errors.join(" ; ")}`);
  const keys = parsed.entries.filter((e) => e.field !== "mission").map((e) => `${e.field}:${e.referent ?? ""}`);
  if (new Set(keys).size !== keys.length) throw new LimeSurveyPageError(422, "Correspondance invalide : un même champ (pour un même référent) est choisi pour deux colonnes.");
  await confirmLetterMapping(id, parsed.entries, actor.userId);
}
