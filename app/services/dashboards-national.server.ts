// The national view (issue 17 part 3, ADR 022): the ministry (NATIONAL) and administrators compare académies. Reads
// the pre-aggregates per (académie, school year, establishment type) that triggers keep in step with the bilans and
// the lettres de mission, and per campaign for participation; no personal data is read at all.
import { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { seesNationalView, type Actor } from "../domain/permissions.ts";
import { nationalView, type EstablishmentTypeKey, type ImpCell, type WorkloadCell } from "../domain/dashboards/national.ts";
import { DashboardError, ACADEMY_NOT_FOUND } from "./dashboards-scope.server.ts";

export const NATIONAL_FORBIDDEN = "La vue nationale est réservée au ministère et aux administrateurs.";
export const YEAR_NOT_FOUND = "Aucune donnée pour cette année scolaire.";

type WorkloadDbRow = {
  academy_id: string; school_year: string; type: EstablishmentTypeKey; responses: number; exceed: number;
  pedagogical_support: number; leadership_advice: number; assistance: number; online_services: number; communication: number; training: number;
};
type ImpDbRow = {
  academy_id: string; school_year: string; type: EstablishmentTypeKey; letters: number; pupils: number; envelope: number;
  attributed: number; top_up: number; referents: number; imp_referents: number;
};

export const nationalWorkloadSql = () => Prisma.sql`
  SELECT "academyId" AS academy_id, "schoolYearId" AS school_year, "establishmentType"::text AS type, responses, exceed,
    "pedagogicalSupport" AS pedagogical_support, "leadershipAdvice" AS leadership_advice, assistance, "onlineServices" AS online_services,
    communication, training
  FROM "NationalWorkloadAggregate" WHERE responses > 0`;

/** Validated letters only: the figures the rectorats notified and will pay. */
export const nationalImpSql = () => Prisma.sql`
  SELECT "academyId" AS academy_id, "schoolYearId" AS school_year, "establishmentType"::text AS type, letters,
    pupils::float8 AS pupils, "envelopeCents"::float8 AS envelope, "attributedCents"::float8 AS attributed, "topUpCents"::float8 AS top_up,
    referents, "impReferents" AS imp_referents
  FROM "NationalImpAggregate" WHERE status = 'VALIDATED' AND letters > 0`;

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

export type NationalQuery = { schoolYear?: string; academyId?: string };

export async function nationalPage(actor: Actor, query: NationalQuery) {
  if (!seesNationalView(actor, currentSchoolYearId())) throw new DashboardError(403, NATIONAL_FORBIDDEN);
  // The years first (two index-only reads of small tables), so that the year's participation, the slowest query,
  // runs beside the aggregates rather than after them.
  const years = await db.$queryRaw<{ year: string; bilans: boolean }[]>`
    SELECT year, bool_or(bilans) AS bilans FROM (
      SELECT "schoolYearId" AS year, true AS bilans FROM "NationalWorkloadAggregate" WHERE responses > 0
      UNION SELECT "schoolYearId", false FROM "NationalImpAggregate" WHERE status = 'VALIDATED' AND letters > 0) y
    GROUP BY year`;
  const schoolYears = years.map((y) => y.year).sort().reverse();
  if (query.schoolYear && !schoolYears.includes(query.schoolYear)) throw new DashboardError(404, YEAR_NOT_FOUND);
  // By default the latest year with bilans (the current year's letters are validated long before its bilans).
  const schoolYear = query.schoolYear ?? years.filter((y) => y.bilans).map((y) => y.year).sort().reverse()[0] ?? schoolYears[0] ?? null;
  const [academies, workloadRows, impRows, participationRows] = await Promise.all([
    db.academy.findMany({ select: { id: true, name: true } }),
    db.$queryRaw<WorkloadDbRow[]>(nationalWorkloadSql()),
    db.$queryRaw<ImpDbRow[]>(nationalImpSql()),
    schoolYear ? participation(schoolYear) : Promise.resolve([]),
  ]);
  academies.sort((a, b) => a.name.localeCompare(b.name, "fr") || a.id.localeCompare(b.id));
  if (query.academyId && !academies.some((a) => a.id === query.academyId)) throw new DashboardError(404, ACADEMY_NOT_FOUND);
  const workload: WorkloadCell[] = workloadRows.map((r) => ({
    academyId: r.academy_id, schoolYearId: r.school_year, type: r.type, responses: r.responses, exceed: r.exceed,
    sums: {
      pedagogical_support: r.pedagogical_support, leadership_advice: r.leadership_advice, assistance: r.assistance,
      online_services: r.online_services, communication: r.communication, training: r.training,
    },
  }));
  const imp: ImpCell[] = impRows.map((r) => ({
    academyId: r.academy_id, schoolYearId: r.school_year, type: r.type, letters: r.letters, pupils: r.pupils, envelopeCents: r.envelope,
    attributedCents: r.attributed, topUpCents: r.top_up, referents: r.referents, impReferents: r.imp_referents,
  }));
  if (!schoolYear) return { schoolYears, academies, view: null };
  const view = nationalView({ academies, schoolYear, schoolYears, workload, imp, participation: participationRows, academyId: query.academyId });
  return { schoolYears, academies, view };
}
