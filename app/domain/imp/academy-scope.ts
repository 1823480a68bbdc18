// Who manages the IMP of which académie: the DANE and the rectorat of an académie (rule sets, letters overview,
// payroll export), an administrator every académie. Pure: services turn this into a `where`.
import { activeGrants, type Actor } from "../permissions.ts";

export const IMP_MANAGER_ROLES = ["DANE", "RECTORAT"] as const;

/** "all" for an administrator, otherwise the académies of the actor's active DANE / RECTORAT grants. */
export function impManagedAcademies(actor: Actor, currentSchoolYearId: string): "all" | string[] {
  const grants = activeGrants(actor, currentSchoolYearId);
  if (grants.some((g) => g.role === "ADMIN")) return "all";
  return [...new Set(grants.filter((g) => g.role === "DANE" || g.role === "RECTORAT").map((g) => g.academyId))];
}

export function managesAcademy(managed: "all" | string[], academyId: string): boolean {
  return managed === "all" || managed.includes(academyId);
}
