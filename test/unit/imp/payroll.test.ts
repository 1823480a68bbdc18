import { describe, expect, it } from "vitest";
import { type PayrollAttribution, letterPayroll, monthKey, paymentMonths } from "../../../app/domain/imp/payroll.ts";

const YEAR = "2025-2026";
const person = (over: Partial<PayrollAttribution> & { email: string }): PayrollAttribution => ({
  firstName: "Prénom",
  lastName: over.email.split("@")[0].toUpperCase(),
  staffStatus: "enseignant",
  impCents: null,
  startsOn: null,
  endsOn: null,
  replacesEmail: null,
  ...over,
});
const months = (line: { payments: { month: { year: number; month: number }; amount: number }[] }) =>
  line.payments.map((p) => `${monthKey(p.month)}:${p.amount}`);

describe("payroll lines of a letter", () => {
  it("pays a full-year IMP in nine ninths from November to July", () => {
    const { lines, problems } = letterPayroll([person({ email: "a@x.fr", impCents: 125_000 })], YEAR);
    expect(problems).toEqual([]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ role: "HOLDER", annualRate: 125_000, total: 125_000, note: "année complète, neuf neuvièmes de novembre à juillet" });
    expect(months(lines[0])).toEqual([
      "2025-11:13888", "2025-12:13888", "2026-01:13888", "2026-02:13888", "2026-03:13888", "2026-04:13888", "2026-05:13888", "2026-06:13888", "2026-07:13896",
    ]);
  });

  it("moves the payments to the interim from 15 January (January included) and keeps the annual rate", () => {
    const { lines } = letterPayroll(
      [
        person({ email: "titulaire@x.fr", lastName: "Martin", firstName: "Anne", impCents: 125_000 }),
        person({ email: "interim@x.fr", lastName: "Durand", firstName: "Paul", replacesEmail: "titulaire@x.fr", startsOn: "2026-01-15" }),
      ],
      YEAR,
    );
    expect(lines.map((l) => [l.email, l.role, l.annualRate, l.total])).toEqual([
      ["titulaire@x.fr", "HOLDER", 125_000, 27_776],
      ["interim@x.fr", "REPLACEMENT", 125_000, 97_224],
    ]);
    expect(months(lines[0])).toEqual(["2025-11:13888", "2025-12:13888"]);
    expect(months(lines[1])).toEqual(["2026-01:13888", "2026-02:13888", "2026-03:13888", "2026-04:13888", "2026-05:13888", "2026-06:13888", "2026-07:13896"]);
    expect(lines[0].note).toBe("année complète, neuf neuvièmes de novembre à juillet ; remplacé·e par Paul Durand à partir du 15 janvier 2026");
    expect(lines[1].note).toBe("remplace Anne Martin à partir du 15 janvier 2026 (année complète, neuf neuvièmes de novembre à juillet)");
  });

  it("leaves January to the person replaced when the interim starts on the 16th", () => {
    const { lines } = letterPayroll(
      [person({ email: "t@x.fr", impCents: 125_000 }), person({ email: "i@x.fr", replacesEmail: "T@x.fr", startsOn: "2026-01-16" })],
      YEAR,
    );
    expect(months(lines[0]).at(-1)).toBe("2026-01:13888");
    expect(months(lines[1])[0]).toBe("2026-02:13888");
  });

  it("pays a mission starting in January once, after service, the month after June", () => {
    const { lines } = letterPayroll([person({ email: "a@x.fr", impCents: 62_500, startsOn: "2026-01-05" })], YEAR);
    expect(months(lines[0])).toEqual(["2026-07:62500"]);
    expect(lines[0].note).toBe("mission du 5 janvier 2026 à la fin de l'année, versée après service fait");
  });

  it("ignores allègements and replacements of someone without an IMP; reports an impossible schedule", () => {
    const { lines, problems } = letterPayroll(
      [
        person({ email: "h@x.fr", impCents: null }),
        person({ email: "r@x.fr", replacesEmail: "h@x.fr", startsOn: "2026-01-15" }),
        person({ email: "bad@x.fr", impCents: 125_000, startsOn: "2024-01-01" }),
      ],
      YEAR,
    );
    expect(lines).toEqual([]);
    expect(problems).toEqual(["IMP de Prénom BAD (bad@x.fr) : Mois de début hors de l'année scolaire 2025-2026."]);
  });

  it("lists the months with a payment in calendar order", () => {
    const a = letterPayroll([person({ email: "a@x.fr", impCents: 62_500, endsOn: "2026-03-20" })], YEAR).lines;
    const b = letterPayroll([person({ email: "b@x.fr", impCents: 31_250, startsOn: "2025-12-01", endsOn: "2025-12-20" })], YEAR).lines;
    expect(months(a[0])).toEqual(["2026-04:62500"]);
    expect(paymentMonths([...a, ...b]).map(monthKey)).toEqual(["2026-01", "2026-04"]);
  });
});
