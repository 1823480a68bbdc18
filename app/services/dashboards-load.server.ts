// The load dashboard: how the referents' weekly hours split between activities, from the bilan facts
// (ResponseFact, one row per indicator of a submitted bilan, ADR 006). Everything is aggregated in PostgreSQL;
// only aggregates come back (a few dozen rows), never the responses.
import { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import type { DashboardFilters, ExceedingSort } from "../domain/dashboards/filters.ts";
import { ESTABLISHMENT_TYPE_LABELS, SECTOR_LABELS } from "../domain/labels.ts";
import {
  WORKLOAD_KEYS,
  histogram,
  round2,
  round3,
  share,
  workloadRow,
  type WorkloadKey,
  type WorkloadRow,
  type WorkloadSums,
} from "../domain/dashboards/workload.ts";
import { academyCondition, establishmentConditions, hasEstablishmentConditions, type DashboardScope } from "./dashboards-scope.server.ts";

const UNKNOWN_ZONE = "Zone non renseignée";

export type LoadQuery = {
  filters: DashboardFilters;
  /** School years the panels cover (the year-over-year panel covers every year). */
  schoolYears: string[];
  /** Only this campaign (the workbook of one campaign). */
  campaignId?: string;
};

/** Columns of "ResponseWorkload" (one row per submitted bilan, kept by a trigger from its facts: ADR 010). */
const WORKLOAD_COLUMNS: Record<WorkloadKey, string> = {
  pedagogical_support: "pedagogicalSupport",
  leadership_advice: "leadershipAdvice",
  assistance: "assistance",
  online_services: "onlineServices",
  communication: "communication",
  training: "training",
};

/**
 * One row per submitted bilan in scope: its establishment, campaign, school year and hours per category (`h_<key>`).
 * `years` null = every year. With `establishment`, also the establishment's columns (type, sector, zones, name);
 * "Establishment" is joined only when they or an establishment filter need it (the year-over-year panel of a
 * whole country then reads the narrow table alone).
 */
export function bilanHours(
  scope: DashboardScope,
  filters: DashboardFilters,
  years: string[] | null,
  campaignId?: string,
  establishment = false,
): Prisma.Sql {
  const hours = WORKLOAD_KEYS.map((k) => Prisma.raw(`w."${WORKLOAD_COLUMNS[k]}" AS h_${k}`));
  const referents =
    filters.referents === "1" ? Prisma.sql`AND w."referentCount" < 2`
    : filters.referents === "2" ? Prisma.sql`AND w."referentCount" >= 2 AND w."referentCount" < 3`
    : filters.referents === "3+" ? Prisma.sql`AND w."referentCount" >= 3`
    : Prisma.empty;
  const join = establishment || hasEstablishmentConditions(filters);
  const zone = filters.zoneLevel === "bassin"
    ? Prisma.sql`e."basinCode" AS zone_code, e."basinName" AS zone_name`
    : Prisma.sql`e."departmentCode" AS zone_code, e."departmentName" AS zone_name`;
  return Prisma.sql`
    SELECT w."responseId" AS response_id, w."establishmentId" AS establishment_id, w."campaignId" AS campaign_id,
      w."schoolYearId" AS school_year, ${Prisma.join(hours, ", ")}
      ${establishment ? Prisma.sql`, e."type", e."sector", ${zone}, e.uai, e.name, e."academyId" AS academy_id` : Prisma.empty}
    FROM "ResponseWorkload" w
    ${join ? Prisma.sql`JOIN "Establishment" e ON e.id = w."establishmentId"` : Prisma.empty}
    WHERE true
      ${academyCondition(scope, Prisma.sql`w."academyId"`)}
      ${join ? academyCondition(scope, Prisma.sql`e."academyId"`) : Prisma.empty}
      ${years ? Prisma.sql`AND w."schoolYearId" = ANY(${years}::text[])` : Prisma.empty}
      ${campaignId ? Prisma.sql`AND w."campaignId" = ${campaignId}` : Prisma.empty}
      ${establishmentConditions(filters)}
      ${referents}`;
}

const H = (key: WorkloadKey) => Prisma.raw(`h_${key}`);
const TOTAL = Prisma.raw(WORKLOAD_KEYS.map((k) => `h_${k}`).join(" + "));
const sumColumns = Prisma.join(WORKLOAD_KEYS.map((k) => Prisma.sql`sum(${H(k)})::float8 AS ${Prisma.raw(`s_${k}`)}`), ", ");

type SumsRow = { [K in `s_${WorkloadKey}`]: number };
const sumsOf = (r: SumsRow): WorkloadSums => Object.fromEntries(WORKLOAD_KEYS.map((k) => [k, r[`s_${k}`] ?? 0])) as WorkloadSums;

type BreakdownRow = SumsRow & {
  dim: "type" | "sector" | "zone" | "bin" | "all";
  type: string | null;
  sector: string | null;
  zone_code: string | null;
  zone_name: string | null;
  bin: number | null;
  responses: number;
  establishments: number;
  exceed: number;
  no_hours: number;
};

/** The panels of the selected years in one scan: per type, sector, zone, histogram bin, and the totals. */
export function breakdownsSql(scope: DashboardScope, q: LoadQuery): Prisma.Sql {
  return Prisma.sql`
    WITH x AS (
      SELECT r.*, CASE WHEN ${TOTAL} > 0 THEN least(floor(10 * h_assistance / (${TOTAL})), 9)::int END AS bin
      FROM (${bilanHours(scope, q.filters, q.schoolYears, q.campaignId, true)}) r
    )
    SELECT
      CASE WHEN GROUPING(type) = 0 THEN 'type' WHEN GROUPING(sector) = 0 THEN 'sector'
           WHEN GROUPING(zone_code) = 0 THEN 'zone' WHEN GROUPING(bin) = 0 THEN 'bin' ELSE 'all' END AS dim,
      type::text AS type, sector::text AS sector, zone_code, max(zone_name) AS zone_name, bin,
      count(*)::int AS responses,
      -- A DISTINCT aggregate would force sorted grouping sets; counted once, apart.
      (SELECT count(DISTINCT establishment_id) FROM x)::int AS establishments,
      count(*) FILTER (WHERE h_assistance > h_pedagogical_support)::int AS exceed,
      count(*) FILTER (WHERE bin IS NULL)::int AS no_hours,
      ${sumColumns}
    FROM x
    GROUP BY GROUPING SETS ((type), (sector), (zone_code), (bin), ())`;
}

const breakdowns = (scope: DashboardScope, q: LoadQuery) => db.$queryRaw<BreakdownRow[]>(breakdownsSql(scope, q));

export function byYearSql(scope: DashboardScope, q: LoadQuery): Prisma.Sql {
  return Prisma.sql`
    WITH r AS (${bilanHours(scope, q.filters, null, q.campaignId)})
    SELECT school_year, count(*)::int AS responses, ${sumColumns} FROM r GROUP BY school_year ORDER BY school_year`;
}

const byYear = (scope: DashboardScope, q: LoadQuery) => db.$queryRaw<(SumsRow & { school_year: string; responses: number })[]>(byYearSql(scope, q));

const EXCEEDING_SORTS: Record<ExceedingSort, Prisma.Sql> = {
  ecart: Prisma.raw(`gap DESC, name ASC`),
  part: Prisma.raw(`share DESC NULLS LAST, name ASC`),
  assistance: Prisma.raw(`assistance DESC, name ASC`),
  nom: Prisma.raw(`name ASC, school_year DESC`),
  annee: Prisma.raw(`school_year DESC, gap DESC, name ASC`),
};
export const EXCEEDING_LIMIT = 100;

/** Establishments (per campaign) whose referents together declare more assistance than accompaniment. */
type ExceedingDbRow = {
  establishment_id: string; campaign_id: string; school_year: string; uai: string; name: string; type: string;
  zone: string | null; academy_id: string; referents: number; assistance: number; pedagogical: number; total: number;
  gap: number; share: number | null; matching: number;
};

export function exceedingSql(scope: DashboardScope, q: LoadQuery, sort: ExceedingSort, limit: number): Prisma.Sql {
  return Prisma.sql`
    WITH r AS (${bilanHours(scope, q.filters, q.schoolYears, q.campaignId, true)})
    SELECT establishment_id, campaign_id, school_year, uai, name, type::text AS type, academy_id, max(zone_name) AS zone,
      count(*)::int AS referents, sum(h_assistance)::float8 AS assistance, sum(h_pedagogical_support)::float8 AS pedagogical,
      sum(${TOTAL})::float8 AS total, (sum(h_assistance) - sum(h_pedagogical_support))::float8 AS gap,
      (sum(h_assistance) / nullif(sum(${TOTAL}), 0))::float8 AS share,
      (count(*) OVER ())::int AS matching
    FROM r
    GROUP BY establishment_id, campaign_id, school_year, uai, name, type, academy_id
    HAVING sum(h_assistance) > sum(h_pedagogical_support)
    ORDER BY ${EXCEEDING_SORTS[sort]}
    LIMIT ${limit}`;
}

const exceeding = (scope: DashboardScope, q: LoadQuery, sort: ExceedingSort, limit: number) =>
  db.$queryRaw<ExceedingDbRow[]>(exceedingSql(scope, q, sort, limit));

export type ExceedingRow = {
  establishmentId: string; campaignId: string; academyId: string; schoolYearId: string; uai: string; name: string; type: string;
  zone: string; referents: number; assistance: number; pedagogical: number; gap: number; assistanceShare: number | null;
};

export type LoadDashboard = {
  schoolYears: string[];
  totals: { responses: number; establishments: number; exceed: number; exceedShare: number | null; noHours: number };
  byType: WorkloadRow[];
  bySector: WorkloadRow[];
  byZone: WorkloadRow[];
  byYear: WorkloadRow[];
  histogram: ReturnType<typeof histogram>;
  exceeding: { rows: ExceedingRow[]; matching: number };
};

const TYPE_ORDER = Object.keys(ESTABLISHMENT_TYPE_LABELS);

export async function loadDashboard(scope: DashboardScope, q: LoadQuery, sort: ExceedingSort = "ecart", limit = EXCEEDING_LIMIT): Promise<LoadDashboard> {
  const [rows, years, over] = await Promise.all([breakdowns(scope, q), byYear(scope, q), exceeding(scope, q, sort, limit)]);
  const agg = (r: BreakdownRow, key: string, label: string) => workloadRow({ key, label, responses: r.responses, sums: sumsOf(r) });
  const all = rows.find((r) => r.dim === "all");
  const responses = all?.responses ?? 0;
  return {
    schoolYears: q.schoolYears,
    totals: {
      responses,
      establishments: all?.establishments ?? 0,
      exceed: all?.exceed ?? 0,
      exceedShare: share(all?.exceed ?? 0, responses),
      noHours: all?.no_hours ?? 0,
    },
    byType: rows
      .filter((r) => r.dim === "type")
      .sort((a, b) => TYPE_ORDER.indexOf(a.type!) - TYPE_ORDER.indexOf(b.type!))
      .map((r) => agg(r, r.type!, ESTABLISHMENT_TYPE_LABELS[r.type as keyof typeof ESTABLISHMENT_TYPE_LABELS] ?? r.type!)),
    bySector: rows
      .filter((r) => r.dim === "sector")
      .sort((a, b) => (a.sector === "PUBLIC" ? -1 : 1) - (b.sector === "PUBLIC" ? -1 : 1))
      .map((r) => agg(r, r.sector!, SECTOR_LABELS[r.sector as keyof typeof SECTOR_LABELS] ?? r.sector!)),
    byZone: rows
      .filter((r) => r.dim === "zone")
      .map((r) => agg(r, r.zone_code ?? "", r.zone_code ? `${r.zone_name ?? r.zone_code} (${r.zone_code})` : UNKNOWN_ZONE))
      .sort((a, b) => (a.key === "" ? 1 : b.key === "" ? -1 : a.label.localeCompare(b.label, "fr"))),
    byYear: years.map((r) => workloadRow({ key: r.school_year, label: r.school_year, responses: r.responses, sums: sumsOf(r) })),
    histogram: histogram(rows.filter((r) => r.dim === "bin" && r.bin !== null).map((r) => ({ bin: r.bin!, count: r.responses }))),
    exceeding: {
      matching: over[0]?.matching ?? 0,
      rows: over.map((r) => ({
        establishmentId: r.establishment_id, campaignId: r.campaign_id, academyId: r.academy_id, schoolYearId: r.school_year,
        uai: r.uai, name: r.name, type: r.type, zone: r.zone ?? UNKNOWN_ZONE, referents: r.referents,
        assistance: round2(r.assistance), pedagogical: round2(r.pedagogical), gap: round2(r.gap),
        assistanceShare: r.share === null ? null : round3(r.share),
      })),
    },
  };
}

/** The latest school year with submitted bilans in scope (the default selection), or null when there is none. */
export async function latestYearWithBilans(scope: DashboardScope): Promise<string | null> {
  const [row] = await db.$queryRaw<{ year: string | null }[]>`
    SELECT max(w."schoolYearId") AS year FROM "ResponseWorkload" w WHERE true ${academyCondition(scope, Prisma.sql`w."academyId"`)}`;
  return row?.year ?? null;
}
