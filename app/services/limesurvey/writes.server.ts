// What the LimeSurvey imports of bilans and of lettres de mission write alike: the questionnaire version, the confirmed
// mapping, the error that stops an import before anything is written.
import type { Prisma } from "../../generated/prisma/client.ts";
import type { MappingEntry } from "../../domain/limesurvey/mapping.ts";
import type { LetterMappingEntry } from "../../domain/limesurvey/letters.ts";
import { definitionChecksum } from "../../surveys/checksum.server.ts";
import type { ImportResult } from "./import.server.ts";

type Tx = Prisma.TransactionClient;

export class LimeSurveyImportError extends Error {}

export function emptyResult(): ImportResult {
  return { responses: 0, submitted: 0, drafts: 0, linkedPersons: 0, unlinked: [], unmatchedColumns: [], ignoredValues: 0, facts: 0, unreadableValues: [], mappingApplied: null };
}

export async function surveyVersionFor(tx: Tx, key: string, schoolYearId: string, title: string, definition: object) {
  const checksum = definitionChecksum(definition);
  const same = await tx.surveyVersion.findFirst({ where: { key, schoolYearId, checksum, academyId: null }, select: { id: true } });
  if (same) return same.id;
  const latest = await tx.surveyVersion.findFirst({ where: { key, schoolYearId }, orderBy: { version: "desc" }, select: { version: true } });
  const created = await tx.surveyVersion.create({
    data: { key, schoolYearId, version: (latest?.version ?? 0) + 1, checksum, title, definition: definition as Prisma.InputJsonValue },
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
