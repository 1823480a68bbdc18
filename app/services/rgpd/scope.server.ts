// Who may use the RGPD tools, and on whom (ADR 020): the DANE for the people of its académie, the administrator
// for everyone. A person belongs to an académie when they hold a role there, answered a bilan for one of its
// establishments, or registered for one of its trainings. Anyone else, or a person outside the scope, is a 404.
import type { Prisma } from "../../generated/prisma/client.ts";
import { currentSchoolYearId, forbidden } from "../../auth/guards.server.ts";
import { activeGrants, type Actor } from "../../domain/permissions.ts";

export type RgpdScope = { kind: "all" } | { kind: "academies"; academyIds: string[] };

export function rgpdScope(actor: Actor): RgpdScope {
  const grants = activeGrants(actor, currentSchoolYearId());
  if (grants.some((g) => g.role === "ADMIN")) return { kind: "all" };
  const academyIds = [...new Set(grants.filter((g) => g.role === "DANE").map((g) => g.academyId))];
  if (academyIds.length === 0) forbidden("Les outils de protection des données sont réservés à la DANE et à l'administrateur.");
  return { kind: "academies", academyIds };
}

/** The people the scope covers, as a Prisma filter on User. */
export function personWhere(scope: RgpdScope): Prisma.UserWhereInput {
  if (scope.kind === "all") return {};
  const inScope = { in: scope.academyIds };
  return {
    OR: [
      { roles: { some: { academyId: inScope } } },
      { surveyResponses: { some: { establishment: { academyId: inScope } } } },
      { trainingRegistrations: { some: { session: { course: { academyId: inScope } } } } },
    ],
  };
}

/** Filter on an académie id column: everything for the administrator. */
export function academyFilter(scope: RgpdScope): { in: string[] } | undefined {
  return scope.kind === "all" ? undefined : { in: scope.academyIds };
}
