// What the LimeSurvey imports of bilans and of lettres de mission write alike: the questionnaire version, the confirmed
// mapping, the error that stops an import before anything is written.
import type { Prisma } from "../../generated/prisma/client.ts";
import type { MappingEntry } from "../../domain/limesurvey/mapping.ts";
import type { LetterMappingEntry } from "../../domain/limesurvey/letters.ts";
import { definitionChecksum } from "../../surveys/checksum.server.ts";
import { lastNumber } from "../../surveys/registry.server.ts";
import type { ImportResult } from "./import.server.ts";

type Tx = Prisma.TransactionClient;

export class LimeSurveyImportError extends Error {}

export function emptyResult(): ImportResult {
  return { responses: 0, submitted: 0, drafts: 0, linkedPersons: 0, unlinked: [], unmatchedColumns: [], ignoredValues: 0, facts: 0, unreadableValues: [], mappingApplied: null };
}

/**
 * The académie's version of an imported LimeSurvey questionnaire (ADR 015), keyed `limesurvey-<sid>`: the same
 * definition imported again by the same académie reuses its version. It belongs to the importing académie — never a
 * national model — so it is listed and opened in that académie's questionnaire editor only. It is a draft the DANE may
 * edit and publish, unless answers are attached to it (`answered`: a bilan file's campaign), which publishes it.
 */
export async function surveyVersionFor(tx: Tx, v: { academyId: string; actorId: string | null; sourceSurveyId: string; schoolYearId: string; title: string; definition: object; answered: boolean }) {
  const key = `limesurvey-${v.sourceSurveyId.toLowerCase().replace(/[^a-z0-9]+/g, "-")}`;
  const checksum = definitionChecksum(v.definition);
  // Only a version an import created (not a draft the DANE started from one, which may still hold the same text).
  const same = await tx.surveyVersion.findFirst({
    where: { key, schoolYearId: v.schoolYearId, checksum, academyId: v.academyId, derivedFromId: null },
    orderBy: [{ status: "desc" }, { version: "desc" }],
    select: { id: true, status: true },
  });
  if (same) {
    if (v.answered && same.status === "DRAFT") await tx.surveyVersion.update({ where: { id: same.id }, data: { status: "PUBLISHED", publishedAt: new Date(), revision: { increment: 1 } } });
    return same.id;
  }
  // One numbering per key and year, across académies (the unique key of SurveyVersion): serialised like the editor's.
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`survey:${key}:${v.schoolYearId}`}))`;
  const created = await tx.surveyVersion.create({
    data: {
      key, schoolYearId: v.schoolYearId, version: (await lastNumber(tx, key, v.schoolYearId)) + 1, checksum, title: v.title,
      definition: v.definition as Prisma.InputJsonValue, academyId: v.academyId, createdById: v.actorId,
      status: v.answered ? "PUBLISHED" : "DRAFT", publishedAt: v.answered ? new Date() : null,
    },
  });
  return created.id;
}

export async function saveMapping(tx: Tx, academyId: string, sourceSurveyId: string, entries: MappingEntry[] | LetterMappingEntry[], actorId: string | null) {
  const json = entries as unknown as Prisma.InputJsonValue;
  await tx.limeSurveyMapping.upsert({
    where: { academyId_sourceSurveyId: { academyId, sourceSurveyId } },
    update: { entries: json, confirmedById: actorId },
    create: { academyId, sourceSurveyId, entries: json, confirmedById: actorId },
  });
}
