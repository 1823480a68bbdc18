// The national view (issue 17 part 3, ADR 022): the ministry (NATIONAL) and administrators compare académies. Reads
// the pre-aggregates per (académie, school year, establishment type) that triggers keep in step with the bilans and
// the lettres de mission, and per campaign for participation; no personal data is read at all.
import { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { seesNationalView, type Actor } from "../domain/permissions.ts";
import { nationalView, type EstablishmentTypeKey } from "../domain/dashboards/national.ts";
import { DashboardError, ACADEMY_NOT_FOUND } from "./dashboards-scope.server.ts";

export const NATIONAL_FORBIDDEN = "La vue nationale est réservée au ministère et aux administrateurs.";
export const YEAR_NOT_FOUND = "Aucune donnée pour cette année scolaire.";

type SumsDbRow = {
  responses: number; exceed: number;
  pedagogical_support: number; leadership_advice: number; assistance: number; online_services: number; communication: number; training: number;
};
type WorkloadDbRow = SumsDbRow & { academy_id: string; school_year: string; type: EstablishmentTypeKey };
type ImpDbRow = { academy_id: string; school_year: string; letters: number; pupils: number; envelope: number; attributed: number; top_up: number; referents: number; imp_referents: number };

const SUMS = Prisma.sql`sum(responses)::int AS responses, sum(exceed)::int AS exceed,
  sum("pedagogicalSupport")::float8 AS pedagogical_support, sum("leadershipAdvice")::float8 AS leadership_advice, sum(assistance)::float8 AS assistance,
  sum("onlineServices")::float8 AS online_services, sum(communication)::float8 AS communication, sum(training)::float8 AS training`;

/**
 * The workload groups the page needs, in one statement and only as many rows as it shows: the selected year per
 * (académie, type), every year per (académie, year), and one académie per (type, year) when asked for.
 */
export const nationalWorkloadSql = (schoolYear: string, academyId: string | null) => Prisma.sql`
  SELECT CASE WHEN GROUPING("establishmentType") = 1 THEN 'year' ELSE 'type' END AS dim,
    "academyId" AS academy_id, "schoolYearId" AS school_year, "establishmentType"::text AS type, ${SUMS}
  FROM "NationalWorkloadAggregate"
  WHERE responses > 0
  GROUP BY GROUPING SETS (("academyId", "schoolYearId", "establishmentType"), ("academyId", "schoolYearId"))
  HAVING GROUPING("establishmentType") = 1
    OR "schoolYearId" = ${schoolYear}
    OR "academyId" = ${academyId}`;

/** Validated letters only (the figures the rectorats notified and will pay): per académie for the year, and per year. */
export const nationalImpSql = (schoolYear: string) => Prisma.sql`
  SELECT "academyId" AS academy_id, "schoolYearId" AS school_year, sum(letters)::int AS letters,
    sum(pupils)::float8 AS pupils, sum("envelopeCents")::float8 AS envelope, sum("attributedCents")::float8 AS attributed,
    sum("topUpCents")::float8 AS top_up, sum(referents)::int AS referents, sum("impReferents")::int AS imp_referents
  FROM "NationalImpAggregate" WHERE status = 'VALIDATED' AND letters > 0
  GROUP BY GROUPING SETS (("academyId", "schoolYearId"), ("schoolYearId"))
  HAVING GROUPING("academyId") = 1 OR "schoolYearId" = ${schoolYear}`;

const sumsOf = (r: SumsDbRow) => ({
  responses: r.responses, exceed: r.exceed,
  sums: {
    pedagogical_support: r.pedagogical_support, leadership_advice: r.leadership_advice, assistance: r.assistance,
    online_services: r.online_services, communication: r.communication, training: r.training,
  },
});

/**
 * Invited and answered per académie, for the bilan campaigns about one school year: the per-campaign counts that
 * triggers keep (the participation dashboard's rules, migration 20261202182006), summed.
 */
export const nationalParticipationSql = (schoolYear: string) => Prisma.sql`
  SELECT "academyId" AS academy_id, sum(invited)::int AS invited, sum(submitted)::int AS submitted
  FROM "NationalParticipationAggregate" WHERE "schoolYearId" = ${schoolYear} GROUP BY 1`;

async function participation(schoolYear: string) {
  const rows = await db.$queryRaw<{ academy_id: string; invited: number; submitted: number }[]>(nationalParticipationSql(schoolYear));
  return rows.map((r) => ({ academyId: r.academy_id, invited: r.invited, submitted: r.submitted }));
}

async function academyList() {
  const academies = await db.academy.findMany({ select: { id: true, name: true } });
  return academies.sort((a, b) => a.name.localeCompare(b.name, "fr") || a.id.localeCompare(b.id));
}

export type NationalQuery = { schoolYear?: string; academyId?: string };

export async function nationalPage(actor: Actor, query: NationalQuery) {
  if (!seesNationalView(actor, currentSchoolYearId())) throw new DashboardError(403, NATIONAL_FORBIDDEN);
  // The years first (two scans of ~1 500-row tables): every other statement depends on the year, and they then run
  // side by side.
  const years = await db.$queryRaw<{ year: string; bilans: boolean }[]>`
    SELECT year, bool_or(bilans) AS bilans FROM (
      SELECT "schoolYearId" AS year, true AS bilans FROM "NationalWorkloadAggregate" WHERE responses > 0
      UNION SELECT "schoolYearId", false FROM "NationalImpAggregate" WHERE status = 'VALIDATED' AND letters > 0) y
    GROUP BY year`;
  const schoolYears = years.map((y) => y.year).sort().reverse();
  if (query.schoolYear && !schoolYears.includes(query.schoolYear)) throw new DashboardError(404, YEAR_NOT_FOUND);
  // By default the latest year with bilans (the current year's letters are validated long before its bilans).
  const schoolYear = query.schoolYear ?? years.filter((y) => y.bilans).map((y) => y.year).sort().reverse()[0] ?? schoolYears[0] ?? null;
  if (!schoolYear) {
    const academies = await academyList();
    if (query.academyId && !academies.some((a) => a.id === query.academyId)) throw new DashboardError(404, ACADEMY_NOT_FOUND);
    return { schoolYears, academies, view: null };
  }
  const [academies, workloadRows, impRows, participationRows] = await Promise.all([
    academyList(),
    db.$queryRaw<(WorkloadDbRow & { dim: "type" | "year" })[]>(nationalWorkloadSql(schoolYear, query.academyId ?? null)),
    db.$queryRaw<ImpDbRow[]>(nationalImpSql(schoolYear)),
    participation(schoolYear),
  ]);
  if (query.academyId && !academies.some((a) => a.id === query.academyId)) throw new DashboardError(404, ACADEMY_NOT_FOUND);
  const cell = (r: WorkloadDbRow) => ({ academyId: r.academy_id, schoolYearId: r.school_year, type: r.type, ...sumsOf(r) });
  // A 'type' row of the selected year feeds the comparison, and, for the académie asked for, its detail too.
  const view = nationalView({
    academies, schoolYear, schoolYears,
    workload: workloadRows.filter((r) => r.dim === "type" && r.school_year === schoolYear).map(cell),
    workloadByYear: workloadRows.filter((r) => r.dim === "year").map(({ type: _type, ...r }) => ({ academyId: r.academy_id, schoolYearId: r.school_year, ...sumsOf(r) })),
    academyWorkload: query.academyId ? workloadRows.filter((r) => r.dim === "type" && r.academy_id === query.academyId).map(cell) : undefined,
    imp: impRows.filter((r) => r.academy_id !== null).map((r) => ({
      academyId: r.academy_id, schoolYearId: r.school_year, letters: r.letters, pupils: r.pupils, envelopeCents: r.envelope,
      attributedCents: r.attributed, topUpCents: r.top_up, referents: r.referents, impReferents: r.imp_referents,
    })),
    impByYear: impRows.filter((r) => r.academy_id === null).map((r) => ({ schoolYearId: r.school_year, pupils: r.pupils, attributedCents: r.attributed, referents: r.referents })),
    participation: participationRows,
    academyId: query.academyId,
  });
  return { schoolYears, academies, view };
}
