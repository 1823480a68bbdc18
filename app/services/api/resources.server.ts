// The rows of the read API (ADR 021), read in keyset batches (ordered by id, `id > after`): a page or a CSV export
// is streamed batch by batch, never loaded whole. Every query is filtered by the token's académies in its `where`.
// Personal data (names, email addresses, free text) only leave when the token allows them.
import { db } from "../../db/db.server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { schoolYearBounds } from "../../domain/school-year.ts";
import type { z } from "zod";
import type {
  campaignsQuery,
  establishmentsQuery,
  lettersQuery,
  registrationsQuery,
  responsesQuery,
  sessionsQuery,
} from "../../domain/api/endpoints.ts";
import { closedAnswers, closedQuestionNames } from "../../domain/api/answers.ts";

export class ApiError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The académies a call reads: the token's one, the one a national token asked for, or all. */
export type ApiScope = { academyIds: string[] | "all"; personalData: boolean };
export type Row = { id: string } & Record<string, unknown>;
/** Reads up to `take` rows with an id greater than `after`, in id order. */
export type BatchReader = (after: string | null, take: number) => Promise<Row[]>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const isoDay = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const inAcademies = (scope: ApiScope) => (scope.academyIds === "all" ? {} : { academyId: { in: scope.academyIds } });
const after = (id: string | null) => (id ? { id: { gt: id } } : {});

type EstablishmentFilterInput = { type?: string[]; departement?: string; bassin?: string; secteur?: "PUBLIC" | "PRIVATE"; ep?: string };
function establishmentWhere(scope: ApiScope, f: EstablishmentFilterInput): Prisma.EstablishmentWhereInput {
  return {
    ...inAcademies(scope),
    ...(f.type?.length ? { type: { in: f.type as never[] } } : {}),
    ...(f.departement ? { departmentCode: f.departement } : {}),
    ...(f.bassin ? { basinCode: f.bassin } : {}),
    ...(f.secteur ? { sector: f.secteur } : {}),
    ...(f.ep === "hors" ? { priorityEducation: null } : f.ep ? { priorityEducation: f.ep } : {}),
  };
}
const establishmentRef = { select: { id: true, uai: true, name: true, type: true } } as const;
const personSelect = { select: { firstName: true, lastName: true, email: true } } as const;

/** The instants of the given school years, as OR-ed ranges on a date column. */
function inSchoolYears(years: string[] | undefined): { gte: Date; lt: Date }[] | null {
  if (!years?.length) return null;
  return years.map((y) => {
    const { startsOn, endsOn } = schoolYearBounds(y);
    return { gte: startsOn, lt: new Date(endsOn.getTime() + 24 * 3600 * 1000) };
  });
}

// ---------------------------------------------------------------------------------------------------------------

export function establishments(scope: ApiScope, q: z.output<typeof establishmentsQuery>): BatchReader {
  return async (last, take) => {
    const rows = await db.establishment.findMany({
      where: { ...establishmentWhere(scope, q), ...(q.uai ? { uai: q.uai.toUpperCase() } : {}), ...after(last) },
      orderBy: { id: "asc" },
      take,
      include: {
        academy: { select: { code: true } },
        years: { where: q.annee?.length ? { schoolYearId: { in: q.annee } } : {}, orderBy: { schoolYearId: "asc" } },
      },
    });
    return rows.map((e) => ({
      id: e.id, uai: e.uai, name: e.name, type: e.type, sector: e.sector, academyCode: e.academy.code,
      departmentCode: e.departmentCode, departmentName: e.departmentName, basinCode: e.basinCode, basinName: e.basinName,
      commune: e.commune, priorityEducation: e.priorityEducation, closedAt: iso(e.closedAt),
      pupilCounts: e.years.map((y) => ({ schoolYear: y.schoolYearId, pupilCount: y.pupilCount, scope: y.scope, source: y.source })),
    }));
  };
}

export function campaigns(scope: ApiScope, q: z.output<typeof campaignsQuery>): BatchReader {
  return async (last, take) => {
    const rows = await db.campaign.findMany({
      where: { ...inAcademies(scope), ...(q.annee?.length ? { schoolYearId: { in: q.annee } } : {}), ...after(last) },
      orderBy: { id: "asc" },
      take,
      include: { academy: { select: { code: true } }, surveyVersion: { select: { key: true, version: true, title: true } }, _count: { select: { invitees: true } } },
    });
    const counts = rows.length
      ? await db.surveyResponse.groupBy({ by: ["campaignId", "status"], where: { campaignId: { in: rows.map((r) => r.id) } }, _count: { _all: true } })
      : [];
    const count = (id: string, status: string) => counts.find((c) => c.campaignId === id && c.status === status)?._count._all ?? 0;
    return rows.map((c) => ({
      id: c.id, title: c.title, academyCode: c.academy.code, schoolYear: c.schoolYearId, survey: c.surveyVersion,
      opensAt: iso(c.opensAt), closesAt: iso(c.closesAt), invited: c._count.invitees, submitted: count(c.id, "SUBMITTED"), drafts: count(c.id, "DRAFT"),
    }));
  };
}

/** A campaign id of the request must belong to the scope: another académie's is a 404, as everywhere. */
export async function requireCampaign(scope: ApiScope, id: string | undefined) {
  if (!id) return;
  const found = await db.campaign.count({ where: { id, ...inAcademies(scope) } });
  if (!found) throw new ApiError(404, "Cette campagne n'existe pas ou ce jeton n'y a pas accès.");
}

const definitions = new Map<string, unknown>();
async function definitionsOf(ids: string[]) {
  const missing = ids.filter((id) => !definitions.has(id));
  if (missing.length) for (const v of await db.surveyVersion.findMany({ where: { id: { in: missing } }, select: { id: true, definition: true } })) definitions.set(v.id, v.definition);
  return (id: string) => definitions.get(id);
}

const closedCache = new Map<string, Set<string>>();
const closedQuestions = (versionId: string, definition: unknown) => {
  let names = closedCache.get(versionId);
  if (!names) closedCache.set(versionId, (names = closedQuestionNames(definition)));
  return names;
};

type FactRow = { indicator: string; question: string; numericValue: number | null; textValue: string | null };
/** Without the personal-data right: numbers, and the texts of closed questions (a choice); never an "other" text. */
function anonymousFacts(facts: FactRow[], closed: Set<string>): FactRow[] {
  return facts
    .filter((f) => !f.indicator.endsWith(".other") && (f.numericValue !== null || closed.has(f.question)))
    .map((f) => (closed.has(f.question) ? f : { ...f, textValue: null }));
}

export function responses(scope: ApiScope, q: z.output<typeof responsesQuery>): BatchReader {
  return async (last, take) => {
    const rows = await db.surveyResponse.findMany({
      where: {
        status: "SUBMITTED",
        campaign: { ...inAcademies(scope), ...(q.annee?.length ? { schoolYearId: { in: q.annee } } : {}) },
        establishment: establishmentWhere(scope, q),
        ...(q.campagne ? { campaignId: q.campagne } : {}),
        ...after(last),
      },
      orderBy: { id: "asc" },
      take,
      select: {
        id: true, campaignId: true, surveyVersionId: true, submittedAt: true, data: true,
        campaign: { select: { schoolYearId: true } },
        establishment: establishmentRef,
        respondent: scope.personalData ? personSelect : false,
        facts: { select: { indicator: true, question: true, numericValue: true, textValue: true }, orderBy: [{ indicator: "asc" }, { id: "asc" }] },
      },
    });
    const definition = await definitionsOf([...new Set(rows.map((r) => r.surveyVersionId))]);
    return rows.map((r) => ({
      id: r.id, campaignId: r.campaignId, schoolYear: r.campaign.schoolYearId, establishment: r.establishment, submittedAt: iso(r.submittedAt),
      // Free text is personal data when it may name someone: an "other" text or a comment goes only with the right.
      indicators: scope.personalData ? r.facts : anonymousFacts(r.facts, closedQuestions(r.surveyVersionId, definition(r.surveyVersionId))),
      answers: scope.personalData ? (r.data as Record<string, unknown>) : closedAnswers(definition(r.surveyVersionId), r.data),
      ...(scope.personalData ? { respondent: r.respondent ?? null } : {}),
    }));
  };
}

export function letters(scope: ApiScope, q: z.output<typeof lettersQuery>): BatchReader {
  return async (last, take) => {
    const rows = await db.missionLetter.findMany({
      where: {
        establishment: establishmentWhere(scope, q),
        ...(q.annee?.length ? { schoolYearId: { in: q.annee } } : {}),
        ...(q.statut ? { status: q.statut } : {}),
        ...after(last),
      },
      orderBy: { id: "asc" },
      take,
      include: { establishment: establishmentRef, attributions: { orderBy: { position: "asc" } } },
    });
    return rows.map((l) => ({
      id: l.id, schoolYear: l.schoolYearId, establishment: l.establishment, status: l.status, pupilCount: l.pupilCount,
      envelopeCents: l.envelopeCents, topUpCents: l.topUpCents, attributedCents: l.attributedCents,
      submittedAt: iso(l.submittedAt), signedAt: iso(l.signedAt), validatedAt: iso(l.validatedAt),
      attributions: l.attributions.map((a) => ({
        position: a.position, staffStatus: a.staffStatus, discipline: a.discipline, newcomer: a.newcomer, impCents: a.impCents,
        reliefHours: a.reliefHours, startsOn: isoDay(a.startsOn), endsOn: isoDay(a.endsOn),
        ...(scope.personalData ? { person: { firstName: a.firstName, lastName: a.lastName, email: a.email } } : {}),
      })),
    }));
  };
}

function sessionWhere(scope: ApiScope, years: string[] | undefined): Prisma.TrainingSessionWhereInput {
  const ranges = inSchoolYears(years);
  return { course: inAcademies(scope), ...(ranges ? { OR: ranges.map((r) => ({ startsAt: r })) } : {}) };
}

export function sessions(scope: ApiScope, q: z.output<typeof sessionsQuery>): BatchReader {
  return async (last, take) => {
    const base = sessionWhere(scope, q.annee);
    const rows = await db.trainingSession.findMany({
      where: { ...base, course: { ...inAcademies(scope), ...(q.formation ? { kind: q.formation } : {}) }, ...after(last) },
      orderBy: { id: "asc" },
      take,
      include: { course: { select: { id: true, title: true, kind: true, audience: true, academy: { select: { code: true } } } } },
    });
    const ids = rows.map((r) => r.id);
    const [byStatus, attended] = ids.length
      ? await Promise.all([
          db.trainingRegistration.groupBy({ by: ["sessionId", "status"], where: { sessionId: { in: ids } }, _count: { _all: true } }),
          db.trainingRegistration.groupBy({ by: ["sessionId"], where: { sessionId: { in: ids }, attended: true }, _count: { _all: true } }),
        ])
      : [[], []];
    const count = (id: string, status: string) => byStatus.find((c) => c.sessionId === id && c.status === status)?._count._all ?? 0;
    return rows.map((s) => ({
      id: s.id,
      course: { id: s.course.id, title: s.course.title, kind: s.course.kind, audience: s.course.audience },
      academyCode: s.course.academy.code,
      startsAt: iso(s.startsAt), endsAt: iso(s.endsAt), venueMode: s.venueMode, address: s.address, capacity: s.capacity,
      registrationDeadline: iso(s.registrationDeadline), zoneCode: s.zoneCode, establishmentType: s.establishmentType, cancelledAt: iso(s.cancelledAt),
      registered: count(s.id, "REGISTERED"), waitlisted: count(s.id, "WAITLISTED"), attended: attended.find((a) => a.sessionId === s.id)?._count._all ?? 0,
    }));
  };
}

export async function requireSession(scope: ApiScope, id: string | undefined) {
  if (!id) return;
  const found = await db.trainingSession.count({ where: { id, course: inAcademies(scope) } });
  if (!found) throw new ApiError(404, "Cette session n'existe pas ou ce jeton n'y a pas accès.");
}

export function registrations(scope: ApiScope, q: z.output<typeof registrationsQuery>): BatchReader {
  return async (last, take) => {
    const rows = await db.trainingRegistration.findMany({
      where: {
        session: sessionWhere(scope, q.annee),
        ...(q.session ? { sessionId: q.session } : {}),
        ...(q.statut ? { status: q.statut } : {}),
        ...after(last),
      },
      orderBy: { id: "asc" },
      take,
      select: {
        id: true, sessionId: true, kind: true, status: true, createdAt: true, cancelledAt: true, attended: true,
        establishment: establishmentRef,
        user: scope.personalData ? personSelect : false,
      },
    });
    return rows.map((r) => ({
      id: r.id, sessionId: r.sessionId, establishment: r.establishment, kind: r.kind, status: r.status,
      createdAt: iso(r.createdAt), cancelledAt: iso(r.cancelledAt), attended: r.attended,
      ...(scope.personalData ? { person: r.user ?? null } : {}),
    }));
  };
}
