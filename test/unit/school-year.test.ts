import { describe, expect, it } from "vitest";
import { schoolYearBounds, schoolYearIdFor, schoolYearOfRentree } from "../../app/domain/school-year.ts";

describe("school year", () => {
  it("switches on 1 September", () => {
    expect(schoolYearIdFor(new Date("2026-08-31T12:00:00Z"))).toBe("2025-2026");
    expect(schoolYearIdFor(new Date("2026-09-01T00:00:00Z"))).toBe("2026-2027");
  });
  it("has bounds 1 Sept → 31 Aug", () => {
    const { startsOn, endsOn } = schoolYearBounds("2025-2026");
    expect(startsOn.toISOString().slice(0, 10)).toBe("2025-09-01");
    expect(endsOn.toISOString().slice(0, 10)).toBe("2026-08-31");
  });
  it("rejects a malformed id in French", () => {
    expect(() => schoolYearBounds("2025-2027")).toThrow(/Année scolaire invalide/);
  });
  it("maps a rentrée to its school year", () => {
    expect(schoolYearOfRentree(2025)).toBe("2025-2026");
  });
});
