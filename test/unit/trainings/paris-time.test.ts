import { describe, expect, it } from "vitest";
import { easterSunday, frenchPublicHolidays, publicHolidaysOfSchoolYear } from "../../../app/domain/trainings/holidays.ts";
import {
  formatParisDateTime,
  formatParisLongDate,
  formatParisSpan,
  formatParisTime,
  isoWeekday,
  parisDate,
  parisOffsetMinutes,
  parisWallClock,
  parisWallClockToUtc,
} from "../../../app/domain/trainings/paris-time.ts";

const at = (iso: string) => new Date(iso);
const hhmm = (iso: string) => {
  const w = parisWallClock(at(iso));
  return `${String(w.hour).padStart(2, "0")}:${String(w.minute).padStart(2, "0")}`;
};

/** The EU rule, written independently of Intl: summer time from the last Sunday of March 01:00 UTC
 * to the last Sunday of October 01:00 UTC. */
function euRuleOffset(instant: Date): number {
  const year = instant.getUTCFullYear();
  const lastSunday = (month: number) => {
    const last = new Date(Date.UTC(year, month + 1, 0));
    return Date.UTC(year, month, last.getUTCDate() - last.getUTCDay(), 1);
  };
  const t = instant.getTime();
  return t >= lastSunday(2) && t < lastSunday(9) ? 120 : 60;
}

describe("Europe/Paris wall clock", () => {
  it("is UTC+1 in winter and UTC+2 in summer", () => {
    expect(hhmm("2026-01-13T13:00:00Z")).toBe("14:00");
    expect(parisOffsetMinutes(at("2026-01-13T13:00:00Z"))).toBe(60);
    expect(hhmm("2026-07-07T13:00:00Z")).toBe("15:00");
    expect(parisOffsetMinutes(at("2026-07-07T13:00:00Z"))).toBe(120);
  });

  it("springs forward on 29 March 2026 at 01:00 UTC (02:00 → 03:00)", () => {
    expect(hhmm("2026-03-29T00:59:00Z")).toBe("01:59");
    expect(hhmm("2026-03-29T01:00:00Z")).toBe("03:00");
    expect(parisOffsetMinutes(at("2026-03-29T00:59:59.999Z"))).toBe(60);
    expect(parisOffsetMinutes(at("2026-03-29T01:00:00Z"))).toBe(120);
  });

  it("falls back on 25 October 2026 at 01:00 UTC (03:00 → 02:00)", () => {
    expect(hhmm("2026-10-25T00:59:00Z")).toBe("02:59");
    expect(hhmm("2026-10-25T01:00:00Z")).toBe("02:00");
    expect(parisOffsetMinutes(at("2026-10-25T00:30:00Z"))).toBe(120);
    expect(parisOffsetMinutes(at("2026-10-25T01:30:00Z"))).toBe(60);
  });

  it("agrees with the EU rule every hour from 2025 to 2027", () => {
    const mismatches: string[] = [];
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2028, 0, 1); t += 3_600_000) {
      if (parisOffsetMinutes(new Date(t)) !== euRuleOffset(new Date(t))) mismatches.push(new Date(t).toISOString());
    }
    expect(mismatches).toEqual([]);
  });

  it("gives the Paris calendar date, which differs from UTC late in the evening", () => {
    expect(parisDate(at("2026-01-13T23:30:00Z"))).toBe("2026-01-14");
    expect(parisDate(at("2026-07-07T22:00:00Z"))).toBe("2026-07-08");
    expect(isoWeekday("2026-01-12")).toBe(1);
    expect(isoWeekday("2026-01-18")).toBe(7);
  });
});

describe("Paris wall clock → UTC", () => {
  it("uses the offset of that day", () => {
    expect(parisWallClockToUtc("2026-01-13", "14:00").toISOString()).toBe("2026-01-13T13:00:00.000Z");
    expect(parisWallClockToUtc("2026-07-07", "14:00").toISOString()).toBe("2026-07-07T12:00:00.000Z");
    expect(parisWallClockToUtc("2026-01-13", "24:00").toISOString()).toBe("2026-01-13T23:00:00.000Z");
  });

  it("handles the switch days: skipped time pushed forward, repeated time taken the first time", () => {
    expect(parisWallClockToUtc("2026-03-29", "01:59").toISOString()).toBe("2026-03-29T00:59:00.000Z");
    expect(parisWallClockToUtc("2026-03-29", "02:30").toISOString()).toBe("2026-03-29T01:30:00.000Z");
    expect(parisWallClockToUtc("2026-03-29", "03:00").toISOString()).toBe("2026-03-29T01:00:00.000Z");
    expect(parisWallClockToUtc("2026-10-25", "02:30").toISOString()).toBe("2026-10-25T00:30:00.000Z");
    expect(parisWallClockToUtc("2026-10-25", "03:00").toISOString()).toBe("2026-10-25T02:00:00.000Z");
  });

  it("rejects malformed dates and times in French", () => {
    expect(() => parisWallClockToUtc("2026-02-30", "10:00")).toThrow(/Date invalide/);
    expect(() => parisWallClockToUtc("2026-02-10", "25:00")).toThrow(/Heure invalide/);
    expect(() => parisWallClockToUtc("2026-02-10", "9:00")).toThrow(/Heure invalide/);
  });
});

describe("French formatting in Paris time", () => {
  it("formats dates and times", () => {
    expect(formatParisLongDate(at("2026-01-13T08:00:00Z"))).toBe("mardi 13 janvier 2026");
    expect(formatParisLongDate(at("2026-02-01T10:00:00Z"))).toBe("dimanche 1er février 2026");
    expect(formatParisTime(at("2026-01-13T08:05:00Z"))).toBe("9 h 05");
    expect(formatParisDateTime(at("2026-08-01T21:59:00Z"))).toBe("01/08/2026 à 23 h 59");
  });

  it("formats a span on one day or across days", () => {
    expect(formatParisSpan(at("2026-01-13T13:00:00Z"), at("2026-01-13T15:00:00Z"))).toBe(
      "le mardi 13 janvier 2026 de 14 h 00 à 16 h 00",
    );
    expect(formatParisSpan(at("2026-01-12T08:00:00Z"), at("2026-01-13T16:00:00Z"))).toBe(
      "du 12/01/2026 à 9 h 00 au 13/01/2026 à 17 h 00",
    );
  });
});

describe("French public holidays", () => {
  it("computes Easter", () => {
    expect(["2000", "2024", "2025", "2026", "2027", "2038"].map((y) => easterSunday(Number(y)))).toEqual([
      "2000-04-23", "2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2038-04-25",
    ]);
  });

  it("lists the eleven holidays with the movable ones of 2026", () => {
    const holidays = frenchPublicHolidays(2026);
    expect(holidays).toHaveLength(11);
    const byLabel = Object.fromEntries(holidays.map((h) => [h.label, h.from]));
    expect(byLabel["Lundi de Pâques"]).toBe("2026-04-06");
    expect(byLabel["Ascension"]).toBe("2026-05-14");
    expect(byLabel["Lundi de Pentecôte"]).toBe("2026-05-25");
    expect(byLabel["Armistice 1918"]).toBe("2026-11-11");
  });

  it("covers both calendar years of a school year", () => {
    const froms = publicHolidaysOfSchoolYear("2025-2026").map((h) => h.from);
    expect(froms).toContain("2025-11-01");
    expect(froms).toContain("2026-05-14");
    expect(() => publicHolidaysOfSchoolYear("2025")).toThrow(/Année scolaire invalide/);
  });
});
