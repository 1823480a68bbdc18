import { describe, expect, it } from "vitest";
import { type Payment, holderOfMonth, paymentSchedule, totalsByPayee } from "../../../app/domain/imp/payments.ts";
import { formatDay, formatMonth, isValidDay, monthsBetween } from "../../../app/domain/imp/school-month.ts";

const YEAR = "2025-2026";

function schedule(input: Omit<Parameters<typeof paymentSchedule>[0], "schoolYear">) {
  const result = paymentSchedule({ schoolYear: YEAR, ...input });
  if (!result.ok) throw new Error(result.error.message);
  return result;
}

/** "2025-11 A 13888" lines: readable golden schedules. */
function lines(payments: Payment[]): string[] {
  return payments.map((p) => `${p.month.year}-${String(p.month.month).padStart(2, "0")} ${p.payee} ${p.amount}`);
}

const sum = (payments: Payment[]) => payments.reduce((total, p) => total + p.amount, 0);

describe("full-year mission: ninths from November to July", () => {
  it("pays 1 250 € in nine monthly payments, the remainder in July", () => {
    const result = schedule({ annualAmount: 125_000, holder: "A" });
    expect(result.fullYear).toBe(true);
    expect(lines(result.payments)).toEqual([
      "2025-11 A 13888", "2025-12 A 13888", "2026-01 A 13888", "2026-02 A 13888", "2026-03 A 13888",
      "2026-04 A 13888", "2026-05 A 13888", "2026-06 A 13888", "2026-07 A 13896",
    ]);
    expect(result.payments.map((p) => p.ninth)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.payments.every((p) => p.kind === "NINTH")).toBe(true);
  });

  it.each([31_250, 62_500, 125_000, 250_000, 375_000, 218_750])("sums exactly to %i cents", (annualAmount) => {
    const { payments } = schedule({ annualAmount, holder: "A" });
    expect(payments).toHaveLength(9);
    expect(sum(payments)).toBe(annualAmount);
    const base = Math.floor(annualAmount / 9);
    expect(payments.slice(0, 8).every((p) => p.amount === base)).toBe(true);
    expect(payments[8].amount - base).toBeLessThan(9);
  });

  it("is a full year even when the mission runs into July", () => {
    expect(schedule({ annualAmount: 125_000, holder: "A", end: { year: 2026, month: 7 } }).fullYear).toBe(true);
  });
});

describe("replacement or interim", () => {
  it("moves the ninths to the interim from 15 January: January and after go to the replacing person", () => {
    const result = schedule({ annualAmount: 250_000, holder: "A", handovers: [{ from: { year: 2026, month: 1, day: 15 }, to: "B" }] });
    expect(lines(result.payments)).toEqual([
      "2025-11 A 27777", "2025-12 A 27777",
      "2026-01 B 27777", "2026-02 B 27777", "2026-03 B 27777", "2026-04 B 27777", "2026-05 B 27777", "2026-06 B 27777",
      "2026-07 B 27784",
    ]);
    expect(totalsByPayee(result.payments)).toEqual(new Map([["A", 55_554], ["B", 194_446]]));
    expect(sum(result.payments)).toBe(250_000);
  });

  it("leaves the month to the person replaced when the handover is on the 16th or later", () => {
    const from16 = schedule({ annualAmount: 125_000, holder: "A", handovers: [{ from: { year: 2026, month: 1, day: 16 }, to: "B" }] });
    expect(from16.payments.filter((p) => p.payee === "A").map((p) => formatMonth(p.month))).toEqual([
      "novembre 2025", "décembre 2025", "janvier 2026",
    ]);
    const from1 = schedule({ annualAmount: 125_000, holder: "A", handovers: [{ from: { year: 2026, month: 1, day: 1 }, to: "B" }] });
    expect(from1.payments.filter((p) => p.payee === "A")).toHaveLength(2);
  });

  it("gives the payments back when the person replaced returns", () => {
    const result = schedule({
      annualAmount: 125_000,
      holder: "A",
      handovers: [
        { from: { year: 2026, month: 1, day: 15 }, to: "B" },
        { from: { year: 2026, month: 3, day: 2 }, to: "A" },
      ],
    });
    expect(result.payments.map((p) => p.payee).join("")).toBe("AABBAAAAA");
  });

  it("answers who holds the mission in a month", () => {
    const handovers = [{ from: { year: 2026, month: 1, day: 15 }, to: "B" }];
    expect(holderOfMonth("A", handovers, { year: 2025, month: 12 })).toBe("A");
    expect(holderOfMonth("A", handovers, { year: 2026, month: 1 })).toBe("B");
  });
});

describe("mission not covering the whole year: paid after service", () => {
  it("pays a mission starting in January once, in July, the amount attributed", () => {
    const result = schedule({ annualAmount: 62_500, holder: "A", start: { year: 2026, month: 1 } });
    expect(result.fullYear).toBe(false);
    expect(result.payments).toEqual([{ month: { year: 2026, month: 7 }, payee: "A", amount: 62_500, kind: "AFTER_SERVICE" }]);
  });

  it("pays in the month following the last month of service", () => {
    const result = schedule({ annualAmount: 31_250, holder: "A", start: { year: 2025, month: 10 }, end: { year: 2025, month: 12 } });
    expect(lines(result.payments)).toEqual(["2026-01 A 31250"]);
  });

  it("shares a late mission handed over by months held, each paid after their own period", () => {
    // January → June = 6 months; B from 10 April holds April, May, June.
    const result = schedule({
      annualAmount: 125_000,
      holder: "A",
      start: { year: 2026, month: 1 },
      handovers: [{ from: { year: 2026, month: 4, day: 10 }, to: "B" }],
    });
    expect(lines(result.payments)).toEqual(["2026-04 A 62500", "2026-07 B 62500"]);
  });

  it("keeps the exact total when the shares do not divide evenly", () => {
    const result = schedule({
      annualAmount: 31_250,
      holder: "A",
      start: { year: 2026, month: 1 },
      end: { year: 2026, month: 3 },
      handovers: [{ from: { year: 2026, month: 2, day: 1 }, to: "B" }],
    });
    expect(lines(result.payments)).toEqual(["2026-02 A 10416", "2026-04 B 20834"]);
  });
});

describe("invalid schedules", () => {
  const error = (input: Partial<Parameters<typeof paymentSchedule>[0]>) => {
    const result = paymentSchedule({ schoolYear: YEAR, annualAmount: 125_000, holder: "A", ...input });
    return result.ok ? null : result.error;
  };

  it("rejects bad amounts, years and periods in French", () => {
    expect(error({ annualAmount: 0 })).toMatchObject({ code: "INVALID_AMOUNT", path: ["annualAmount"] });
    expect(error({ schoolYear: "2025" })?.message).toMatch(/Année scolaire invalide/);
    expect(error({ start: { year: 2025, month: 8 } })).toMatchObject({ code: "INVALID_PERIOD", message: "Mois de début hors de l'année scolaire 2025-2026." });
    expect(error({ start: { year: 2026, month: 3 }, end: { year: 2026, month: 2 } })?.message).toBe(
      "La mission finit (février 2026) avant de commencer (mars 2026).",
    );
  });

  it("rejects handovers outside the mission, out of order or on an impossible day", () => {
    expect(error({ handovers: [{ from: { year: 2026, month: 7, day: 3 }, to: "B" }] })?.message).toBe(
      "Remplacement au 3 juillet 2026 en dehors de la mission (septembre 2025 – juin 2026).",
    );
    expect(error({ handovers: [{ from: { year: 2026, month: 2, day: 30 }, to: "B" }] })?.code).toBe("INVALID_HANDOVER");
    expect(error({
      handovers: [{ from: { year: 2026, month: 3, day: 1 }, to: "B" }, { from: { year: 2026, month: 1, day: 1 }, to: "C" }],
    })?.message).toBe("Les remplacements doivent être dans l'ordre des dates (1er janvier 2026 après 1er mars 2026).");
    expect(error({ handovers: [{ from: { year: 2026, month: 1, day: 5 }, to: " " }] })?.path).toEqual(["handovers", 0, "to"]);
  });
});

describe("school months", () => {
  it("counts and formats months without time zones", () => {
    expect(monthsBetween({ year: 2025, month: 11 }, { year: 2026, month: 7 })).toHaveLength(9);
    expect(formatDay({ year: 2026, month: 1, day: 15 })).toBe("15 janvier 2026");
    expect(isValidDay({ year: 2028, month: 2, day: 29 })).toBe(true);
    expect(isValidDay({ year: 2026, month: 2, day: 29 })).toBe(false);
  });
});
