// Who sees which dashboards: the DANE and the rectorat of an académie see its figures, an administrator sees every
// académie. Every dashboard query takes a resolved scope and filters campaigns by académie in SQL.
import { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import { activeGrants, type Actor } from "../domain/permissions.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import type { DashboardFilters } from "../domain/dashboards/filters.ts";

/** A refusal of a dashboard service, with the HTTP status and French message the route returns. */
export class DashboardError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

export const ACADEMY_NOT_FOUND = "Cette académie n'existe pas ou vous n'y avez pas accès.";

export type DashboardScope = {
  /** The académies the figures cover ("all" only for an administrator who picked none). */
  academyIds: "all" | string[];
  /** Académies offered in the filter ("all" for an administrator; several only for a multi-académie grant). */
  offered: "all" | string[];
  /** Académies whose campaigns the actor runs (reminders, response links, workbook). */
  managed: "all" | string[];
};

/**
 * The actor's scope, from the grants already loaded with the session: no query, except to check that the académie an
 * administrator picked exists. An académie outside the scope is a 404.
 */
export async function resolveDashboardScope(actor: Actor, academyFilter?: string): Promise<DashboardScope> {
  const grants = activeGrants(actor, currentSchoolYearId());
  const admin = grants.some((g) => g.role === "ADMIN");
  const visible = [...new Set(grants.filter((g) => g.role === "DANE" || g.role === "RECTORAT").map((g) => g.academyId))];
  const managed = admin ? "all" : [...new Set(grants.filter((g) => g.role === "DANE").map((g) => g.academyId))];
  const offered = admin ? "all" : visible;
  if (academyFilter) {
    const known = admin ? (await db.academy.count({ where: { id: academyFilter } })) > 0 : visible.includes(academyFilter);
    if (!known) throw new DashboardError(404, ACADEMY_NOT_FOUND);
    return { academyIds: [academyFilter], offered, managed };
  }
  return { academyIds: offered, offered, managed };
}

export function manages(scope: DashboardScope, academyId: string): boolean {
  return scope.managed === "all" || scope.managed.includes(academyId);
}

/** `AND <column> = ANY(académies)`, or nothing for the whole country. */
export function academyCondition(scope: DashboardScope, column: Prisma.Sql): Prisma.Sql {
  return scope.academyIds === "all" ? Prisma.empty : Prisma.sql`AND ${column} = ANY(${scope.academyIds}::text[])`;
}

export function hasEstablishmentConditions(f: DashboardFilters): boolean {
  return Boolean(f.types.length || f.departmentCode || f.basinCode || f.sector || f.priority);
}

/** The establishment filters as SQL conditions on the alias `e` ("Establishment"). */
export function establishmentConditions(f: DashboardFilters): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (f.types.length) parts.push(Prisma.sql`AND e."type"::text = ANY(${f.types}::text[])`);
  if (f.departmentCode) parts.push(Prisma.sql`AND e."departmentCode" = ${f.departmentCode}`);
  if (f.basinCode) parts.push(Prisma.sql`AND e."basinCode" = ${f.basinCode}`);
  if (f.sector) parts.push(Prisma.sql`AND e."sector"::text = ${f.sector}`);
  if (f.priority === "hors") parts.push(Prisma.sql`AND e."priorityEducation" IS NULL`);
  else if (f.priority) parts.push(Prisma.sql`AND e."priorityEducation" = ${f.priority}`);
  return parts.length ? Prisma.join(parts, " ") : Prisma.empty;
}

/**
 * Values offered by the filters, in one statement: school years with campaigns, départements and bassins of the
 * scope, and the académies the actor may pick.
 */
export async function dashboardFilterOptions(scope: DashboardScope) {
  const offered = scope.offered === "all" ? Prisma.empty : Prisma.sql`WHERE a.id = ANY(${scope.offered}::text[])`;
  const rows = await db.$queryRaw<{ level: string; code: string; name: string | null }[]>`
    SELECT 'annee' AS level, c."schoolYearId" AS code, NULL AS name FROM "Campaign" c WHERE true ${academyCondition(scope, Prisma.sql`c."academyId"`)} GROUP BY 2
    UNION ALL
    SELECT 'departement', e."departmentCode", max(e."departmentName")
      FROM "Establishment" e WHERE e."departmentCode" IS NOT NULL ${academyCondition(scope, Prisma.sql`e."academyId"`)} GROUP BY 2
    UNION ALL
    SELECT 'bassin', e."basinCode", max(e."basinName")
      FROM "Establishment" e WHERE e."basinCode" IS NOT NULL ${academyCondition(scope, Prisma.sql`e."academyId"`)} GROUP BY 2
    UNION ALL
    SELECT 'academie', a.id, a.name FROM "Academy" a ${offered}`;
  const of = (level: string) => rows.filter((r) => r.level === level);
  const byName = (a: { code: string; name: string | null }, b: { code: string; name: string | null }) =>
    (a.name ?? a.code).localeCompare(b.name ?? b.code, "fr") || a.code.localeCompare(b.code);
  const zone = (level: string) => of(level).sort(byName).map((z) => ({ code: z.code, name: z.name ?? z.code }));
  return {
    schoolYears: of("annee").map((y) => y.code).sort().reverse(),
    departments: zone("departement"),
    basins: zone("bassin"),
    academies: of("academie").sort(byName).map((a) => ({ id: a.code, name: a.name ?? a.code })),
  };
}
