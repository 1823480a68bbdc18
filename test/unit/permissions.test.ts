import { describe, expect, it } from "vitest";
import { establishmentScope, hasRole, scopeIncludes, type Actor, type RoleGrant } from "../../app/domain/permissions.ts";

const YEAR = "2026-2027";
const actor = (roles: RoleGrant[]): Actor => ({ userId: "u", email: "u@x", firstName: "U", lastName: "X", roles });
const grant = (role: RoleGrant["role"], academyId: string, establishmentId: string | null = null, schoolYearId: string | null = null): RoleGrant => ({
  role,
  academyId,
  establishmentId,
  schoolYearId,
});
const e1 = { id: "e1", academyId: "a1" };
const e2 = { id: "e2", academyId: "a1" };
const e3 = { id: "e3", academyId: "a2" };

describe("establishment scope", () => {
  it("limits a chef to their establishments", () => {
    const scope = establishmentScope(actor([grant("CHEF", "a1", "e1")]), YEAR);
    expect(scope).toEqual({ kind: "some", academyIds: [], establishmentIds: ["e1"] });
    expect(scopeIncludes(scope, e1)).toBe(true);
    expect(scopeIncludes(scope, e2)).toBe(false);
  });

  it("gives a DANE its whole académie and nothing else", () => {
    const scope = establishmentScope(actor([grant("DANE", "a1")]), YEAR);
    expect(scopeIncludes(scope, e1)).toBe(true);
    expect(scopeIncludes(scope, e2)).toBe(true);
    expect(scopeIncludes(scope, e3)).toBe(false);
  });

  it("gives an ADMIN everything", () => {
    expect(establishmentScope(actor([grant("ADMIN", "a1")]), YEAR)).toEqual({ kind: "all" });
  });

  it("ignores a RUPN designation of another school year", () => {
    const scope = establishmentScope(actor([grant("RUPN", "a1", "e1", "2024-2025")]), YEAR);
    expect(scopeIncludes(scope, e1)).toBe(false);
    const current = establishmentScope(actor([grant("RUPN", "a1", "e1", YEAR)]), YEAR);
    expect(scopeIncludes(current, e1)).toBe(true);
  });
});

describe("hasRole", () => {
  it("checks the role and the establishment", () => {
    const chef = actor([grant("CHEF", "a1", "e1")]);
    expect(hasRole(chef, { roles: ["CHEF"], establishment: e1 }, YEAR)).toBe(true);
    expect(hasRole(chef, { roles: ["CHEF"], establishment: e2 }, YEAR)).toBe(false);
    expect(hasRole(chef, { roles: ["DANE"] }, YEAR)).toBe(false);
  });

  it("lets an académie-wide role act on the académie's establishments only", () => {
    const dane = actor([grant("DANE", "a1")]);
    expect(hasRole(dane, { roles: ["DANE"], establishment: e2 }, YEAR)).toBe(true);
    expect(hasRole(dane, { roles: ["DANE"], establishment: e3 }, YEAR)).toBe(false);
    expect(hasRole(dane, { roles: ["DANE"], academyId: "a2" }, YEAR)).toBe(false);
  });

  it("does not give an établissement role an académie scope", () => {
    const rupn = actor([grant("RUPN", "a1", "e1", YEAR)]);
    expect(hasRole(rupn, { roles: ["RUPN"], academyId: "a1" }, YEAR)).toBe(false);
  });

  it("lets an ADMIN through any requirement", () => {
    expect(hasRole(actor([grant("ADMIN", "a1")]), { roles: ["DANE"], establishment: e3 }, YEAR)).toBe(true);
  });
});
