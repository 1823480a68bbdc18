// Bilans of the RUPN: start, autosave, submit (re-validated with survey-core on the exact version answered),
// facts for analytics. A response is only ever reachable by its respondent while they are RUPN of its
// establishment: anyone else gets a 404, never its data.
import type { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import type { Actor } from "../domain/permissions.ts";
import { anyRupnEstablishmentIds, campaignState, formatDate, rupnEstablishmentIdsFor } from "../domain/campaigns.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { modelKey, type SurveyDefinition } from "../surveys/model.ts";
import type { AnswerError, Answers } from "../surveys/validate.ts";
import type { CheckedAnswers } from "../surveys/check.ts";
import { checkSurveyAnswers } from "../surveys/validation-pool.server.ts";
import { writeDraft, writeSubmission, type WriteGuard } from "./response-writes.server.ts";
import { NOT_FOUND_MESSAGE, SurveyServiceError } from "./survey-errors.server.ts";

/**
 * Campaigns the RUPN answers: open ones, and closed ones they answered (read-only), per establishment. A campaign is
 * offered for an establishment where they are designated for the year it covers or this year.
 */
export async function myBilans(actor: Actor) {
  const current = currentSchoolYearId();
  const establishmentIds = anyRupnEstablishmentIds(actor);
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
      .filter((row) => row.response || (row.campaign.state === "open" && rupnEstablishmentIdsFor(actor, [current, c.schoolYearId]).includes(row.establishment.id))),
  );
}

/** Finds or creates the RUPN's response for one establishment in an open campaign; returns its id. */
export async function startResponse(actor: Actor, campaignId: string, establishmentId: string) {
  if (!anyRupnEstablishmentIds(actor).includes(establishmentId)) throw new SurveyServiceError(404, NOT_FOUND_MESSAGE);
  const [campaign, establishment] = await Promise.all([
    db.campaign.findUnique({ where: { id: campaignId }, select: { id: true, academyId: true, schoolYearId: true, opensAt: true, closesAt: true, surveyVersionId: true } }),
    db.establishment.findUnique({ where: { id: establishmentId }, select: { academyId: true } }),
  ]);
  if (!campaign || !establishment || campaign.academyId !== establishment.academyId) throw new SurveyServiceError(404, NOT_FOUND_MESSAGE);
  if (!rupnEstablishmentIdsFor(actor, [currentSchoolYearId(), campaign.schoolYearId]).includes(establishmentId)) {
    throw new SurveyServiceError(404, NOT_FOUND_MESSAGE);
  }
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
  return { id, respondentId: actor.userId, establishmentId: { in: anyRupnEstablishmentIds(actor) } };
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

/** `page`: the form page the respondent is on, kept with the draft so that a reload on any device reopens there. */
export type SaveInput = { surveyVersionId: string; version: number; data: unknown; page?: string | null };
export type SaveMode = "draft" | "submit";
export type Saved = { version: number; status: "DRAFT" | "SUBMITTED"; savedAt: string };

function changedQuestions(before: unknown, after: Answers): string[] {
  const old = (before && typeof before === "object" ? before : {}) as Answers;
  const keys = new Set([...Object.keys(old), ...Object.keys(after)]);
  return [...keys].filter((k) => JSON.stringify(old[k]) !== JSON.stringify(after[k])).sort();
}

/** Latest definition checksum seen per survey version id: lets a save validate before reading its response. */
const checksums = new Map<string, string>();

const loadDefinition = (id: string) => async () =>
  (await db.surveyVersion.findUniqueOrThrow({ where: { id }, select: { definition: true } })).definition as SurveyDefinition;

type Checked = { key: string; answers: CheckedAnswers };

async function check(version: { id: string; checksum: string }, data: unknown, mode: SaveMode): Promise<Checked> {
  return { key: modelKey(version), answers: await checkSurveyAnswers(version, loadDefinition(version.id), data, mode) };
}

function invalid(errors: AnswerError[]) {
  const first = errors.slice(0, 3).map((e) => e.message).join(" ");
  return new SurveyServiceError(422, `Certaines réponses sont à corriger. ${first}`, errors);
}

function saved(version: number, status: "DRAFT" | "SUBMITTED"): Saved {
  return { version: version + 1, status, savedAt: new Date().toISOString() };
}

/**
 * Autosave (`draft`) or submission (`submit`) of the actor's own response. Refusals, with nothing written:
 * 404 not theirs, 409 closed campaign / other version / stale copy (optimistic lock), 422 invalid answers.
 *
 * Usual case in two steps (ADR 011): validate against the version the client names, then one guarded write
 * that re-checks ownership, version, checksum and campaign dates. Anything else (invalid answers, a guard
 * that failed, a submitted bilan updated, a version this process has not met yet) takes the checked path,
 * which reads the response first and refuses in the order above.
 */
export async function saveResponse(actor: Actor, id: string, input: SaveInput, mode: SaveMode, ip: string | null = null): Promise<Saved> {
  // Ownership: their own response, for an establishment they are or were a RUPN of (startResponse checked the year).
  const establishmentIds = anyRupnEstablishmentIds(actor);
  const checksum = checksums.get(input.surveyVersionId);
  let early: Checked | undefined;
  if (checksum && establishmentIds.length > 0) {
    early = await check({ id: input.surveyVersionId, checksum }, input.data, mode);
    const { result, facts } = early.answers;
    if (result.ok) {
      const guard: WriteGuard = { id, respondentId: actor.userId, establishmentIds, version: input.version, surveyVersionId: input.surveyVersionId, checksum, now: new Date() };
      if (mode === "draft") {
        const status = await writeDraft(guard, result.data, input.page ?? null);
        if (status) return saved(input.version, status);
      } else if (await writeSubmission(guard, "DRAFT", result.data, facts, { actorId: actor.userId, action: "response.submit", summary: { facts: facts.length }, ip })) {
        return saved(input.version, "SUBMITTED");
      }
    }
  }
  return checkedSave(actor, id, input, mode, ip, establishmentIds, early);
}

async function checkedSave(
  actor: Actor, id: string, input: SaveInput, mode: SaveMode, ip: string | null, establishmentIds: string[], early: Checked | undefined,
): Promise<Saved> {
  const response = await db.surveyResponse.findFirst({
    where: ownResponseWhere(actor, id),
    select: {
      id: true, status: true, version: true, data: true, surveyVersionId: true,
      campaign: { select: { title: true, opensAt: true, closesAt: true } },
      surveyVersion: { select: { id: true, version: true, checksum: true } },
    },
  });
  if (!response) throw new SurveyServiceError(404, NOT_FOUND_MESSAGE);
  const now = new Date();
  const state = campaignState(response.campaign, now);
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
  checksums.set(v.id, v.checksum);
  const { result, facts } = (early?.key === modelKey(v) ? early : await check(v, input.data, mode)).answers;
  if (!result.ok) throw invalid(result.errors);

  const guard: WriteGuard = { id, respondentId: actor.userId, establishmentIds, version: input.version, surveyVersionId: v.id, checksum: v.checksum, now };
  if (mode === "draft") {
    const status = await writeDraft(guard, result.data, input.page ?? null);
    if (!status) throw conflict();
    return saved(input.version, status);
  }
  const wasSubmitted = response.status === "SUBMITTED";
  const written = await writeSubmission(guard, response.status, result.data, facts, {
    actorId: actor.userId,
    action: wasSubmitted ? "response.update" : "response.submit",
    summary: wasSubmitted ? { changed: changedQuestions(response.data, result.data) } : { facts: facts.length },
    ip,
  });
  if (!written) throw conflict();
  return saved(input.version, "SUBMITTED");
}
