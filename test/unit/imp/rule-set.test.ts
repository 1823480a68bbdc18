import { describe, expect, it } from "vitest";
import {
  type EnvelopeRule, type ImpRuleSet, POITIERS_2015_RULES, carryOverRuleSet, describeRule, envelopeFor,
  formatPupilRange, ruleSetInForce, validateRuleSet,
} from "../../../app/domain/imp/rule-set.ts";

const UNIT = 125_000;
const poitiers = POITIERS_2015_RULES;

function total(type: EnvelopeRule["type"], pupilCount: number | null) {
  const result = envelopeFor(poitiers, { type, pupilCount });
  if (!result.ok) throw new Error(result.error.message);
  return result.envelope;
}

function withRules(rules: EnvelopeRule[]): ImpRuleSet {
  return { ...poitiers, rules };
}

describe("Poitiers 2015 envelope (seed 001)", () => {
  it("is a valid rule set", () => {
    expect(validateRuleSet(poitiers)).toEqual([]);
  });

  it.each([
    ["COLLEGE", 0, 1],
    ["COLLEGE", 200, 1],
    ["COLLEGE", 201, 2],
    ["COLLEGE", 900, 2],
    ["LYCEE", 500, 2],
    ["LYCEE", 501, 3],
    ["LYCEE_PRO", 500, 2],
    ["LYCEE_PRO", 501, 3],
    ["EREA", 120, 2],
    ["EREA", 500, 2],
    ["EREA", 501, 2],
  ] as const)("%s with %i pupils → %i × 1 250 €", (type, pupils, units) => {
    expect(total(type, pupils)).toEqual({ units, unitRate: UNIT, total: units * UNIT });
  });

  it("gives the amounts of the letter", () => {
    expect(total("COLLEGE", 200).total).toBe(125_000);
    expect(total("COLLEGE", 201).total).toBe(250_000);
    expect(total("LYCEE", 500).total).toBe(250_000);
    expect(total("LYCEE", 501).total).toBe(375_000);
  });

  it("has no rule for establishments of type OTHER", () => {
    const result = envelopeFor(poitiers, { type: "OTHER", pupilCount: 300, name: "Centre X" });
    expect(result).toMatchObject({ ok: false, error: { code: "NO_MATCHING_RULE", path: ["type"] } });
    if (!result.ok) expect(result.error.message).toMatch(/Aucune règle d'enveloppe IMP ne s'applique à Centre X \(Autre, 300 élèves/);
  });

  it("explains a missing pupil count", () => {
    const result = envelopeFor(poitiers, { type: "COLLEGE", pupilCount: null, name: "Collège Jean Moulin" });
    expect(result).toEqual({
      ok: false,
      error: {
        code: "PUPIL_COUNT_UNKNOWN",
        message: "Effectif inconnu pour Collège Jean Moulin : impossible de calculer l'enveloppe IMP.",
        path: ["pupilCount"],
      },
    });
    const anonymous = envelopeFor(poitiers, { type: "LYCEE", pupilCount: undefined });
    expect(!anonymous.ok && anonymous.error.message).toBe(
      "Effectif inconnu pour cet établissement (Lycée) : impossible de calculer l'enveloppe IMP.",
    );
  });

  it("rejects a negative or fractional pupil count", () => {
    expect(envelopeFor(poitiers, { type: "COLLEGE", pupilCount: -1 })).toMatchObject({ ok: false, error: { code: "PUPIL_COUNT_INVALID" } });
    expect(envelopeFor(poitiers, { type: "COLLEGE", pupilCount: 12.5 })).toMatchObject({ ok: false, error: { code: "PUPIL_COUNT_INVALID" } });
  });

  it("reports ambiguous rules instead of picking one", () => {
    const set = withRules([...poitiers.rules, { type: "COLLEGE", minPupils: 150, maxPupils: 250, units: 1, unitRate: UNIT }]);
    expect(envelopeFor(set, { type: "COLLEGE", pupilCount: 180 })).toMatchObject({ ok: false, error: { code: "AMBIGUOUS_RULES" } });
  });
});

describe("rule-set validation", () => {
  const codes = (set: ImpRuleSet) => validateRuleSet(set).map((error) => error.code);

  it("reports overlapping ranges, naming the type and both ranges", () => {
    const set = withRules([
      ...poitiers.rules.filter((rule) => rule.type !== "COLLEGE"),
      { type: "COLLEGE", minPupils: 0, maxPupils: 200, units: 1, unitRate: UNIT },
      { type: "COLLEGE", minPupils: 150, maxPupils: null, units: 2, unitRate: UNIT },
    ]);
    const errors = validateRuleSet(set);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "OVERLAPPING_RANGES", path: ["rules", 6] });
    expect(errors[0].message).toBe(
      "Collège : les tranches « jusqu'à 200 élèves » et « à partir de 150 élèves » se chevauchent (de 150 à 200 élèves).",
    );
  });

  it("reports a gap between ranges and a missing open end", () => {
    const set = withRules([
      ...poitiers.rules.filter((rule) => rule.type !== "LYCEE"),
      { type: "LYCEE", minPupils: 0, maxPupils: 500, units: 2, unitRate: UNIT },
      { type: "LYCEE", minPupils: 601, maxPupils: 1_500, units: 3, unitRate: UNIT },
    ]);
    expect(validateRuleSet(set).map((error) => error.message)).toEqual([
      "Lycée : aucune règle pour les effectifs de 501 à 600 élèves.",
      `Lycée : aucune règle pour les effectifs à partir de 1\u202F501 élèves.`,
    ]);
    expect(codes(set)).toEqual(["MISSING_RANGE", "MISSING_RANGE"]);
  });

  it("reports a range not starting at zero and a type with no rule", () => {
    const set = withRules([
      ...poitiers.rules.filter((rule) => rule.type !== "EREA" && rule.type !== "LYCEE_PRO"),
      { type: "EREA", minPupils: 10, maxPupils: null, units: 2, unitRate: UNIT },
    ]);
    expect(validateRuleSet(set).map((error) => error.message)).toEqual([
      "Lycée professionnel : aucune règle — l'enveloppe de ces établissements ne pourrait pas être calculée.",
      "EREA : aucune règle pour les effectifs jusqu'à 9 élèves.",
    ]);
  });

  it("rejects a unit rate that is not a legal IMP rate", () => {
    const rules = poitiers.rules.map((rule, index) => (index === 0 ? { ...rule, unitRate: 100_000 } : rule));
    const errors = validateRuleSet(withRules(rules));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "ILLEGAL_UNIT_RATE", path: ["rules", 0, "unitRate"] });
    expect(errors[0].message).toMatch(/^Collège, jusqu'à 200 élèves : taux unitaire refusé — 1\u202F000,00\u00A0€ n'est pas un taux d'IMP autorisé/);
    expect(errors[0].message).toContain("312,50\u00A0€, 625,00\u00A0€, 1\u202F250,00\u00A0€, 2\u202F500,00\u00A0€ et 3\u202F750,00\u00A0€");
  });

  it("accepts each legal unit rate", () => {
    for (const unitRate of [31_250, 62_500, 125_000, 250_000, 375_000]) {
      expect(validateRuleSet(withRules(poitiers.rules.map((rule) => ({ ...rule, unitRate }))))).toEqual([]);
    }
  });

  it("rejects malformed ranges, units and metadata", () => {
    const set: ImpRuleSet = {
      ...poitiers,
      academyCode: " ",
      schoolYear: "2025-2027",
      effectiveFrom: "2025-02-30",
      rules: [
        ...poitiers.rules.filter((rule) => rule.type !== "COLLEGE"),
        { type: "COLLEGE", minPupils: 0, maxPupils: 200, units: -1, unitRate: UNIT },
        { type: "COLLEGE", minPupils: 300, maxPupils: 201, units: 2, unitRate: UNIT },
      ],
    };
    expect(codes(set)).toEqual([
      "INVALID_ACADEMY", "INVALID_SCHOOL_YEAR", "INVALID_EFFECTIVE_DATE", "INVALID_UNITS", "INVALID_RANGE", "MISSING_RANGE",
    ]);
  });
});

describe("rule sets per académie, year and effective date", () => {
  const next = carryOverRuleSet(poitiers, "2025-2026", "2025-09-01");
  const adjusted: ImpRuleSet = {
    ...carryOverRuleSet(poitiers, "2025-2026", "2026-01-01"),
    rules: poitiers.rules.map((rule) => ({ ...rule, unitRate: 62_500 })),
  };
  const sets = [poitiers, next, adjusted];

  it("picks the latest rule set effective on the day", () => {
    expect(ruleSetInForce(sets, { academyCode: "13", schoolYear: "2025-2026", on: "2025-12-31" })).toBe(next);
    expect(ruleSetInForce(sets, { academyCode: "13", schoolYear: "2025-2026", on: "2026-01-01" })).toBe(adjusted);
    expect(ruleSetInForce(sets, { academyCode: "13", schoolYear: "2025-2026" })).toBe(adjusted);
    expect(ruleSetInForce(sets, { academyCode: "13", schoolYear: "2025-2026", on: "2025-08-31" })).toBeNull();
    expect(ruleSetInForce(sets, { academyCode: "06", schoolYear: "2025-2026" })).toBeNull();
  });

  it("copies rules without sharing them", () => {
    expect(next.rules).toEqual(poitiers.rules);
    expect(next.rules[0]).not.toBe(poitiers.rules[0]);
    expect(validateRuleSet(next)).toEqual([]);
  });

  it("describes ranges and rules in French", () => {
    expect(formatPupilRange(0, 200)).toBe("jusqu'à 200 élèves");
    expect(formatPupilRange(201, null)).toBe("à partir de 201 élèves");
    expect(formatPupilRange(201, 500)).toBe("de 201 à 500 élèves");
    expect(formatPupilRange(0, null)).toBe("quel que soit l'effectif");
    expect(describeRule(poitiers.rules[1])).toBe("Collège, à partir de 201 élèves : 2 × 1\u202F250,00\u00A0€ = 2\u202F500,00\u00A0€");
  });
});
