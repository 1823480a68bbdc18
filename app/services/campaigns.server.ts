// Campaigns of the DANE: open one, see who is invited, send invitations and reminders, close it.
// Every query is limited to the académies the actor manages (a foreign campaign id is a 404).
import type { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import type { Actor } from "../domain/permissions.ts";
import { campaignState, formatDate, managedAcademies } from "../domain/campaigns.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { audit } from "./audit.server.ts";
import { enqueueMail } from "./outbox.server.ts";
import { CAMPAIGN_NOT_FOUND_MESSAGE, SurveyServiceError } from "./survey-errors.server.ts";
import { academyLabel } from "../domain/format/fr.ts";

export function campaignScope(actor: Actor): Prisma.CampaignWhereInput {
  const managed = managedAcademies(actor, currentSchoolYearId());
  return managed === "all" ? {} : { academyId: { in: managed } };
}

export async function listCampaigns(actor: Actor) {
  const campaigns = await db.campaign.findMany({
    where: campaignScope(actor),
    orderBy: [{ opensAt: "desc" }, { title: "asc" }],
    include: { academy: { select: { name: true } }, surveyVersion: { select: { key: true, version: true } } },
  });
  const counts = await db.surveyResponse.groupBy({
    by: ["campaignId", "status"],
    where: { campaignId: { in: campaigns.map((c) => c.id) } },
    _count: { _all: true },
  });
  return campaigns.map((c) => ({
    ...c,
    state: campaignState(c),
    drafts: counts.find((n) => n.campaignId === c.id && n.status === "DRAFT")?._count._all ?? 0,
    submitted: counts.find((n) => n.campaignId === c.id && n.status === "SUBMITTED")?._count._all ?? 0,
  }));
}

const NOT_CAMPAIGN_SURVEYS = ["lettre-de-mission"];

export async function campaignFormOptions(actor: Actor) {
  const managed = managedAcademies(actor, currentSchoolYearId());
  const [academies, schoolYears, versions] = await Promise.all([
    db.academy.findMany({ where: managed === "all" ? {} : { id: { in: managed } }, orderBy: { name: "asc" }, select: { id: true, name: true } }),
    db.schoolYear.findMany({ orderBy: { id: "desc" }, select: { id: true } }),
    db.surveyVersion.findMany({
      // The lettre de mission is filled per establishment through its own workflow, never through a campaign.
      // A campaign uses a national model or a published version of one of the managed académies (ADR 019).
      where: { key: { notIn: NOT_CAMPAIGN_SURVEYS }, ...usableVersions(managed) },
      orderBy: [{ key: "asc" }, { version: "desc" }],
      select: { id: true, key: true, schoolYearId: true, version: true, title: true, academyId: true },
    }),
  ]);
  return { academies, schoolYears: schoolYears.map((y) => y.id), versions };
}

function usableVersions(managed: "all" | string[]): Prisma.SurveyVersionWhereInput {
  return { status: "PUBLISHED", OR: [{ academyId: null }, managed === "all" ? { academyId: { not: null } } : { academyId: { in: managed } }] };
}

export type CampaignInput = { title: string; academyId: string; surveyVersionId: string; schoolYearId: string; opensAt: Date; closesAt: Date };

export async function createCampaign(actor: Actor, input: CampaignInput, ip: string | null = null) {
  const managed = managedAcademies(actor, currentSchoolYearId());
  if (managed !== "all" && !managed.includes(input.academyId)) throw new SurveyServiceError(404, "Cette académie n'existe pas ou vous ne la gérez pas.");
  if (input.closesAt <= input.opensAt) throw new SurveyServiceError(422, "La date de clôture doit suivre la date d'ouverture.");
  const [version, year] = await Promise.all([
    db.surveyVersion.findFirst({
      where: { id: input.surveyVersionId, key: { notIn: NOT_CAMPAIGN_SURVEYS }, status: "PUBLISHED", OR: [{ academyId: null }, { academyId: input.academyId }] },
      select: { id: true },
    }),
    db.schoolYear.findUnique({ where: { id: input.schoolYearId }, select: { id: true } }),
  ]);
  if (!version) throw new SurveyServiceError(422, "Questionnaire inconnu : choisissez un questionnaire de la liste.");
  if (!year) throw new SurveyServiceError(422, `Année scolaire inconnue : ${input.schoolYearId}.`);
  return db.$transaction(async (tx) => {
    const campaign = await tx.campaign.create({ data: { ...input, createdById: actor.userId } });
    await audit(tx, { actorId: actor.userId, action: "campaign.create", entityType: "Campaign", entityId: campaign.id, summary: { title: input.title }, ip });
    return campaign;
  });
}

export async function getCampaign(actor: Actor, id: string) {
  const campaign = await db.campaign.findFirst({
    where: { AND: [{ id }, campaignScope(actor)] },
    include: { academy: { select: { name: true } }, surveyVersion: { select: { id: true, key: true, version: true, title: true, checksum: true } } },
  });
  if (!campaign) throw new SurveyServiceError(404, CAMPAIGN_NOT_FOUND_MESSAGE);
  return { ...campaign, state: campaignState(campaign) };
}

type AudienceCampaign = { id: string; academyId: string; schoolYearId: string; audienceFrozenAt: Date | null };
type Pair = { userId: string; establishmentId: string };

const personSelect = { id: true, firstName: true, lastName: true, email: true } as const;
const establishmentSelect = { id: true, uai: true, name: true, type: true } as const;

/**
 * The RUPN designated for the school year the campaign covers (a designation without a year counts every year),
 * one row per person and establishment. This is the audience until the invitations go out (ADR 018).
 */
async function designatedPairs(campaign: AudienceCampaign, where: { not?: Pair[] } = {}) {
  const grants = await db.roleAssignment.findMany({
    where: {
      role: "RUPN",
      academyId: campaign.academyId,
      establishmentId: { not: null },
      OR: [{ schoolYearId: campaign.schoolYearId }, { schoolYearId: null }],
    },
    select: { userId: true, establishmentId: true, user: { select: personSelect }, establishment: { select: establishmentSelect } },
    orderBy: { createdAt: "asc" },
  });
  const excluded = new Set((where.not ?? []).map((p) => `${p.userId}/${p.establishmentId}`));
  const seen = new Set<string>();
  return grants.filter((g) => {
    const key = `${g.userId}/${g.establishmentId}`;
    if (excluded.has(key) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function byEstablishmentThenName<T extends { establishment: { name: string }; user: { lastName: string } }>(rows: T[]) {
  return rows.sort((a, b) => a.establishment.name.localeCompare(b.establishment.name, "fr") || a.user.lastName.localeCompare(b.user.lastName, "fr"));
}

/**
 * Who the campaign asks for a bilan, with their answer. Before the invitations: the RUPN designated for the
 * campaign's school year. From the invitations on: the audience frozen then (plus the late additions invited one
 * by one); `late` lists the people designated for that year since, who are not invited until the DANE says so.
 */
export async function campaignAudience(campaign: AudienceCampaign) {
  const responses = await db.surveyResponse.findMany({
    where: { campaignId: campaign.id },
    select: { id: true, establishmentId: true, respondentId: true, status: true, submittedAt: true, updatedAt: true },
  });
  const answerOf = (p: Pair) => responses.find((r) => r.establishmentId === p.establishmentId && r.respondentId === p.userId) ?? null;
  if (!campaign.audienceFrozenAt) {
    const designated = await designatedPairs(campaign);
    return {
      frozenAt: null,
      invited: byEstablishmentThenName(designated.map((g) => ({ user: g.user, establishment: g.establishment!, lateAddition: false, response: answerOf({ userId: g.userId, establishmentId: g.establishmentId! }) }))),
      late: [],
    };
  }
  const invitees = await db.campaignInvitee.findMany({
    where: { campaignId: campaign.id },
    select: { userId: true, establishmentId: true, lateAddition: true, invitedAt: true, user: { select: personSelect }, establishment: { select: establishmentSelect } },
  });
  const late = await designatedPairs(campaign, { not: invitees });
  return {
    frozenAt: campaign.audienceFrozenAt,
    invited: byEstablishmentThenName(invitees.map((i) => ({ user: i.user, establishment: i.establishment, lateAddition: i.lateAddition, response: answerOf(i) }))),
    late: byEstablishmentThenName(late.map((g) => ({ user: g.user, establishment: g.establishment!, lateAddition: true, response: answerOf({ userId: g.userId, establishmentId: g.establishmentId! }) }))),
  };
}

export type MailKind = "invitation" | "reminder" | "late";

/**
 * Queues one mail per RUPN who has not sent every bilan they owe, in the same transaction as its audit. The first
 * mailing freezes the audience; "late" invites the people designated for the campaign's year since then.
 */
export async function sendCampaignMails(actor: Actor, campaignId: string, kind: MailKind, origin: string, ip: string | null = null) {
  const campaign = await getCampaign(actor, campaignId);
  if (campaign.state === "closed") throw new SurveyServiceError(409, "Cette campagne est close : elle ne peut plus envoyer de messages.");
  const audience = await campaignAudience(campaign);
  const targets = kind === "late" ? audience.late : audience.invited;
  const pending = targets.filter((a) => a.response?.status !== "SUBMITTED");
  const byUser = new Map<string, { email: string; firstName: string; establishments: string[] }>();
  for (const a of pending) {
    const entry = byUser.get(a.user.id) ?? { email: a.user.email, firstName: a.user.firstName, establishments: [] };
    entry.establishments.push(`${a.establishment.name} (${a.establishment.uai})`);
    byUser.set(a.user.id, entry);
  }
  const link = `${origin}/bilans`;
  await db.$transaction(async (tx) => {
    if (!campaign.audienceFrozenAt) {
      // Frozen once: whoever is designated for the year later is reported as a late addition, never added silently.
      const frozen = await tx.campaign.updateMany({ where: { id: campaign.id, audienceFrozenAt: null }, data: { audienceFrozenAt: new Date() } });
      if (frozen.count === 0) throw new SurveyServiceError(409, "Les invitations viennent d'être envoyées par ailleurs : rechargez la page.");
      await tx.campaignInvitee.createMany({
        data: audience.invited.map((a) => ({ campaignId: campaign.id, userId: a.user.id, establishmentId: a.establishment.id })),
        skipDuplicates: true,
      });
    }
    if (kind === "late") {
      await tx.campaignInvitee.createMany({
        data: audience.late.map((a) => ({ campaignId: campaign.id, userId: a.user.id, establishmentId: a.establishment.id, lateAddition: true })),
        skipDuplicates: true,
      });
    }
    for (const person of byUser.values()) {
      const subject = kind === "reminder" ? `Rappel : ${campaign.title}` : `${campaign.title} : à vous de répondre`;
      const intro = kind === "reminder"
        ? `votre bilan annuel de RUPN (année scolaire ${campaign.schoolYearId}) n'a pas encore été envoyé.`
        : `la DANE de l'${academyLabel(campaign.academy.name)} vous invite à remplir le bilan annuel de votre mission de RUPN (année scolaire ${campaign.schoolYearId}).`;
      const count = person.establishments.length;
      const text = [
        `Bonjour ${person.firstName},`,
        "",
        intro,
        "",
        `${count > 1 ? "Établissements concernés" : "Établissement concerné"} :\n${person.establishments.map((e) => `- ${e}`).join("\n")}`,
        "",
        `Le questionnaire est ouvert jusqu'au ${formatDate(campaign.closesAt)}. Vos réponses sont enregistrées au fil de la saisie : vous pouvez vous interrompre et reprendre plus tard.`,
        "",
        `Répondre : ${link}`,
        "",
        "La DANE vous remercie de votre contribution.",
      ].join("\n");
      await enqueueMail(tx, { kind: `campaign-${kind === "late" ? "invitation" : kind}`, to: person.email, subject, text });
    }
    const action = kind === "late" ? "campaign.late-invitation" : `campaign.${kind}`;
    await audit(tx, { actorId: actor.userId, action, entityType: "Campaign", entityId: campaign.id, summary: { recipients: byUser.size, pairs: pending.length }, ip });
  });
  return { recipients: byUser.size };
}

export async function closeCampaign(actor: Actor, campaignId: string, ip: string | null = null) {
  const campaign = await getCampaign(actor, campaignId);
  if (campaign.state === "closed") throw new SurveyServiceError(409, "Cette campagne est déjà close.");
  await db.$transaction(async (tx) => {
    await tx.campaign.update({ where: { id: campaign.id }, data: { closesAt: new Date() } });
    await audit(tx, { actorId: actor.userId, action: "campaign.close", entityType: "Campaign", entityId: campaign.id, ip });
  });
}

/** Date of the last invitation or reminder of a campaign (shown to the DANE). */
export async function lastMailings(campaignId: string) {
  const rows = await db.auditEvent.findMany({
    where: { entityType: "Campaign", entityId: campaignId, action: { in: ["campaign.invitation", "campaign.reminder", "campaign.late-invitation"] } },
    orderBy: { createdAt: "desc" },
    take: 5,
    select: { action: true, createdAt: true, summary: true },
  });
  const KIND: Record<string, string> = { "campaign.invitation": "Invitation", "campaign.reminder": "Relance", "campaign.late-invitation": "Invitation des ajouts tardifs" };
  return rows.map((r) => ({ kind: KIND[r.action] ?? r.action, at: r.createdAt, recipients: (r.summary as { recipients?: number } | null)?.recipients ?? 0 }));
}
