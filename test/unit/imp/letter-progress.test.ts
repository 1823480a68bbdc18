import { describe, expect, it } from "vitest";
import { isSigned, progressTotals, reminderAllowed } from "../../../app/domain/imp/letter-progress.ts";

describe("letters progress", () => {
  it("sums known envelopes, counts unknown ones and the letters by state", () => {
    const totals = progressTotals([
      { status: "NONE", envelope: 125_000, attributed: 0, topUp: 0 },
      { status: "DRAFT", envelope: null, attributed: 62_500, topUp: 0 },
      { status: "SIGNED", envelope: 250_000, attributed: 312_500, topUp: 62_500 },
      { status: "VALIDATED", envelope: 375_000, attributed: 375_000, topUp: 0 },
    ]);
    expect(totals).toEqual({
      establishments: 4,
      byStatus: { NONE: 1, DRAFT: 1, SUBMITTED: 0, SIGNED: 1, VALIDATED: 1 },
      envelope: 750_000,
      envelopeUnknown: 1,
      attributed: 750_000,
      topUp: 62_500,
      signed: 2,
    });
  });

  it("counts a signed or validated letter as signed, nothing before", () => {
    expect(["NONE", "DRAFT", "SUBMITTED", "SIGNED", "VALIDATED"].map((s) => isSigned(s as never))).toEqual([false, false, false, true, true]);
  });

  it("allows a reminder 24 hours after the previous one, not a minute earlier", () => {
    const last = new Date("2026-01-10T08:00:00Z");
    expect(reminderAllowed(null, last)).toBe(true);
    expect(reminderAllowed(last, new Date("2026-01-11T07:59:00Z"))).toBe(false);
    expect(reminderAllowed(last, new Date("2026-01-11T08:00:00Z"))).toBe(true);
  });
});
