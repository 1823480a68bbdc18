import { describe, expect, it } from "vitest";
import { frenchPublicHolidays } from "../../../app/domain/trainings/holidays.ts";
import {
  classHoursCalendar,
  classHoursOverlapMinutes,
  missingSlots,
  sessionSlot,
  STANDARD_CLASS_WEEK,
  type ClassHoursCalendar,
} from "../../../app/domain/trainings/slots.ts";

const at = (iso: string) => new Date(iso);
const slot = (from: string, to: string, calendar?: ClassHoursCalendar) => sessionSlot(at(from), at(to), calendar);
const overlap = (from: string, to: string, calendar = classHoursCalendar()) =>
  classHoursOverlapMinutes(at(from), at(to), calendar);

// Winter dates are UTC+1, summer dates UTC+2: the comments give Paris time.
describe("session slot, winter (UTC+1)", () => {
  it("is during class hours on a Tuesday morning", () => {
    expect(slot("2026-01-13T07:00:00Z", "2026-01-13T09:00:00Z")).toBe("DURING_CLASS_HOURS"); // 08:00–10:00
  });

  it("is outside from 17:30 and before 08:00 (touching ends do not count)", () => {
    expect(slot("2026-01-13T16:30:00Z", "2026-01-13T18:00:00Z")).toBe("OUTSIDE_CLASS_HOURS"); // 17:30–19:00
    expect(slot("2026-01-13T05:30:00Z", "2026-01-13T07:00:00Z")).toBe("OUTSIDE_CLASS_HOURS"); // 06:30–08:00
  });

  it("classifies a session straddling 17:30 as during, by the minutes it overlaps", () => {
    expect(overlap("2026-01-13T16:00:00Z", "2026-01-13T17:30:00Z")).toBe(30); // 17:00–18:30
    expect(slot("2026-01-13T16:00:00Z", "2026-01-13T17:30:00Z")).toBe("DURING_CLASS_HOURS");
    expect(overlap("2026-01-13T16:29:00Z", "2026-01-13T17:30:00Z")).toBe(1); // 17:29–18:30
    expect(slot("2026-01-13T16:29:00Z", "2026-01-13T17:30:00Z")).toBe("DURING_CLASS_HOURS");
  });

  it("has no classes on Wednesday afternoon", () => {
    expect(slot("2026-01-14T11:00:00Z", "2026-01-14T12:30:00Z")).toBe("OUTSIDE_CLASS_HOURS"); // 12:00–13:30
    expect(overlap("2026-01-14T10:30:00Z", "2026-01-14T12:00:00Z")).toBe(30); // 11:30–13:00
  });

  it("has no classes at the weekend", () => {
    expect(slot("2026-01-17T08:00:00Z", "2026-01-17T11:00:00Z")).toBe("OUTSIDE_CLASS_HOURS"); // Saturday
    expect(slot("2026-01-18T08:00:00Z", "2026-01-18T11:00:00Z")).toBe("OUTSIDE_CLASS_HOURS"); // Sunday
  });

  it("counts every day of a multi-day session", () => {
    // Friday 18:00 → Monday 08:00, then → Monday 09:00
    expect(slot("2026-01-16T17:00:00Z", "2026-01-19T07:00:00Z")).toBe("OUTSIDE_CLASS_HOURS");
    expect(overlap("2026-01-16T17:00:00Z", "2026-01-19T08:00:00Z")).toBe(60);
    // Monday 09:00 → Tuesday 17:00: 8 h 30 + 9 h
    expect(overlap("2026-01-12T08:00:00Z", "2026-01-13T16:00:00Z")).toBe(17 * 60 + 30);
  });
});

describe("session slot, summer (UTC+2)", () => {
  it("reads the same UTC time as one hour later than in winter", () => {
    // 15:30–17:00 UTC is 16:30–18:00 in January but 17:30–19:00 in June.
    expect(slot("2026-01-13T15:30:00Z", "2026-01-13T17:00:00Z")).toBe("DURING_CLASS_HOURS");
    expect(slot("2026-06-16T15:30:00Z", "2026-06-16T17:00:00Z")).toBe("OUTSIDE_CLASS_HOURS");
    expect(slot("2026-06-16T06:00:00Z", "2026-06-16T07:00:00Z")).toBe("DURING_CLASS_HOURS"); // 08:00–09:00
  });
});

describe("session slot around the DST switches", () => {
  it("uses CET on the Friday before and CEST on the Monday after 29 March 2026", () => {
    expect(overlap("2026-03-27T16:00:00Z", "2026-03-27T17:00:00Z")).toBe(30); // Fri 17:00–18:00 CET
    expect(slot("2026-03-30T16:00:00Z", "2026-03-30T17:00:00Z")).toBe("OUTSIDE_CLASS_HOURS"); // Mon 18:00–19:00 CEST
    expect(slot("2026-03-30T06:00:00Z", "2026-03-30T07:00:00Z")).toBe("DURING_CLASS_HOURS"); // Mon 08:00–09:00 CEST
  });

  it("uses CEST on the Friday before and CET on the Monday after 25 October 2026", () => {
    expect(slot("2026-10-23T15:30:00Z", "2026-10-23T17:00:00Z")).toBe("OUTSIDE_CLASS_HOURS"); // Fri 17:30–19:00 CEST
    expect(overlap("2026-10-26T15:30:00Z", "2026-10-26T16:30:00Z")).toBe(60); // Mon 16:30–17:30 CET
  });

  it("treats the switch nights (Saturday to Sunday) as outside class hours", () => {
    expect(slot("2026-03-28T21:00:00Z", "2026-03-29T03:00:00Z")).toBe("OUTSIDE_CLASS_HOURS");
    expect(slot("2026-10-24T20:00:00Z", "2026-10-25T03:00:00Z")).toBe("OUTSIDE_CLASS_HOURS");
  });

  it("knows the switch days last 23 and 25 hours", () => {
    const allDaySunday: ClassHoursCalendar = {
      weekly: { ...STANDARD_CLASS_WEEK, 7: [{ start: "00:00", end: "24:00" }] },
      closedPeriods: [],
    };
    // Saturday noon → Monday 07:00 Paris: only the whole Sunday is "class time".
    expect(overlap("2026-03-28T12:00:00Z", "2026-03-30T05:00:00Z", allDaySunday) / 60).toBe(23);
    expect(overlap("2026-10-24T12:00:00Z", "2026-10-26T06:00:00Z", allDaySunday) / 60).toBe(25);
    expect(overlap("2026-01-17T12:00:00Z", "2026-01-19T06:00:00Z", allDaySunday) / 60).toBe(24);
  });
});

describe("closed periods", () => {
  const toussaint = { from: "2025-10-18", to: "2025-11-02", label: "Vacances de la Toussaint" };

  it("treats school holidays given as data as outside class hours", () => {
    const calendar = classHoursCalendar([toussaint]);
    expect(slot("2025-10-21T08:00:00Z", "2025-10-21T10:00:00Z", calendar)).toBe("OUTSIDE_CLASS_HOURS");
    expect(slot("2025-11-03T08:00:00Z", "2025-11-03T10:00:00Z", calendar)).toBe("DURING_CLASS_HOURS");
  });

  it("treats public holidays as outside class hours", () => {
    const calendar = classHoursCalendar(frenchPublicHolidays(2026));
    expect(slot("2026-04-06T08:00:00Z", "2026-04-06T10:00:00Z", calendar)).toBe("OUTSIDE_CLASS_HOURS"); // lundi de Pâques
    expect(slot("2026-04-07T08:00:00Z", "2026-04-07T10:00:00Z", calendar)).toBe("DURING_CLASS_HOURS");
  });

  it("rejects an inverted period and an inverted session in French", () => {
    expect(() => classHoursCalendar([{ from: "2026-02-20", to: "2026-02-07", label: "Hiver" }])).toThrow(
      /Période « Hiver » invalide/,
    );
    expect(() => slot("2026-01-13T10:00:00Z", "2026-01-13T10:00:00Z")).toThrow(/fin de la session/);
  });
});

describe("two slots per virtual class theme", () => {
  const during = { startsAt: at("2026-01-13T13:00:00Z"), endsAt: at("2026-01-13T14:00:00Z") };
  const outside = { startsAt: at("2026-01-15T17:00:00Z"), endsAt: at("2026-01-15T18:00:00Z") };

  it("asks for the missing slot", () => {
    expect(missingSlots("VIRTUAL_CLASS", [during]).map((m) => m.slot)).toEqual(["OUTSIDE_CLASS_HOURS"]);
    expect(missingSlots("VIRTUAL_CLASS", [during])[0].message).toMatch(/^Ajoutez une session hors temps de classe/);
    expect(missingSlots("VIRTUAL_CLASS", [during, { ...outside, cancelled: true }])).toHaveLength(1);
    expect(missingSlots("VIRTUAL_CLASS", [])).toHaveLength(2);
  });

  it("is satisfied by one of each, and does not apply to other trainings", () => {
    expect(missingSlots("VIRTUAL_CLASS", [during, outside])).toEqual([]);
    expect(missingSlots("REGROUPEMENT", [during])).toEqual([]);
  });
});
