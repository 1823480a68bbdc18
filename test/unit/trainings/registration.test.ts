import { describe, expect, it } from "vitest";
import { decideRegistration } from "../../../app/domain/trainings/registration.ts";
import type { RegistrationWithSession } from "../../../app/domain/trainings/types.ts";
import { at, BEFORE_DEADLINE, reg, session } from "./fixtures.ts";

const now = BEFORE_DEADLINE;

describe("capacity and waiting list", () => {
  it("registers while places are free, with the kind the training calls for", () => {
    expect(decideRegistration(session(), [], { id: "p1" }, now)).toEqual({
      outcome: "registered",
      kind: "VOLUNTEER",
      message: "Inscription confirmée.",
    });
    const kindFor = (trainingKind: "ENTRY_TRAINING" | "REGROUPEMENT") =>
      (decideRegistration(session({ trainingKind }), [], { id: "p1" }, now) as { kind: string }).kind;
    expect(kindFor("ENTRY_TRAINING")).toBe("DESIGNATED");
    expect(kindFor("REGROUPEMENT")).toBe("CONVOKED");
  });

  it("puts people on the waiting list once the session is full, with their position", () => {
    const existing = [reg("p1", "REGISTERED", "2026-01-02T10:00:00Z"), reg("p2", "REGISTERED", "2026-01-02T10:01:00Z")];
    expect(decideRegistration(session(), existing, { id: "p3" }, now)).toEqual({
      outcome: "waitlisted",
      kind: "VOLUNTEER",
      position: 1,
      message: "Session complète : inscription sur la liste d'attente, en position 1.",
    });
    existing.push(reg("p3", "WAITLISTED", "2026-01-02T10:02:00Z"));
    expect(decideRegistration(session(), existing, { id: "p4" }, now)).toMatchObject({ outcome: "waitlisted", position: 2 });
  });

  it("fills 3 places from 5 requests in order: 3 registered, 2 waiting", () => {
    const s = session({ capacity: 3 });
    const state: RegistrationWithSession[] = [];
    const outcomes = ["p1", "p2", "p3", "p4", "p5"].map((person, i) => {
      const decision = decideRegistration(s, state, { id: person }, now);
      if (decision.outcome !== "refused") {
        const status = decision.outcome === "registered" ? "REGISTERED" : "WAITLISTED";
        state.push(reg(person, status, `2026-01-02T10:0${i}:00Z`, s));
      }
      return decision.outcome === "waitlisted" ? `waitlisted ${decision.position}` : decision.outcome;
    });
    expect(outcomes).toEqual(["registered", "registered", "registered", "waitlisted 1", "waitlisted 2"]);
  });

  it("does not count cancelled registrations", () => {
    const existing = [reg("p1", "REGISTERED", "2026-01-02T10:00:00Z"), reg("p2", "CANCELLED", "2026-01-02T10:01:00Z")];
    expect(decideRegistration(session(), existing, { id: "p3" }, now).outcome).toBe("registered");
  });

  it("never lets a newcomer jump the queue while someone waits, even if a place is free", () => {
    const existing = [reg("p1", "REGISTERED", "2026-01-02T10:00:00Z"), reg("p2", "WAITLISTED", "2026-01-02T10:01:00Z")];
    expect(decideRegistration(session(), existing, { id: "p3" }, now)).toMatchObject({ outcome: "waitlisted", position: 2 });
  });
});

describe("no double registration", () => {
  it("refuses someone already registered or already waiting", () => {
    const existing = [
      reg("p1", "REGISTERED", "2026-01-02T10:00:00Z"),
      reg("p2", "REGISTERED", "2026-01-02T10:01:00Z"),
      reg("p3", "WAITLISTED", "2026-01-02T10:02:00Z"),
    ];
    expect(decideRegistration(session(), existing, { id: "p1" }, now)).toEqual({
      outcome: "refused",
      code: "ALREADY_REGISTERED",
      reason: "Inscription impossible : déjà inscrit·e à cette session.",
    });
    expect(decideRegistration(session(), existing, { id: "p3" }, now)).toEqual({
      outcome: "refused",
      code: "ALREADY_WAITLISTED",
      reason: "Inscription impossible : déjà sur la liste d'attente de cette session (position 1).",
    });
  });

  it("lets someone register again after cancelling", () => {
    const existing = [reg("p1", "CANCELLED", "2026-01-02T10:00:00Z")];
    expect(decideRegistration(session(), existing, { id: "p1" }, now).outcome).toBe("registered");
  });
});

describe("deadline (inclusive to the minute, Paris time in messages)", () => {
  // Deadline: Friday 9 January 2026 at 12:00 Paris = 11:00 UTC.
  const decideAt = (iso: string) => decideRegistration(session(), [], { id: "p1" }, at(iso));

  it("accepts up to the last second of the deadline minute", () => {
    expect(decideAt("2026-01-09T10:59:59Z").outcome).toBe("registered");
    expect(decideAt("2026-01-09T11:00:00Z").outcome).toBe("registered");
    expect(decideAt("2026-01-09T11:00:59.999Z").outcome).toBe("registered");
  });

  it("refuses from the next minute on", () => {
    expect(decideAt("2026-01-09T11:01:00Z")).toEqual({
      outcome: "refused",
      code: "DEADLINE_PASSED",
      reason: "Inscription impossible : la date limite d'inscription (09/01/2026 à 12 h 00) est dépassée.",
    });
  });

  it("ignores the seconds of a deadline stored with seconds", () => {
    const s = session({ registrationDeadline: at("2026-01-09T11:00:30Z") });
    expect(decideRegistration(s, [], { id: "p1" }, at("2026-01-09T11:00:45Z")).outcome).toBe("registered");
  });

  it("without a deadline, accepts until the start and refuses from the start", () => {
    const s = session({ registrationDeadline: null });
    expect(decideRegistration(s, [], { id: "p1" }, at("2026-01-13T12:59:59Z")).outcome).toBe("registered");
    expect(decideRegistration(s, [], { id: "p1" }, at("2026-01-13T13:00:00Z"))).toMatchObject({
      outcome: "refused",
      code: "SESSION_STARTED",
    });
  });

  it("refuses a cancelled session", () => {
    expect(decideRegistration(session({ cancelled: true }), [], { id: "p1" }, now)).toMatchObject({
      outcome: "refused",
      code: "SESSION_CANCELLED",
      reason: "Inscription impossible : cette session a été annulée.",
    });
  });
});

describe("one person, one session at a time", () => {
  // The session asked for: 14:00–16:00 Paris on 13 January.
  const other = (startsAt: string, endsAt: string) =>
    session({ id: "s2", title: "Classe virtuelle : l'ENT au quotidien", startsAt: at(startsAt), endsAt: at(endsAt) });

  it("refuses an overlapping session and names it in French", () => {
    const s2 = other("2026-01-13T12:00:00Z", "2026-01-13T14:00:00Z"); // 13:00–15:00
    const existing = [reg("p1", "REGISTERED", "2026-01-02T10:00:00Z", s2)];
    expect(decideRegistration(session(), existing, { id: "p1" }, now)).toEqual({
      outcome: "refused",
      code: "OVERLAP",
      reason:
        "Inscription impossible : déjà inscrit·e à « Classe virtuelle : l'ENT au quotidien » le mardi 13 janvier 2026 de 13 h 00 à 15 h 00, sur le même horaire.",
      conflictingSessionId: "s2",
    });
  });

  it("refuses a session contained in, or containing, another one", () => {
    const day = other("2026-01-13T08:00:00Z", "2026-01-13T16:00:00Z"); // 09:00–17:00
    expect(decideRegistration(session(), [reg("p1", "REGISTERED", "2026-01-02T10:00:00Z", day)], { id: "p1" }, now).outcome).toBe(
      "refused",
    );
    const short = other("2026-01-13T13:30:00Z", "2026-01-13T14:00:00Z"); // 14:30–15:00
    expect(decideRegistration(session(), [reg("p1", "REGISTERED", "2026-01-02T10:00:00Z", short)], { id: "p1" }, now).outcome).toBe(
      "refused",
    );
  });

  it("allows sessions that only touch", () => {
    const before = other("2026-01-13T11:00:00Z", "2026-01-13T13:00:00Z"); // 12:00–14:00
    const after = { ...other("2026-01-13T15:00:00Z", "2026-01-13T16:00:00Z"), id: "s3" }; // 16:00–17:00
    const existing = [reg("p1", "REGISTERED", "2026-01-02T10:00:00Z", before), reg("p1", "REGISTERED", "2026-01-02T10:00:00Z", after)];
    expect(decideRegistration(session(), existing, { id: "p1" }, now).outcome).toBe("registered");
  });

  it("counts a waiting-list place, since promotion would be automatic", () => {
    const s2 = other("2026-01-13T14:00:00Z", "2026-01-13T16:00:00Z");
    const decision = decideRegistration(session(), [reg("p1", "WAITLISTED", "2026-01-02T10:00:00Z", s2)], { id: "p1" }, now);
    expect(decision).toMatchObject({ outcome: "refused", code: "OVERLAP" });
    expect(decision.outcome === "refused" && decision.reason).toMatch(/déjà sur la liste d'attente de « Classe virtuelle/);
  });

  it("ignores cancelled registrations and other people's sessions", () => {
    const s2 = other("2026-01-13T12:00:00Z", "2026-01-13T14:00:00Z");
    const existing = [reg("p1", "CANCELLED", "2026-01-02T10:00:00Z", s2), reg("p2", "REGISTERED", "2026-01-02T10:00:00Z", s2)];
    expect(decideRegistration(session(), existing, { id: "p1" }, now).outcome).toBe("registered");
  });
});
