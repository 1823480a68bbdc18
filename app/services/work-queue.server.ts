// The home page as a work queue (issue 16, item 11): what waits for the acting user, scoped like every other
// query — the académies of a DANE or rectorat (all for an administrator), the chef's establishments, the RUPN's own
// bilans and registrations. Lists are short (the first few, oldest first) with their total.
import { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import { activeGrants, type Actor } from "../domain/permissions.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { letterNextStep, sessionAttention, type SessionAttention } from "../domain/work-queue.ts";
import { resolveDashboardScope } from "./dashboards-scope.server.ts";
import { participationByCampaign, scopedCampaigns } from "./dashboards-participation.server.ts";
import { parseDashboardFilters } from "../domain/dashboards/filters.ts";
import { myBilans } from "./responses.server.ts";

const SHOWN = 8;

/** Académies the actor oversees (DANE, rectorat), "all" for an administrator, [] for the others. */
function overseenAcademies(actor: Actor): "all" | string[] {
  const grants = activeGrants(actor, currentSchoolYearId());
  if (grants.some((g) => g.role === "ADMIN")) return "all";
  return [...new Set(grants.filter((g) => g.role === "DANE" || g.role === "RECTORAT").map((g) => g.academyId))];
}

const inAcademies = (academies: "all" | string[]) => (academies === "all" ? {} : { academyId: { in: academies } });

async function letterQueue(academies: "all" | string[], where: Prisma.MissionLetterWhereInput, orderBy: Prisma.MissionLetterOrderByWithRelationInput) {
  const scoped: Prisma.MissionLetterWhereInput = { ...where, establishment: inAcademies(academies) };
  const [total, items] = await Promise.all([
    db.missionLetter.count({ where: scoped }),
    db.missionLetter.findMany({
      where: scoped,
      orderBy: [orderBy, { id: "asc" }],
      take: SHOWN,
      select: { id: true, schoolYearId: true, signedAt: true, returnedAt: true, returnComment: true, establishment: { select: { uai: true, name: true } } },
    }),
  ]);
  return { total, items };
}

async function campaignQueue(actor: Actor, now: Date) {
  const scope = await resolveDashboardScope(actor);
  const campaigns = (await scopedCampaigns(scope, now)).filter((c) => c.state !== "closed");
  const rows = await participationByCampaign(campaigns, parseDashboardFilters(new URLSearchParams()));
  return campaigns.map((c) => {
    const row = rows.find((r) => r.key === c.id)!;
    return {
      id: c.id, title: c.title, academyName: c.academyName, schoolYearId: c.schoolYearId, state: c.state, opensAt: c.opensAt,
      closesAt: c.closesAt, invited: row.invited, submitted: row.submitted, rate: row.rate, manageable: c.manageable,
    };
  }).sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime());
}

async function trainingQueue(academies: "all" | string[], now: Date) {
  const sessions = await db.trainingSession.findMany({
    where: { startsAt: { gt: now }, cancelledAt: null, course: inAcademies(academies) },
    orderBy: [{ startsAt: "asc" }, { id: "asc" }],
    select: { id: true, startsAt: true, capacity: true, course: { select: { id: true, title: true } } },
  });
  const counts = await db.trainingRegistration.groupBy({
    by: ["sessionId", "status"],
    where: { sessionId: { in: sessions.map((s) => s.id) }, status: { in: ["REGISTERED", "WAITLISTED"] } },
    _count: { _all: true },
  });
  const count = (id: string, status: string) => counts.find((c) => c.sessionId === id && c.status === status)?._count._all ?? 0;
  const flagged = sessions
    .map((s) => {
      const fill = { capacity: s.capacity, registered: count(s.id, "REGISTERED"), waitlisted: count(s.id, "WAITLISTED"), startsAt: s.startsAt };
      return { ...s, ...fill, attention: sessionAttention(fill, now) };
    })
    .filter((s): s is typeof s & { attention: Exclude<SessionAttention, null> } => s.attention !== null);
  return { total: flagged.length, items: flagged.slice(0, SHOWN) };
}

/** Mails the outbox gave up on, addressed to a person or an establishment of the académies (all for an ADMIN). */
async function failedMails(academies: "all" | string[]) {
  const scope =
    academies === "all"
      ? Prisma.empty
      : Prisma.sql`AND (
          EXISTS (SELECT 1 FROM "User" u JOIN "RoleAssignment" ra ON ra."userId" = u.id
                  WHERE lower(u.email) = lower(o.recipient) AND ra."academyId" = ANY(${academies}::text[]))
          OR EXISTS (SELECT 1 FROM "Establishment" e WHERE lower(e.email) = lower(o.recipient) AND e."academyId" = ANY(${academies}::text[])))`;
  const rows = await db.$queryRaw<{ id: string; recipient: string; subject: string; last_error: string | null; created_at: Date; total: number }[]>`
    SELECT o.id, o.recipient, o.subject, o."lastError" AS last_error, o."createdAt" AS created_at, (count(*) OVER ())::int AS total
    FROM "OutboxMessage" o WHERE o.status = 'FAILED' ${scope}
    ORDER BY o."createdAt" DESC, o.id LIMIT ${SHOWN}`;
  return {
    total: rows[0]?.total ?? 0,
    items: rows.map((r) => ({ id: r.id, recipient: r.recipient, subject: r.subject, lastError: r.last_error, createdAt: r.created_at })),
  };
}

/** The chef's establishments with this year's letter and its next step. */
async function chefLetters(actor: Actor) {
  const schoolYearId = currentSchoolYearId();
  const ids = [...new Set(activeGrants(actor, schoolYearId).filter((g) => g.role === "CHEF" && g.establishmentId).map((g) => g.establishmentId!))];
  const establishments = await db.establishment.findMany({
    where: { id: { in: ids } },
    orderBy: { name: "asc" },
    select: {
      uai: true, name: true,
      missionLetters: { where: { schoolYearId }, select: { id: true, status: true, returnedAt: true, returnComment: true, validatedAt: true } },
    },
  });
  return establishments.map((e) => {
    const letter = e.missionLetters[0] ?? null;
    const state = letter ? { status: letter.status, returned: letter.status === "DRAFT" && letter.returnedAt !== null } : null;
    return {
      uai: e.uai, name: e.name, schoolYearId,
      letter: letter ? { id: letter.id, status: letter.status, returnComment: state!.returned ? letter.returnComment : null, validatedAt: letter.validatedAt } : null,
      next: letterNextStep(state),
    };
  });
}

/** The RUPN's bilans still to send in open campaigns, and their coming training sessions. */
async function rupnQueue(actor: Actor, now: Date) {
  const bilans = (await myBilans(actor))
    .filter((b) => b.campaign.state === "open" && b.response?.status !== "SUBMITTED")
    .map((b) => ({
      campaignId: b.campaign.id, title: b.campaign.title, closesAt: b.campaign.closesAt,
      establishment: { id: b.establishment.id, uai: b.establishment.uai, name: b.establishment.name },
      responseId: b.response?.id ?? null, started: b.response !== null,
    }))
    .sort((a, b) => a.closesAt.getTime() - b.closesAt.getTime());
  const registrations = await db.trainingRegistration.findMany({
    where: { userId: actor.userId, status: { in: ["REGISTERED", "WAITLISTED"] }, session: { startsAt: { gt: now }, cancelledAt: null } },
    orderBy: [{ session: { startsAt: "asc" } }, { id: "asc" }],
    take: SHOWN,
    select: { id: true, status: true, session: { select: { id: true, startsAt: true, course: { select: { id: true, title: true } } } } },
  });
  return { bilans, trainings: registrations.map((r) => ({ id: r.id, status: r.status, startsAt: r.session.startsAt, courseId: r.session.course.id, title: r.session.course.title })) };
}

export type WorkQueue = Awaited<ReturnType<typeof workQueue>>;

export async function workQueue(actor: Actor, now = new Date()) {
  const grants = activeGrants(actor, currentSchoolYearId());
  const academies = overseenAcademies(actor);
  const wide = academies === "all" || academies.length > 0;
  const [toValidate, returned, campaigns, trainings, mails] = wide
    ? await Promise.all([
        letterQueue(academies, { status: "SIGNED" }, { signedAt: "asc" }),
        letterQueue(academies, { status: "DRAFT", returnedAt: { not: null } }, { returnedAt: "asc" }),
        campaignQueue(actor, now),
        trainingQueue(academies, now),
        failedMails(academies),
      ])
    : [null, null, null, null, null];
  const chef = grants.some((g) => g.role === "CHEF") ? await chefLetters(actor) : null;
  const rupn = grants.some((g) => g.role === "RUPN") ? await rupnQueue(actor, now) : null;
  return {
    academy: wide ? { lettersToValidate: toValidate!, lettersReturned: returned!, campaigns: campaigns!, trainings: trainings!, failedMails: mails! } : null,
    chef,
    rupn,
  };
}
