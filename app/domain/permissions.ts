// Who may see what. Pure: callers turn a scope into a database filter.
export const ROLES = ["RUPN", "CHEF", "DANE", "RECTORAT", "ADMIN", "NATIONAL"] as const;
export type RoleName = (typeof ROLES)[number];

export const ROLE_LABELS: Record<RoleName, string> = {
  RUPN: "Référent·e RUPN",
  CHEF: "Chef d'établissement",
  DANE: "DANE",
  RECTORAT: "Rectorat",
  ADMIN: "Administrateur",
  NATIONAL: "Ministère (vue nationale)",
};

export type RoleGrant = {
  role: RoleName;
  academyId: string;
  establishmentId: string | null;
  schoolYearId: string | null;
};

export type Actor = {
  userId: string;
  email: string;
  firstName: string;
  lastName: string;
  roles: RoleGrant[];
};

/** Establishments an actor may see: everything, or the union of académies and single establishments. */
export type EstablishmentScope =
  | { kind: "all" }
  | { kind: "some"; academyIds: string[]; establishmentIds: string[] };

const ACADEMY_WIDE: RoleName[] = ["DANE", "RECTORAT"];
const ESTABLISHMENT_BOUND: RoleName[] = ["RUPN", "CHEF"];

/** A grant bound to a school year only counts during that year (RUPN are designated per year). */
export function activeGrants(actor: Actor, currentSchoolYearId: string | null): RoleGrant[] {
  return actor.roles.filter((g) => g.schoolYearId === null || g.schoolYearId === currentSchoolYearId);
}

export function establishmentScope(actor: Actor, currentSchoolYearId: string | null): EstablishmentScope {
  const grants = activeGrants(actor, currentSchoolYearId);
  if (grants.some((g) => g.role === "ADMIN")) return { kind: "all" };
  const academyIds = new Set<string>();
  const establishmentIds = new Set<string>();
  for (const g of grants) {
    if (ACADEMY_WIDE.includes(g.role)) academyIds.add(g.academyId);
    else if (ESTABLISHMENT_BOUND.includes(g.role) && g.establishmentId) establishmentIds.add(g.establishmentId);
  }
  return { kind: "some", academyIds: [...academyIds], establishmentIds: [...establishmentIds] };
}

export function scopeIncludes(
  scope: EstablishmentScope,
  establishment: { id: string; academyId: string },
): boolean {
  if (scope.kind === "all") return true;
  return scope.academyIds.includes(establishment.academyId) || scope.establishmentIds.includes(establishment.id);
}

export type RoleRequirement = {
  roles: RoleName[];
  /** When given, the role must apply to this establishment (directly, or through its académie). */
  establishment?: { id: string; academyId: string };
  /** When given, the role must apply to this académie. */
  academyId?: string;
};

/** True when one of the actor's active grants has one of the roles and covers the requested scope. */
export function hasRole(actor: Actor, requirement: RoleRequirement, currentSchoolYearId: string | null): boolean {
  return activeGrants(actor, currentSchoolYearId).some((g) => {
    if (g.role === "ADMIN") return true;
    if (!requirement.roles.includes(g.role)) return false;
    if (requirement.academyId && g.academyId !== requirement.academyId) return false;
    if (requirement.establishment) {
      if (ACADEMY_WIDE.includes(g.role)) return g.academyId === requirement.establishment.academyId;
      return g.establishmentId === requirement.establishment.id;
    }
    if (requirement.academyId && ESTABLISHMENT_BOUND.includes(g.role)) return false;
    return true;
  });
}

/**
 * The national view (ADR 022): the ministry (NATIONAL, read-only, no academy-bound grant needed) and administrators.
 * A NATIONAL grant carries an académie only because every grant row does; it gives no access to that académie.
 */
export const NATIONAL_VIEW_ROLES: RoleName[] = ["NATIONAL", "ADMIN"];

export function seesNationalView(actor: Actor, currentSchoolYearId: string | null): boolean {
  return activeGrants(actor, currentSchoolYearId).some((g) => NATIONAL_VIEW_ROLES.includes(g.role));
}

export function roleNames(actor: Actor, currentSchoolYearId: string | null): RoleName[] {
  return [...new Set(activeGrants(actor, currentSchoolYearId).map((g) => g.role))];
}
