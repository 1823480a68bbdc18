import { describe, expect, it } from "vitest";
import { sessionAvailability } from "../../../app/domain/trainings/registration.ts";
import { at, session } from "./fixtures.ts";

// The session of the fixtures: Tuesday 13 January 2026, 14:00–16:00 Paris, deadline Friday 9 January 12:00 Paris,
// 2 places.
describe("what the catalogue offers of a session", () => {
  it("offers the free places while registration is open, agreeing in number", () => {
    expect(sessionAvailability(session(), { registered: 0, waitlisted: 0 }, at("2026-01-05T09:00:00Z"))).toEqual({ state: "open", free: 2, label: "2 places libres" });
    expect(sessionAvailability(session(), { registered: 1, waitlisted: 0 }, at("2026-01-05T09:00:00Z"))).toMatchObject({ label: "1 place libre" });
  });

  it("says complet with the waiting list when full", () => {
    expect(sessionAvailability(session(), { registered: 2, waitlisted: 3 }, at("2026-01-05T09:00:00Z"))).toEqual({ state: "full", label: "complet (3 en attente)" });
  });

  it("closes a session whose deadline has passed, even with free places", () => {
    expect(sessionAvailability(session(), { registered: 0, waitlisted: 0 }, at("2026-01-09T11:01:00Z"))).toMatchObject({ state: "closed" });
    expect(sessionAvailability(session({ registrationDeadline: null }), { registered: 0, waitlisted: 0 }, at("2026-01-13T12:59:00Z"))).toMatchObject({ state: "open" });
  });

  it("never offers places in a past or started session (the 3 novembre session with « 10 places libres »)", () => {
    const past = session({ capacity: 10, registrationDeadline: null, startsAt: at("2026-11-03T13:00:00Z"), endsAt: at("2026-11-03T15:00:00Z") });
    expect(sessionAvailability(past, { registered: 0, waitlisted: 0 }, at("2026-12-02T10:00:00Z"))).toEqual({ state: "past", label: "session passée, inscriptions closes" });
    expect(sessionAvailability(past, { registered: 0, waitlisted: 0 }, at("2026-11-03T14:00:00Z"))).toEqual({ state: "past", label: "session en cours, inscriptions closes" });
  });

  it("says a cancelled session is cancelled", () => {
    expect(sessionAvailability(session({ cancelled: true }), { registered: 0, waitlisted: 0 }, at("2026-01-05T09:00:00Z"))).toMatchObject({ state: "cancelled" });
  });
});
