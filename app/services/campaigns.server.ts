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
      where: { key: { notIn: NOT_CAMPAIGN_SURVEYS } },
      orderBy: [{ key: "asc" }, { version: "desc" }],
      select: { id: true, key: true, schoolYearId: true, version: true, title: true },
    }),
  ]);
  return { academies, schoolYears: schoolYears.map((y) => y.id), versions };
}

export type CampaignInput = { title: string; academyId: string; surveyVersionId: string; schoolYearId: string; opensAt: Date; closesAt: Date };

export async function createCampaign(actor: Actor, input: CampaignInput, ip: string | null = null) {
  const managed = managedAcademies(actor, currentSchoolYearId());
  if (managed !== "all" && !managed.includes(input.academyId)) throw new SurveyServiceError(404, "Cette académie n'existe pas ou vous ne la gérez pas.");
  if (input.closesAt <= input.opensAt) throw new SurveyServiceError(422, "La date de clôture doit suivre la date d'ouverture.");
  const [version, year] = await Promise.all([
    db.surveyVersion.findFirst({ where: { id: input.surveyVersionId, key: { notIn: NOT_CAMPAIGN_SURVEYS } }, select: { id: true } }),
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

/** The RUPN designated this year in the campaign's académie, one row per person and establishment, with their answer. */
export async function campaignAudience(campaign: { id: string; academyId: string }) {
  const year = currentSchoolYearId();
  const [grants, responses] = await Promise.all([
    db.roleAssignment.findMany({
      where: { role: "RUPN", academyId: campaign.academyId, establishmentId: { not: null }, OR: [{ schoolYearId: year }, { schoolYearId: null }] },
      select: {
        user: { select: { id: true, firstName: true, lastName: true, email: true } },
        establishment: { select: { id: true, uai: true, name: true, type: true } },
      },
    }),
    db.surveyResponse.findMany({
      where: { campaignId: campaign.id },
      select: { id: true, establishmentId: true, respondentId: true, status: true, submittedAt: true, updatedAt: true },
    }),
  ]);
  const seen = new Set<string>();
  return grants
    .filter((g) => g.establishment && !seen.has(`${g.user.id}/${g.establishment.id}`) && seen.add(`${g.user.id}/${g.establishment.id}`))
    .map((g) => ({
      user: g.user,
      establishment: g.establishment!,
      response: responses.find((r) => r.establishmentId === g.establishment!.id && r.respondentId === g.user.id) ?? null,
    }))
    .sort((a, b) => a.establishment.name.localeCompare(b.establishment.name, "fr") || a.user.lastName.localeCompare(b.user.lastName, "fr"));
}

export type MailKind = "invitation" | "reminder";

/** Queues one mail per RUPN who has not sent every bilan they owe, in the same transaction as its audit. */
export async function sendCampaignMails(actor: Actor, campaignId: string, kind: MailKind, origin: string, ip: string | null = null) {
  const campaign = await getCampaign(actor, campaignId);
  if (campaign.state === "closed") throw new SurveyServiceError(409, "Cette campagne est close : elle ne peut plus envoyer de messages.");
  const pending = (await campaignAudience(campaign)).filter((a) => a.response?.status !== "SUBMITTED");
  const byUser = new Map<string, { email: string; firstName: string; establishments: string[] }>();
  for (const a of pending) {
    const entry = byUser.get(a.user.id) ?? { email: a.user.email, firstName: a.user.firstName, establishments: [] };
    entry.establishments.push(`${a.establishment.name} (${a.establishment.uai})`);
    byUser.set(a.user.id, entry);
  }
  const link = `${origin}/bilans`;
  await db.$transaction(async (tx) => {
    for (const person of byUser.values()) {
      const subject = kind === "invitation" ? `${campaign.title} : à vous de répondre` : `Rappel : ${campaign.title}`;
      const intro = kind === "invitation"
        ? `la DANE de l'${academyLabel(campaign.academy.name)} vous invite à remplir le bilan annuel de votre mission de RUPN (année scolaire ${campaign.schoolYearId}).`
        : `votre bilan annuel de RUPN (année scolaire ${campaign.schoolYearId}) n'a pas encore été envoyé.`;
      const text = [
        `Bonjour ${person.firstName},`,
        "",
        intro,
        "",
        `${person.establishments.length > 1 ? "Établissements concernés" : "Établissement concerné"} :\n${person.establishments.map((e) => `- ${e}`).join("\n")}`,
        "",
        `Le questionnaire est ouvert jusqu'au ${formatDate(campaign.closesAt)}. Vos réponses sont enregistrées au fil de la saisie : vous pouvez vous interrompre et reprendre plus tard.`,
        "",
        `Répondre : ${link}`,
        "",
        "La DANE vous remercie de votre contribution.",
      ].join("\n");
      await enqueueMail(tx, { kind: `campaign-${kind}`, to: person.email, subject, text });
    }
    await audit(tx, { actorId: actor.userId, action: `campaign.${kind}`, entityType: "Campaign", entityId: campaign.id, summary: { recipients: byUser.size }, ip });
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
    where: { entityType: "Campaign", entityId: campaignId, action: { in: ["campaign.invitation", "campaign.reminder"] } },
    orderBy: { createdAt: "desc" },
    take: 5,
    select: { action: true, createdAt: true, summary: true },
  });
  return rows.map((r) => ({ kind: r.action === "campaign.invitation" ? "Invitation" : "Relance", at: r.createdAt, recipients: (r.summary as { recipients?: number } | null)?.recipients ?? 0 }));
}
