import { describe, expect, it } from "vitest";
import {
  cancelRegistration,
  cancelSession,
  changeCapacity,
  fillFromWaitingList,
  waitlistPositions,
} from "../../../app/domain/trainings/registration.ts";
import { at, BEFORE_DEADLINE, reg, session } from "./fixtures.ts";

const now = BEFORE_DEADLINE;
const status = (rs: { personId: string; status: string }[]) => Object.fromEntries(rs.map((r) => [r.personId, r.status]));

/** 2 places taken by p1, p2; p3, p4, p5 waiting (p5 asked first among equals by id). */
function fullSession() {
  return [
    reg("p1", "REGISTERED", "2026-01-02T10:00:00Z", session(), "r1"),
    reg("p2", "REGISTERED", "2026-01-02T10:01:00Z", session(), "r2"),
    reg("p3", "WAITLISTED", "2026-01-02T10:03:00Z", session(), "r3"),
    reg("p4", "WAITLISTED", "2026-01-02T10:02:00Z", session(), "r5"),
    reg("p5", "WAITLISTED", "2026-01-02T10:02:00Z", session(), "r4"),
  ];
}

describe("waiting list order", () => {
  it("orders by registration time, then by id for ties", () => {
    expect([...waitlistPositions(fullSession())]).toEqual([
      ["r4", 1],
      ["r5", 2],
      ["r3", 3],
    ]);
  });
});

describe("cancellation and promotion", () => {
  it("promotes the first on the waiting list when a registered person cancels", () => {
    const before = fullSession();
    const result = cancelRegistration(session(), before, "r1", now);
    expect(result.outcome).toBe("cancelled");
    if (result.outcome !== "cancelled") return;
    expect(result.cancelled).toMatchObject({ id: "r1", status: "CANCELLED" });
    expect(result.promoted.map((r) => r.id)).toEqual(["r4"]);
    expect(status(result.registrations)).toEqual({
      p1: "CANCELLED",
      p2: "REGISTERED",
      p3: "WAITLISTED",
      p4: "WAITLISTED",
      p5: "REGISTERED",
    });
    expect([...waitlistPositions(result.registrations)]).toEqual([
      ["r5", 1],
      ["r3", 2],
    ]);
    expect(before[0].status).toBe("REGISTERED"); // inputs are not mutated
  });

  it("promotes nobody when a waiting person cancels; the others move up", () => {
    const result = cancelRegistration(session(), fullSession(), "r4", now);
    if (result.outcome !== "cancelled") throw new Error(result.reason);
    expect(result.promoted).toEqual([]);
    expect([...waitlistPositions(result.registrations)]).toEqual([
      ["r5", 1],
      ["r3", 2],
    ]);
  });

  it("promotes after the registration deadline, but not once the session has started", () => {
    const afterDeadline = at("2026-01-12T09:00:00Z");
    const result = cancelRegistration(session(), fullSession(), "r2", afterDeadline);
    expect(result.outcome === "cancelled" && result.promoted.map((r) => r.id)).toEqual(["r4"]);
    expect(cancelRegistration(session(), fullSession(), "r2", at("2026-01-13T13:00:00Z"))).toEqual({
      outcome: "refused",
      reason: "La session a déjà commencé : l'inscription ne peut plus être annulée.",
    });
  });

  it("refuses unknown and already cancelled registrations", () => {
    const rs = [...fullSession(), reg("p6", "CANCELLED", "2026-01-02T09:00:00Z", session(), "r6")];
    expect(cancelRegistration(session(), rs, "r6", now)).toEqual({ outcome: "refused", reason: "Cette inscription est déjà annulée." });
    expect(cancelRegistration(session(), rs, "nope", now)).toEqual({
      outcome: "refused",
      reason: "Inscription introuvable pour cette session.",
    });
    expect(cancelRegistration(session({ id: "other" }), rs, "r1", now).outcome).toBe("refused");
  });
});

describe("capacity changes", () => {
  it("promotes as many waiting people as now fit when the DANE raises the capacity", () => {
    const result = changeCapacity(session(), fullSession(), 4, now);
    if (result.outcome !== "changed") throw new Error(result.reason);
    expect(result.session.capacity).toBe(4);
    expect(result.promoted.map((r) => r.id)).toEqual(["r4", "r5"]);
    expect([...waitlistPositions(result.registrations)]).toEqual([["r3", 1]]);
  });

  it("empties the waiting list when the new capacity exceeds demand", () => {
    const result = changeCapacity(session(), fullSession(), 10, now);
    expect(result.outcome === "changed" && result.promoted.map((r) => r.id)).toEqual(["r4", "r5", "r3"]);
  });

  it("lowers the capacity down to the confirmed registrations, not below", () => {
    const rs = fullSession().filter((r) => r.status === "REGISTERED");
    expect(changeCapacity(session({ capacity: 5 }), rs, 2, now)).toMatchObject({ outcome: "changed", promoted: [] });
    expect(changeCapacity(session({ capacity: 5 }), rs, 1, now)).toEqual({
      outcome: "refused",
      reason: "Impossible de réduire la capacité à 1 place : 2 personnes sont déjà inscrites. Annulez d'abord des inscriptions.",
    });
  });

  it("rejects a capacity that is not a positive whole number", () => {
    for (const capacity of [0, -3, 2.5, Number.NaN, 2_147_483_648, 10_001]) {
      expect(changeCapacity(session(), [], capacity, now)).toEqual({
        outcome: "refused",
        reason: "La capacité doit être un nombre entier de places, entre 1 et 10 000.",
      });
    }
  });

  it("repairs a state where places are free while people wait", () => {
    const rs = fullSession().filter((r) => r.personId !== "p2");
    expect(fillFromWaitingList(session(), rs, now).promoted.map((r) => r.id)).toEqual(["r4"]);
    expect(fillFromWaitingList(session({ cancelled: true }), rs, now).promoted).toEqual([]);
  });
});

describe("cancelling a whole session", () => {
  it("cancels every active registration and lists who to notify, as they were", () => {
    const rs = [...fullSession(), reg("p6", "CANCELLED", "2026-01-02T09:00:00Z", session(), "r6")];
    const result = cancelSession(session(), rs);
    expect(result.session.cancelled).toBe(true);
    expect(result.notified.map((r) => `${r.id}:${r.status}`)).toEqual([
      "r1:REGISTERED",
      "r2:REGISTERED",
      "r4:WAITLISTED",
      "r5:WAITLISTED",
      "r3:WAITLISTED",
    ]);
    expect(result.registrations.every((r) => r.status === "CANCELLED")).toBe(true);
    expect(rs[0].status).toBe("REGISTERED");
  });
});
