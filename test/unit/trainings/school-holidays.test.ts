// School holidays as data (ADR 012): the slot of a session against the official calendar of a zone, the
// validation of a period the DANE edits, the académie → zone table, and the sanity of the seeded calendar.
import { describe, expect, it } from "vitest";
import { easterSunday, frenchPublicHolidays } from "../../../app/domain/trainings/holidays.ts";
import { addDays, isoWeekday } from "../../../app/domain/trainings/paris-time.ts";
import {
  ACADEMY_ZONES,
  HOLIDAY_ZONES,
  asClosedPeriods,
  holidayPeriodErrors,
  holidaysTouching,
  resumptionDay,
  zoneOfAcademyCode,
  type HolidayPeriod,
  type HolidayZone,
} from "../../../app/domain/trainings/school-holidays.ts";
import { classHoursCalendar, classHoursOverlapMinutes, missingSlots, sessionSlot } from "../../../app/domain/trainings/slots.ts";
import { OFFICIAL_SCHOOL_HOLIDAYS } from "../../../prisma/reference/school-holidays.ts";

const at = (iso: string) => new Date(iso);
/** The class-hours calendar of a zone: its official periods of both years plus the public holidays. */
const zoneCalendar = (zone: HolidayZone) =>
  classHoursCalendar([
    ...frenchPublicHolidays(2025),
    ...frenchPublicHolidays(2026),
    ...frenchPublicHolidays(2027),
    ...Object.values(OFFICIAL_SCHOOL_HOLIDAYS).flatMap((year) => asClosedPeriods(year[zone])),
  ]);
const slot = (zone: HolidayZone | null, from: string, to: string) =>
  sessionSlot(at(from), at(to), zone ? zoneCalendar(zone) : classHoursCalendar(frenchPublicHolidays(2026)));

describe("slot of a session with the school holidays of the académie's zone", () => {
  // Tuesday 17 February 2026, 14:00–15:30 Paris (UTC+1): zone A and B on holiday, zone C in class.
  const tuesday = ["2026-02-17T13:00:00Z", "2026-02-17T14:30:00Z"] as const;

  it("counts a session during the zone's holidays as outside class hours, the same time elsewhere as during", () => {
    expect(slot("B", ...tuesday)).toBe("OUTSIDE_CLASS_HOURS"); // Rennes: vacances d'hiver 14 février → 1er mars
    expect(slot("A", ...tuesday)).toBe("OUTSIDE_CLASS_HOURS"); // Poitiers: 7 → 22 février
    expect(slot("C", ...tuesday)).toBe("DURING_CLASS_HOURS"); // Paris: from 21 février
    expect(slot(null, ...tuesday)).toBe("DURING_CLASS_HOURS"); // no zone (Corse, outre-mer): the weekly rule only
  });

  it("keeps the last school day before the holidays and the day classes resume in class time", () => {
    expect(slot("B", "2026-02-13T13:00:00Z", "2026-02-13T14:00:00Z")).toBe("DURING_CLASS_HOURS"); // Friday 13, departure after class
    expect(slot("B", "2026-03-02T08:00:00Z", "2026-03-02T09:00:00Z")).toBe("DURING_CLASS_HOURS"); // Monday 2 March, classes resume
    expect(slot("B", "2026-03-01T08:00:00Z", "2026-03-01T09:00:00Z")).toBe("OUTSIDE_CLASS_HOURS"); // Sunday 1 March
  });

  it("counts only the school days of a session that straddles the start or the end of the holidays", () => {
    // Friday 13 February 16:00 → Monday 16 February 12:00 (zone B): Friday 16:00–17:30 only.
    expect(classHoursOverlapMinutes(at("2026-02-13T15:00:00Z"), at("2026-02-16T11:00:00Z"), zoneCalendar("B"))).toBe(90);
    // Zone C, spring 18 April → 3 May 2026: Thursday 30 April → Monday 4 May 09:00, only Monday 08:00–09:00
    // (Friday 1 May is a public holiday anyway).
    expect(classHoursOverlapMinutes(at("2026-04-30T07:00:00Z"), at("2026-05-04T07:00:00Z"), zoneCalendar("C"))).toBe(60);
  });

  it("counts the pont de l'Ascension, which only the calendar knows (the Friday is not a public holiday)", () => {
    const friday = ["2026-05-15T08:00:00Z", "2026-05-15T10:00:00Z"] as const; // Friday 15 May 2026, 10:00–12:00
    expect(slot(null, ...friday)).toBe("DURING_CLASS_HOURS");
    expect(slot("B", ...friday)).toBe("OUTSIDE_CLASS_HOURS");
    expect(slot("B", "2027-05-07T08:00:00Z", "2027-05-07T10:00:00Z")).toBe("OUTSIDE_CLASS_HOURS"); // Friday 7 May 2027
  });

  it("still counts public holidays outside the school holidays", () => {
    expect(slot("C", "2026-04-06T08:00:00Z", "2026-04-06T10:00:00Z")).toBe("OUTSIDE_CLASS_HOURS"); // lundi de Pâques, zone C in class
    expect(slot("C", "2026-04-07T08:00:00Z", "2026-04-07T10:00:00Z")).toBe("DURING_CLASS_HOURS");
  });

  it("uses the holidays of the right school year: the same week differs between 2025-2026 and 2026-2027", () => {
    // Tuesday 24 February 2026 (zone B on holiday) vs Tuesday 23 February 2027 (zone B on holiday too,
    // 20 February → 7 March 2027) vs Tuesday 9 March 2027 (zone B back in class).
    expect(slot("B", "2026-02-24T13:00:00Z", "2026-02-24T14:00:00Z")).toBe("OUTSIDE_CLASS_HOURS");
    expect(slot("B", "2027-02-23T13:00:00Z", "2027-02-23T14:00:00Z")).toBe("OUTSIDE_CLASS_HOURS");
    expect(slot("B", "2027-03-09T13:00:00Z", "2027-03-09T14:00:00Z")).toBe("DURING_CLASS_HOURS");
    expect(slot("C", "2027-02-23T13:00:00Z", "2027-02-23T14:00:00Z")).toBe("DURING_CLASS_HOURS"); // zone C back on 22 February
  });

  it("asks for a session in class time when both slots of a virtual class fall during the holidays", () => {
    const inHolidays = [
      { startsAt: at("2026-02-17T13:00:00Z"), endsAt: at("2026-02-17T14:00:00Z") },
      { startsAt: at("2026-02-17T17:00:00Z"), endsAt: at("2026-02-17T18:00:00Z") },
    ];
    expect(missingSlots("VIRTUAL_CLASS", inHolidays, zoneCalendar("C"))).toEqual([]);
    expect(missingSlots("VIRTUAL_CLASS", inHolidays, zoneCalendar("B")).map((m) => m.slot)).toEqual(["DURING_CLASS_HOURS"]);
  });
});

describe("periods a session touches", () => {
  const periods = [{ label: "Vacances d'hiver", firstDay: "2026-02-14", lastDay: "2026-03-01" }];

  it("finds the period by Paris calendar day, including its first and last day", () => {
    expect(holidaysTouching(at("2026-02-14T09:00:00Z"), at("2026-02-14T10:00:00Z"), periods)).toHaveLength(1);
    expect(holidaysTouching(at("2026-03-01T20:00:00Z"), at("2026-03-01T22:00:00Z"), periods)).toHaveLength(1); // Sunday 21:00–23:00 Paris
    expect(holidaysTouching(at("2026-03-02T07:00:00Z"), at("2026-03-02T09:00:00Z"), periods)).toHaveLength(0);
    // Friday 13 February 23:30 UTC is already Saturday 14 February 00:30 in Paris.
    expect(holidaysTouching(at("2026-02-13T23:30:00Z"), at("2026-02-14T00:30:00Z"), periods)).toHaveLength(1);
    // A session ending exactly at midnight Paris does not touch the next day.
    expect(holidaysTouching(at("2026-02-13T21:00:00Z"), at("2026-02-13T23:00:00Z"), periods)).toHaveLength(0);
  });

  it("gives the day classes resume", () => {
    expect(resumptionDay(periods[0])).toBe("2026-03-02");
  });
});

describe("validation of a period edited by the DANE", () => {
  const hiver: HolidayPeriod = { id: "h1", zone: "B", schoolYearId: "2025-2026", label: "Vacances d'hiver", firstDay: "2026-02-14", lastDay: "2026-03-01" };
  const printemps: HolidayPeriod = { id: "p1", zone: "B", schoolYearId: "2025-2026", label: "Vacances de printemps", firstDay: "2026-04-11", lastDay: "2026-04-26" };

  it("accepts a valid period, and the period itself when it is edited", () => {
    expect(holidayPeriodErrors(hiver, [hiver, printemps])).toEqual([]);
    expect(holidayPeriodErrors({ ...hiver, lastDay: "2026-03-03" }, [hiver, printemps])).toEqual([]);
  });

  it("names the field in French for each broken rule", () => {
    expect(holidayPeriodErrors({ ...hiver, label: " x " }, [])).toEqual(["Intitulé : 3 caractères au moins (par exemple « Vacances d'hiver »)."]);
    expect(holidayPeriodErrors({ ...hiver, firstDay: "2026-02-30" }, [])).toEqual(["Premier jour sans classe : date invalide."]);
    expect(holidayPeriodErrors({ ...hiver, firstDay: "2026-03-02" }, [])).toEqual(["Dernier jour sans classe : il doit suivre le premier jour (ou être le même)."]);
    expect(holidayPeriodErrors({ ...hiver, firstDay: "2025-08-30" }, [])).toEqual([
      "Dates : une période de l'année scolaire 2025-2026 se situe entre le 01/09/2025 et le 31/08/2026.",
    ]);
  });

  it("refuses an overlap or a duplicate label within the zone and year, not across zones or years", () => {
    const overlapping = { ...printemps, id: undefined, label: "Pont local", firstDay: "2026-02-28", lastDay: "2026-03-02" };
    expect(holidayPeriodErrors(overlapping, [hiver, printemps])).toEqual(["Dates : la période chevauche « Vacances d'hiver » (du 14/02/2026 au 01/03/2026)."]);
    expect(holidayPeriodErrors({ ...overlapping, zone: "C" }, [hiver, printemps])).toEqual([]);
    expect(holidayPeriodErrors({ ...printemps, id: undefined, firstDay: "2026-05-20", lastDay: "2026-05-20" }, [hiver, printemps])).toEqual([
      "Intitulé : la zone B a déjà une période « Vacances de printemps » cette année-là.",
    ]);
  });
});

describe("académie → zone", () => {
  it("maps the académies to the zones of the calendrier scolaire", () => {
    expect(zoneOfAcademyCode("14")).toBe("B"); // Rennes
    expect(zoneOfAcademyCode("13")).toBe("A"); // Poitiers
    expect(zoneOfAcademyCode("25")).toBe("C"); // Versailles
    expect(zoneOfAcademyCode("70")).toBe("B"); // Normandie
    expect(zoneOfAcademyCode("27")).toBeNull(); // Corse: own calendar
    expect(Object.values(ACADEMY_ZONES).filter((a) => a.zone === "A").map((a) => a.name).sort()).toEqual(
      ["Besançon", "Bordeaux", "Clermont-Ferrand", "Dijon", "Grenoble", "Limoges", "Lyon", "Poitiers"],
    );
    expect(Object.values(ACADEMY_ZONES).filter((a) => a.zone === "C").map((a) => a.name).sort()).toEqual(["Créteil", "Montpellier", "Paris", "Toulouse", "Versailles"]);
  });
});

describe("the seeded official calendar", () => {
  const years = Object.entries(OFFICIAL_SCHOOL_HOLIDAYS);

  it("covers 2025-2026 and 2026-2027 for the three zones, each period valid and without overlap", () => {
    expect(years.map(([y]) => y)).toEqual(["2025-2026", "2026-2027"]);
    for (const [schoolYearId, zones] of years) {
      for (const zone of HOLIDAY_ZONES) {
        const periods: HolidayPeriod[] = zones[zone].map((p, i) => ({ ...p, id: String(i), zone, schoolYearId }));
        expect(periods).toHaveLength(6);
        for (const p of periods) expect(holidayPeriodErrors(p, periods), `${schoolYearId} ${zone} ${p.label}`).toEqual([]);
      }
    }
  });

  it("starts the holidays on a Saturday and the pont on Ascension Thursday; Toussaint, Noël and summer are common", () => {
    for (const [schoolYearId, zones] of years) {
      const secondYear = Number(schoolYearId.slice(5));
      for (const zone of HOLIDAY_ZONES) {
        for (const p of zones[zone]) {
          if (p.label === "Pont de l'Ascension") {
            expect(p.firstDay).toBe(addDays(easterSunday(secondYear), 39));
            expect(isoWeekday(p.lastDay)).toBe(7);
          } else {
            expect(isoWeekday(p.firstDay), `${schoolYearId} ${zone} ${p.label}`).toBe(6);
            if (p.label !== "Vacances d'été") expect(isoWeekday(p.lastDay), `${schoolYearId} ${zone} ${p.label}`).toBe(7);
          }
        }
        for (const label of ["Vacances de la Toussaint", "Vacances de Noël", "Pont de l'Ascension", "Vacances d'été"]) {
          expect(zones[zone].find((p) => p.label === label)).toEqual(zones.A.find((p) => p.label === label));
        }
      }
    }
  });

  it("staggers the winter and spring holidays of the three zones by one week each", () => {
    for (const [, zones] of years) {
      for (const label of ["Vacances d'hiver", "Vacances de printemps"]) {
        const starts = HOLIDAY_ZONES.map((z) => zones[z].find((p) => p.label === label)!.firstDay).sort();
        expect(starts[1]).toBe(addDays(starts[0], 7));
        expect(starts[2]).toBe(addDays(starts[1], 7));
        for (const z of HOLIDAY_ZONES) {
          const p = zones[z].find((q) => q.label === label)!;
          expect(p.lastDay).toBe(addDays(p.firstDay, 15)); // two weeks, from Saturday to the second Sunday
        }
      }
    }
  });
});
