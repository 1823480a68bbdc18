// Editing an académie's questionnaire (issue 14, ADR 019): autosave of a draft with its revision (409 when someone
// saved meanwhile), publication (frozen from then on), and "Modifier" on a published or answered version, which
// starts a new draft instead of changing it. Every refusal is French, per question, with nothing written.
import type { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import type { Actor } from "../domain/permissions.ts";
import { definitionChecksum } from "../surveys/checksum.server.ts";
import { lastNumber } from "../surveys/registry.server.ts";
import { definitionIssues } from "../surveys/model.ts";
import { lockViolations, textOf, type Definition } from "../surveys/definition-walk.ts";
import { DEFINITION_LIMITS, questionnaireIssues } from "../surveys/questionnaire-checks.ts";
import { audit } from "./audit.server.ts";
import { locksOf, managedAcademyFilter, QUESTIONNAIRE_NOT_FOUND, QuestionnaireError } from "./questionnaires.server.ts";

export const STALE_MESSAGE =
  "Ce questionnaire a été modifié entre-temps (dans un autre onglet ou par une autre personne) : rechargez la page pour repartir de la dernière version enregistrée.";
export const FROZEN_MESSAGE =
  "Cette version est publiée : elle ne change plus. Utilisez « Modifier » pour en créer un nouveau brouillon.";

type Tx = Prisma.TransactionClient;

async function lockedVersion(tx: Tx, actor: Actor, id: string) {
  const version = await tx.surveyVersion.findFirst({
    where: { AND: [{ id }, managedAcademyFilter(actor)] },
    select: { id: true, status: true, revision: true, nationalModelId: true, definition: true, key: true, schoolYearId: true, academyId: true, _count: { select: { responses: true } } },
  });
  if (!version) throw new QuestionnaireError(404, QUESTIONNAIRE_NOT_FOUND);
  // One writer at a time on this row: the revision check below cannot race.
  await tx.$queryRaw`SELECT id FROM "SurveyVersion" WHERE id = ${id} FOR UPDATE`;
  return version;
}

/**
 * Autosave of a draft. Refused (nothing written): a stale revision (409), a published or answered version (409),
 * what `surveys:check` refuses and a locked question deleted or changed (422, per question). Saved with their
 * messages: what the draft still misses (empty choices, a condition on an unknown question…), which block publishing.
 */
export async function saveQuestionnaire(actor: Actor, id: string, input: { revision: number; definition: unknown }, ip: string | null = null) {
  if (Buffer.byteLength(JSON.stringify(input.definition ?? null), "utf8") > DEFINITION_LIMITS.bytes) {
    throw new QuestionnaireError(413, `Le questionnaire dépasse ${DEFINITION_LIMITS.bytes / 1024} Ko.`);
  }
  return db.$transaction(async (tx) => {
    const version = await lockedVersion(tx, actor, id);
    if (version.status !== "DRAFT" || version._count.responses > 0) throw new QuestionnaireError(409, FROZEN_MESSAGE);
    if (version.revision !== input.revision) throw new QuestionnaireError(409, STALE_MESSAGE);
    const locks = await locksOf(version.nationalModelId);
    const refused = [
      ...definitionIssues(input.definition).map((i) => ({ question: i.question, message: i.question ? i.message : i.text })),
      ...(input.definition && typeof input.definition === "object" ? lockViolations(locks, input.definition as Definition) : []),
    ];
    if (refused.length) throw new QuestionnaireError(422, "Enregistrement refusé : corrigez les questions signalées.", refused);
    const definition = input.definition as Definition;
    const updated = await tx.surveyVersion.update({
      where: { id },
      data: { definition: definition as Prisma.InputJsonValue, checksum: definitionChecksum(definition), title: textOf(definition.title) || version.key, revision: { increment: 1 } },
      select: { revision: true },
    });
    await audit(tx, { actorId: actor.userId, action: "questionnaire.save", entityType: "SurveyVersion", entityId: id, ip });
    return { revision: updated.revision, issues: questionnaireIssues(definition, locks) };
  });
}

/** Publishes a draft with no problem left: it is frozen from then on, and campaigns can use it. */
export async function publishQuestionnaire(actor: Actor, id: string, revision: number, ip: string | null = null) {
  return db.$transaction(async (tx) => {
    const version = await lockedVersion(tx, actor, id);
    if (version.status !== "DRAFT") throw new QuestionnaireError(409, "Cette version est déjà publiée.");
    if (version.revision !== revision) throw new QuestionnaireError(409, STALE_MESSAGE);
    const issues = questionnaireIssues(version.definition, await locksOf(version.nationalModelId));
    if (issues.length) throw new QuestionnaireError(422, "Publication impossible : corrigez d'abord les questions signalées.", issues);
    await tx.surveyVersion.update({ where: { id }, data: { status: "PUBLISHED", publishedAt: new Date(), revision: { increment: 1 } } });
    await audit(tx, { actorId: actor.userId, action: "questionnaire.publish", entityType: "SurveyVersion", entityId: id, ip });
  });
}

/**
 * "Modifier" a version: a draft is edited as it is; a published (or answered) version is never changed, so this
 * returns its open draft, or starts one from it.
 */
export async function draftToEdit(actor: Actor, id: string, ip: string | null = null): Promise<{ id: string; created: boolean }> {
  return db.$transaction(async (tx) => {
    const version = await lockedVersion(tx, actor, id);
    if (version.status === "DRAFT" && version._count.responses === 0) return { id, created: false };
    const open = await tx.surveyVersion.findFirst({ where: { derivedFromId: id, status: "DRAFT", academyId: version.academyId }, select: { id: true } });
    if (open) return { id: open.id, created: false };
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`survey:${version.key}:${version.schoolYearId}`}))`;
    const definition = version.definition as Definition;
    const created = await tx.surveyVersion.create({
      data: {
        key: version.key, schoolYearId: version.schoolYearId, version: (await lastNumber(tx, version.key, version.schoolYearId)) + 1,
        title: textOf(definition.title) || version.key, definition: definition as Prisma.InputJsonValue, checksum: definitionChecksum(definition),
        academyId: version.academyId, status: "DRAFT", derivedFromId: id, nationalModelId: version.nationalModelId, createdById: actor.userId,
      },
      select: { id: true },
    });
    await audit(tx, { actorId: actor.userId, action: "questionnaire.new-draft", entityType: "SurveyVersion", entityId: created.id, summary: { from: id }, ip });
    return { id: created.id, created: true };
  });
}

/** Deletes a draft nobody answered (a published version stays: campaigns and history refer to it). */
export async function deleteDraft(actor: Actor, id: string, ip: string | null = null) {
  await db.$transaction(async (tx) => {
    const version = await lockedVersion(tx, actor, id);
    if (version.status !== "DRAFT" || version._count.responses > 0) throw new QuestionnaireError(409, "Seul un brouillon peut être supprimé.");
    await tx.surveyVersion.delete({ where: { id } });
    await audit(tx, { actorId: actor.userId, action: "questionnaire.delete-draft", entityType: "SurveyVersion", entityId: id, ip });
  });
}
