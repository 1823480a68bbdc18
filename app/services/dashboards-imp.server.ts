// The IMP dashboard: envelopes, attributions and top-ups of the lettres de mission of the scope (MissionLetter's
// frozen figures, ImpAttribution per referent), compared with the hours the referents report (ResponseWorkload).
import { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import type { DashboardFilters } from "../domain/dashboards/filters.ts";
import { impRow, letterStatusRows, rateDistribution, statusesOf, type ImpRow, type LetterStatusFilter, type ScatterPoint } from "../domain/dashboards/imp.ts";
import { round2 } from "../domain/dashboards/workload.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../domain/labels.ts";
import { academyCondition, establishmentConditions, hasEstablishmentConditions, type DashboardScope } from "./dashboards-scope.server.ts";

export type ImpQuery = { filters: DashboardFilters; schoolYears: string[]; status: LetterStatusFilter };
export const SCATTER_LIMIT = 2000;
const TYPES = Object.keys(ESTABLISHMENT_TYPE_LABELS);
const typeLabel = (t: string) => ESTABLISHMENT_TYPE_LABELS[t as keyof typeof ESTABLISHMENT_TYPE_LABELS] ?? t;

/** Compared as the enum (not as text) so that the planner uses the column's statistics; nothing for every status. */
function statusCondition(q: ImpQuery): Prisma.Sql {
  return q.status === "toutes" ? Prisma.empty : Prisma.sql`AND l."status" = ANY(${statusesOf(q.status)}::"MissionLetterStatus"[])`;
}

/**
 * The letters in scope (alias `l`, establishment `e`); `years` null = every year. "Establishment" is joined only
 * when the scope, a filter or the caller (`withEstablishment`, for its columns) needs it.
 */
function lettersWhere(scope: DashboardScope, q: ImpQuery, years: string[] | null, join: Prisma.Sql = Prisma.empty, withEstablishment = true): Prisma.Sql {
  const establishment = withEstablishment || scope.academyIds !== "all" || hasEstablishmentConditions(q.filters);
  return Prisma.sql`
    FROM "MissionLetter" l ${establishment ? Prisma.sql`JOIN "Establishment" e ON e.id = l."establishmentId"` : Prisma.empty} ${join}
    WHERE true ${statusCondition(q)}
      ${academyCondition(scope, Prisma.sql`e."academyId"`)}
      ${years ? Prisma.sql`AND l."schoolYearId" = ANY(${years}::text[])` : Prisma.empty}
      ${establishmentConditions(q.filters)}`;
}

const sums = Prisma.sql`count(*)::int AS letters,
  coalesce(sum(l."envelopeCents"), 0)::float8 AS envelope, count(*) FILTER (WHERE l."envelopeCents" IS NULL)::int AS envelope_unknown,
  coalesce(sum(l."attributedCents"), 0)::float8 AS attributed, coalesce(sum(l."topUpCents"), 0)::float8 AS top_up,
  coalesce(sum(l."pupilCount"), 0)::float8 AS pupils,
  coalesce(sum(l."attributedCents") FILTER (WHERE l."pupilCount" > 0), 0)::float8 AS attributed_with_pupils`;

type SumRow = { letters: number; envelope: number; envelope_unknown: number; attributed: number; top_up: number; pupils: number; attributed_with_pupils: number };
const rowOf = (key: string, label: string, r: SumRow): ImpRow =>
  impRow({ key, label, letters: r.letters, envelope: r.envelope, envelopeUnknown: r.envelope_unknown, attributed: r.attributed, topUp: r.top_up, pupils: r.pupils, attributedWithPupils: r.attributed_with_pupils });

export function impBreakdownSql(scope: DashboardScope, q: ImpQuery): Prisma.Sql {
  const zone = q.filters.zoneLevel === "bassin" ? Prisma.sql`e."basinCode"` : Prisma.sql`e."departmentCode"`;
  const zoneName = q.filters.zoneLevel === "bassin" ? Prisma.sql`e."basinName"` : Prisma.sql`e."departmentName"`;
  return Prisma.sql`
    SELECT CASE WHEN GROUPING(e."type") = 0 THEN 'type' WHEN GROUPING(${zone}) = 0 THEN 'zone' ELSE 'all' END AS dim,
      e."type"::text AS type, ${zone} AS zone_code, max(${zoneName}) AS zone_name, ${sums}
    ${lettersWhere(scope, q, q.schoolYears)}
    GROUP BY GROUPING SETS ((e."type"), (${zone}), ())`;
}

export function impYearsSql(scope: DashboardScope, q: ImpQuery): Prisma.Sql {
  return Prisma.sql`SELECT l."schoolYearId" AS school_year, ${sums} ${lettersWhere(scope, q, null, Prisma.empty, false)} GROUP BY 1 ORDER BY 1`;
}

export function impRatesSql(scope: DashboardScope, q: ImpQuery): Prisma.Sql {
  return Prisma.sql`
    SELECT a."impCents" AS imp_cents, (a."reliefHours" IS NOT NULL) AS relief, count(*)::int AS count
    FROM "ImpAttribution" a JOIN (SELECT l.id ${lettersWhere(scope, q, q.schoolYears, Prisma.empty, false)}) l ON l.id = a."letterId"
    WHERE a."schoolYearId" = ANY(${q.schoolYears}::text[])
    GROUP BY 1, 2`;
}

export function impScatterSql(scope: DashboardScope, q: ImpQuery): Prisma.Sql {
  // One join and one grouping per letter (a pre-aggregated subquery of the hours misleads the planner into a
  // nested loop over it).
  const hours = Prisma.sql`w."pedagogicalSupport" + w."leadershipAdvice" + w.assistance + w."onlineServices" + w.communication + w.training`;
  return Prisma.sql`
    SELECT l.id AS letter_id, e.uai, e.name, e."type"::text AS type, l."schoolYearId" AS school_year, sum(${hours})::float8 AS hours,
      l."attributedCents"::float8 AS attributed, (count(*) OVER ())::int AS matching
    ${lettersWhere(scope, q, q.schoolYears, Prisma.sql`JOIN "ResponseWorkload" w ON w."establishmentId" = l."establishmentId" AND w."schoolYearId" = l."schoolYearId"`)}
      ${academyCondition(scope, Prisma.sql`w."academyId"`)}
    GROUP BY l.id, e.uai, e.name, e."type", l."schoolYearId", l."attributedCents"
    ORDER BY e.uai, l."schoolYearId"
    LIMIT ${SCATTER_LIMIT}`;
}

export async function impDashboard(scope: DashboardScope, q: ImpQuery) {
  const [breakdown, years, rates, scatter] = await Promise.all([
    db.$queryRaw<(SumRow & { dim: string; type: string | null; zone_code: string | null; zone_name: string | null })[]>(impBreakdownSql(scope, q)),
    db.$queryRaw<(SumRow & { school_year: string })[]>(impYearsSql(scope, q)),
    db.$queryRaw<{ imp_cents: number | null; relief: boolean; count: number }[]>(impRatesSql(scope, q)),
    db.$queryRaw<{ letter_id: string; uai: string; name: string; type: string; school_year: string; hours: number; attributed: number; matching: number }[]>(
      impScatterSql(scope, q),
    ),
  ]);
  const zoneLabel = (r: { zone_code: string | null; zone_name: string | null }) => (r.zone_code ? `${r.zone_name ?? r.zone_code} (${r.zone_code})` : "Zone non renseignée");
  const total = breakdown.find((r) => r.dim === "all");
  return {
    total: total ? rowOf("total", "Ensemble", total) : null,
    byType: breakdown.filter((r) => r.dim === "type").sort((a, b) => TYPES.indexOf(a.type!) - TYPES.indexOf(b.type!)).map((r) => rowOf(r.type!, typeLabel(r.type!), r)),
    byZone: breakdown.filter((r) => r.dim === "zone").map((r) => rowOf(r.zone_code ?? "", zoneLabel(r), r)).sort((a, b) => (a.key === "" ? 1 : b.key === "" ? -1 : a.label.localeCompare(b.label, "fr"))),
    byYear: years.map((r) => rowOf(r.school_year, r.school_year, r)),
    rates: rateDistribution(rates.map((r) => ({ impCents: r.imp_cents, relief: r.relief, count: r.count }))),
    scatter: {
      matching: scatter[0]?.matching ?? 0,
      points: scatter.map((r): ScatterPoint => ({
        key: r.letter_id, uai: r.uai, name: r.name, type: r.type, typeLabel: typeLabel(r.type), schoolYearId: r.school_year, hours: round2(r.hours), imp: r.attributed / 100,
      })),
    },
  };
}

/** The latest school year with letters in scope (the default selection), or null. */
export async function latestYearWithLetters(scope: DashboardScope): Promise<string | null> {
  const [row] = await db.$queryRaw<{ year: string | null }[]>`
    SELECT max(l."schoolYearId") AS year FROM "MissionLetter" l JOIN "Establishment" e ON e.id = l."establishmentId"
    WHERE true ${academyCondition(scope, Prisma.sql`e."academyId"`)}`;
  return row?.year ?? null;
}

/** Letters by status (NONE = no letter yet) per establishment type, for the open establishments of a school year. */
export async function lettersByStatus(scope: DashboardScope, filters: DashboardFilters, schoolYearId: string) {
  const rows = await db.$queryRaw<{ type: string | null; status: string; count: number }[]>`
    SELECT e."type"::text AS type, coalesce(l."status"::text, 'NONE') AS status, count(*)::int AS count
    FROM "Establishment" e
    LEFT JOIN "MissionLetter" l ON l."establishmentId" = e.id AND l."schoolYearId" = ${schoolYearId}
    WHERE e."closedAt" IS NULL ${academyCondition(scope, Prisma.sql`e."academyId"`)} ${establishmentConditions(filters)}
    GROUP BY GROUPING SETS ((e."type", coalesce(l."status"::text, 'NONE')), (coalesce(l."status"::text, 'NONE')))`;
  return letterStatusRows(rows.map((r) => ({ type: r.type, typeLabel: r.type ? typeLabel(r.type) : "Ensemble", status: r.status, count: r.count })), TYPES);
}
