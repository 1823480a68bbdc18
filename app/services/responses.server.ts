// Bilans of the RUPN: start, autosave, submit (re-validated with survey-core on the exact version answered),
// facts for analytics. A response is only ever reachable by its respondent while they are RUPN of its
// establishment: anyone else gets a 404, never its data.
import { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import type { Actor } from "../domain/permissions.ts";
import { campaignState, formatDate, rupnEstablishmentIds } from "../domain/campaigns.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { modelFor, type SurveyDefinition } from "../surveys/model.ts";
import { validateAnswers, type Answers } from "../surveys/validate.ts";
import { extractFacts } from "../surveys/facts.ts";
import { audit } from "./audit.server.ts";
import { NOT_FOUND_MESSAGE, SurveyServiceError } from "./survey-errors.server.ts";

/** Campaigns the RUPN answers: open ones, and closed ones they answered (read-only), per establishment. */
export async function myBilans(actor: Actor) {
  const establishmentIds = rupnEstablishmentIds(actor, currentSchoolYearId());
  if (establishmentIds.length === 0) return [];
  const establishments = await db.establishment.findMany({
    where: { id: { in: establishmentIds } },
    orderBy: { name: "asc" },
    select: { id: true, uai: true, name: true, academyId: true },
  });
  const now = new Date();
  const campaigns = await db.campaign.findMany({
    where: {
      academyId: { in: [...new Set(establishments.map((e) => e.academyId))] },
      opensAt: { lte: now },
      OR: [{ closesAt: { gt: now } }, { responses: { some: { respondentId: actor.userId } } }],
    },
    orderBy: { closesAt: "desc" },
    select: { id: true, title: true, schoolYearId: true, academyId: true, opensAt: true, closesAt: true },
  });
  const responses = await db.surveyResponse.findMany({
    where: { respondentId: actor.userId, campaignId: { in: campaigns.map((c) => c.id) } },
    select: { id: true, campaignId: true, establishmentId: true, status: true, submittedAt: true, updatedAt: true },
  });
  return campaigns.flatMap((c) =>
    establishments
      .filter((e) => e.academyId === c.academyId)
      .map((e) => ({
        campaign: { ...c, state: campaignState(c, now) },
        establishment: e,
        response: responses.find((r) => r.campaignId === c.id && r.establishmentId === e.id) ?? null,
      }))
      .filter((row) => row.campaign.state === "open" || row.response),
  );
}

/** Finds or creates the RUPN's response for one establishment in an open campaign; returns its id. */
export async function startResponse(actor: Actor, campaignId: string, establishmentId: string) {
  if (!rupnEstablishmentIds(actor, currentSchoolYearId()).includes(establishmentId)) throw new SurveyServiceError(404, NOT_FOUND_MESSAGE);
  const [campaign, establishment] = await Promise.all([
    db.campaign.findUnique({ where: { id: campaignId }, select: { id: true, academyId: true, opensAt: true, closesAt: true, surveyVersionId: true } }),
    db.establishment.findUnique({ where: { id: establishmentId }, select: { academyId: true } }),
  ]);
  if (!campaign || !establishment || campaign.academyId !== establishment.academyId) throw new SurveyServiceError(404, NOT_FOUND_MESSAGE);
  const key = { campaignId, establishmentId, respondentId: actor.userId };
  const existing = await db.surveyResponse.findUnique({ where: { campaignId_establishmentId_respondentId: key }, select: { id: true } });
  if (existing) return existing.id;
  if (campaignState(campaign) !== "open") throw new SurveyServiceError(409, "Cette campagne n'est pas ouverte : le bilan ne peut pas être commencé.");
  const created = await db.surveyResponse.upsert({
    where: { campaignId_establishmentId_respondentId: key },
    update: {},
    create: { ...key, surveyVersionId: campaign.surveyVersionId, data: {} },
    select: { id: true },
  });
  return created.id;
}

function ownResponseWhere(actor: Actor, id: string): Prisma.SurveyResponseWhereInput {
  return { id, respondentId: actor.userId, establishmentId: { in: rupnEstablishmentIds(actor, currentSchoolYearId()) } };
}

export async function getOwnResponse(actor: Actor, id: string) {
  const response = await db.surveyResponse.findFirst({
    where: ownResponseWhere(actor, id),
    include: {
      campaign: { select: { id: true, title: true, schoolYearId: true, opensAt: true, closesAt: true } },
      surveyVersion: { select: { id: true, key: true, version: true, definition: true } },
      establishment: { select: { uai: true, name: true } },
    },
  });
  if (!response) throw new SurveyServiceError(404, NOT_FOUND_MESSAGE);
  return { ...response, campaignState: campaignState(response.campaign) };
}

export type SaveInput = { surveyVersionId: string; version: number; data: unknown };
export type SaveMode = "draft" | "submit";

function changedQuestions(before: unknown, after: Answers): string[] {
  const old = (before && typeof before === "object" ? before : {}) as Answers;
  const keys = new Set([...Object.keys(old), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(old[k]) !== JSON.stringify(after[k])).sort();
}

/**
 * Autosave (`draft`) or submission (`submit`) of the actor's own response. Refusals, with nothing written:
 * 404 not theirs, 409 closed campaign / other version / stale copy (optimistic lock), 422 invalid answers.
 */
export async function saveResponse(actor: Actor, id: string, input: SaveInput, mode: SaveMode, ip: string | null = null) {
  const response = await db.surveyResponse.findFirst({
    where: ownResponseWhere(actor, id),
    select: {
      id: true, status: true, version: true, data: true, surveyVersionId: true, campaignId: true, establishmentId: true,
      campaign: { select: { title: true, opensAt: true, closesAt: true } },
      surveyVersion: { select: { id: true, version: true, checksum: true } },
    },
  });
  if (!response) throw new SurveyServiceError(404, NOT_FOUND_MESSAGE);
  const state = campaignState(response.campaign);
  if (state === "closed") {
    throw new SurveyServiceError(409, `La campagne « ${response.campaign.title} » est close depuis le ${formatDate(response.campaign.closesAt)} : ce bilan ne peut plus être modifié.`);
  }
  if (state === "upcoming") throw new SurveyServiceError(409, `La campagne « ${response.campaign.title} » n'est pas encore ouverte.`);
  if (input.surveyVersionId !== response.surveyVersionId) {
    throw new SurveyServiceError(409, `Ce bilan se remplit avec la version ${response.surveyVersion.version} du questionnaire, pas avec celle affichée sur votre page. Rechargez la page.`);
  }
  const conflict = () =>
    new SurveyServiceError(409, "Ce bilan a été modifié entre-temps, sur un autre appareil ou dans un autre onglet. Rechargez la page pour reprendre la dernière version enregistrée.");
  if (input.version !== response.version) throw conflict();

  const v = response.surveyVersion;
  const model = await modelFor(v, async () =>
    (await db.surveyVersion.findUniqueOrThrow({ where: { id: v.id }, select: { definition: true } })).definition as SurveyDefinition,
  );
  const result = validateAnswers(model, input.data, mode);
  if (!result.ok) {
    const first = result.errors.slice(0, 3).map((e) => e.message).join(" ");
    throw new SurveyServiceError(422, `Certaines réponses sont à corriger. ${first}`, result.errors);
  }
  const facts = mode === "submit" ? extractFacts(model) : [];
  const data = result.data as Prisma.InputJsonValue;
  const wasSubmitted = response.status === "SUBMITTED";

  return db.$transaction(async (tx) => {
    const write: Prisma.SurveyResponseUpdateManyMutationInput =
      mode === "draft"
        ? wasSubmitted ? { draftData: data } : { data }
        : { data, draftData: Prisma.DbNull, status: "SUBMITTED", submittedAt: new Date() };
    const updated = await tx.surveyResponse.updateMany({ where: { id, version: input.version }, data: { ...write, version: { increment: 1 } } });
    if (updated.count !== 1) throw conflict();
    if (mode === "submit") {
      if (wasSubmitted) await tx.responseFact.deleteMany({ where: { responseId: id } });
      if (facts.length) {
        await tx.responseFact.createMany({
          data: facts.map((f) => ({ ...f, responseId: id, campaignId: response.campaignId, establishmentId: response.establishmentId })),
        });
      }
      await audit(tx, {
        actorId: actor.userId,
        action: wasSubmitted ? "response.update" : "response.submit",
        entityType: "SurveyResponse",
        entityId: id,
        summary: wasSubmitted ? { changed: changedQuestions(response.data, result.data) } : { facts: facts.length },
        ip,
      });
    }
    return { version: input.version + 1, status: mode === "submit" ? ("SUBMITTED" as const) : response.status, savedAt: new Date().toISOString() };
  });
}
