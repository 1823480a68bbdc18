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
  /** Académies offered in the filter (more than one only for an administrator or a multi-académie grant). */
  academies: { id: string; name: string }[];
  /** Académies whose campaigns the actor runs (reminders, response links, workbook). */
  managed: "all" | string[];
};

export async function resolveDashboardScope(actor: Actor, academyFilter?: string): Promise<DashboardScope> {
  const grants = activeGrants(actor, currentSchoolYearId());
  const admin = grants.some((g) => g.role === "ADMIN");
  const visible = [...new Set(grants.filter((g) => g.role === "DANE" || g.role === "RECTORAT").map((g) => g.academyId))];
  const managed = admin ? "all" : [...new Set(grants.filter((g) => g.role === "DANE").map((g) => g.academyId))];
  const academies = await db.academy.findMany({
    where: admin ? {} : { id: { in: visible } },
    orderBy: { name: "asc" },
    select: { id: true, name: true },
  });
  if (academyFilter) {
    if (!academies.some((a) => a.id === academyFilter)) throw new DashboardError(404, ACADEMY_NOT_FOUND);
    return { academyIds: [academyFilter], academies, managed };
  }
  return { academyIds: admin ? "all" : visible, academies, managed };
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

/** Values offered by the filters: school years with campaigns, départements and bassins of the scope. */
export async function dashboardFilterOptions(scope: DashboardScope) {
  const [years, zones] = await Promise.all([
    db.$queryRaw<{ id: string }[]>`
      SELECT DISTINCT c."schoolYearId" AS id FROM "Campaign" c WHERE true ${academyCondition(scope, Prisma.sql`c."academyId"`)} ORDER BY 1 DESC`,
    db.$queryRaw<{ level: string; code: string; name: string | null }[]>`
      SELECT 'departement' AS level, e."departmentCode" AS code, max(e."departmentName") AS name
        FROM "Establishment" e WHERE e."departmentCode" IS NOT NULL ${academyCondition(scope, Prisma.sql`e."academyId"`)} GROUP BY 2
      UNION ALL
      SELECT 'bassin', e."basinCode", max(e."basinName")
        FROM "Establishment" e WHERE e."basinCode" IS NOT NULL ${academyCondition(scope, Prisma.sql`e."academyId"`)} GROUP BY 2
      ORDER BY 1, 3, 2`,
  ]);
  const zone = (level: string) => zones.filter((z) => z.level === level).map((z) => ({ code: z.code, name: z.name ?? z.code }));
  return { schoolYears: years.map((y) => y.id), departments: zone("departement"), basins: zone("bassin"), academies: scope.academies };
}
