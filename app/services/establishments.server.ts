// Establishments, always filtered in the query by what the actor may see.
import type { Prisma } from "../generated/prisma/client.ts";
import type { EstablishmentSector, EstablishmentType } from "../generated/prisma/enums.ts";
import { db } from "../db/db.server.ts";
import type { Actor, EstablishmentScope } from "../domain/permissions.ts";
import { currentSchoolYearId, scopeOf } from "../auth/guards.server.ts";

export function scopeWhere(scope: EstablishmentScope): Prisma.EstablishmentWhereInput {
  if (scope.kind === "all") return {};
  return { OR: [{ academyId: { in: scope.academyIds } }, { id: { in: scope.establishmentIds } }] };
}

export const PAGE_SIZE = 20;

export type EstablishmentFilters = {
  type?: EstablishmentType;
  departmentCode?: string;
  basinCode?: string;
  sector?: EstablishmentSector;
  /** "REP", "REP+" or "hors" (no priority education). */
  priority?: "REP" | "REP+" | "hors";
};

export type EstablishmentListQuery = { q?: string; page?: number; schoolYearId?: string; filters?: EstablishmentFilters };

function filterWhere(f: EstablishmentFilters = {}): Prisma.EstablishmentWhereInput {
  return {
    ...(f.type ? { type: f.type } : {}),
    ...(f.departmentCode ? { departmentCode: f.departmentCode } : {}),
    ...(f.basinCode ? { basinCode: f.basinCode } : {}),
    ...(f.sector ? { sector: f.sector } : {}),
    ...(f.priority === "hors" ? { priorityEducation: null } : f.priority ? { priorityEducation: f.priority } : {}),
  };
}

/** Values offered by the list filters, within the actor's scope. */
export async function filterOptions(actor: Actor) {
  const where = scopeWhere(scopeOf(actor));
  const [departments, basins, years] = await Promise.all([
    db.establishment.findMany({
      where: { AND: [where, { departmentCode: { not: null } }] },
      distinct: ["departmentCode"],
      select: { departmentCode: true, departmentName: true },
      orderBy: { departmentCode: "asc" },
    }),
    db.establishment.findMany({
      where: { AND: [where, { basinCode: { not: null } }] },
      distinct: ["basinCode"],
      select: { basinCode: true, basinName: true },
      orderBy: { basinName: "asc" },
    }),
    db.schoolYear.findMany({ orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  return {
    departments: departments.map((d) => ({ code: d.departmentCode!, name: d.departmentName ?? d.departmentCode! })),
    basins: basins.map((b) => ({ code: b.basinCode!, name: b.basinName ?? b.basinCode! })),
    schoolYears: years.map((y) => y.id),
  };
}

export async function listEstablishments(actor: Actor, query: EstablishmentListQuery) {
  const q = query.q?.trim();
  const where: Prisma.EstablishmentWhereInput = {
    AND: [
      scopeWhere(scopeOf(actor)),
      filterWhere(query.filters),
      q
        ? {
            OR: [
              { name: { contains: q, mode: "insensitive" } },
              { uai: { startsWith: q.toUpperCase() } },
              { commune: { contains: q, mode: "insensitive" } },
            ],
          }
        : {},
    ],
  };
  const total = await db.establishment.count({ where });
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, query.page ?? 1), pageCount);
  const schoolYearId = query.schoolYearId ?? currentSchoolYearId();
  const rows = await db.establishment.findMany({
    where,
    orderBy: [{ name: "asc" }, { uai: "asc" }],
    skip: (page - 1) * PAGE_SIZE,
    take: PAGE_SIZE,
    select: {
      id: true,
      uai: true,
      name: true,
      type: true,
      sector: true,
      commune: true,
      priorityEducation: true,
      closedAt: true,
      years: { where: { schoolYearId }, select: { pupilCount: true } },
    },
  });
  return {
    total,
    page,
    pageCount,
    schoolYearId,
    rows: rows.map(({ years, ...e }) => ({ ...e, pupilCount: years[0]?.pupilCount ?? null })),
  };
}

/** The establishment when the actor may see it, else null (the route answers 404 either way). */
export async function getEstablishmentForActor(actor: Actor, uai: string) {
  return db.establishment.findFirst({
    where: { AND: [{ uai }, scopeWhere(scopeOf(actor))] },
    include: {
      academy: { select: { name: true } },
      years: { orderBy: { schoolYearId: "desc" }, select: { schoolYearId: true, pupilCount: true, source: true } },
      roles: {
        orderBy: [{ role: "asc" }],
        select: {
          role: true,
          schoolYearId: true,
          user: { select: { firstName: true, lastName: true, email: true } },
        },
      },
    },
  });
}

/** Establishments the actor is attached to by name (RUPN, CHEF), with their referents for the current year. */
export async function myEstablishments(actor: Actor) {
  const ids = [...new Set(actor.roles.map((r) => r.establishmentId).filter((id): id is string => Boolean(id)))];
  if (ids.length === 0) return [];
  const schoolYearId = currentSchoolYearId();
  return db.establishment.findMany({
    where: { AND: [{ id: { in: ids } }, scopeWhere(scopeOf(actor))] },
    orderBy: { name: "asc" },
    select: {
      id: true,
      uai: true,
      name: true,
      type: true,
      commune: true,
      years: { where: { schoolYearId }, select: { pupilCount: true } },
      roles: {
        where: { role: "RUPN", OR: [{ schoolYearId }, { schoolYearId: null }] },
        select: { user: { select: { firstName: true, lastName: true, email: true } } },
      },
    },
  });
}

export async function academyNames(actor: Actor) {
  const ids = [...new Set(actor.roles.map((r) => r.academyId))];
  const rows = await db.academy.findMany({ where: { id: { in: ids } }, select: { name: true } });
  return rows.map((r) => r.name);
}

/** Number of establishments by type within the actor's scope (DANE home). */
export async function countByType(actor: Actor) {
  const rows = await db.establishment.groupBy({
    by: ["type"],
    where: { AND: [scopeWhere(scopeOf(actor)), { closedAt: null }] },
    _count: { _all: true },
    orderBy: { type: "asc" },
  });
  return rows.map((r) => ({ type: r.type, count: r._count._all }));
}
