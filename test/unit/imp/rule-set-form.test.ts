import { describe, expect, it } from "vitest";
import { type RuleRowInput, parseRuleSetForm } from "../../../app/domain/imp/rule-set-form.ts";
import { POITIERS_2015_RULES } from "../../../app/domain/imp/rule-set.ts";
import { formatEuros } from "../../../app/domain/imp/money.ts";
import { LEGAL_IMP_RATES_2015 } from "../../../app/domain/imp/rates.ts";

const context = { academyCode: "14", academyName: "Rennes", schoolYear: "2026-2027", legalRates: LEGAL_IMP_RATES_2015 };
const poitiersRows: RuleRowInput[] = POITIERS_2015_RULES.rules.map((r) => ({
  type: r.type,
  minPupils: String(r.minPupils),
  maxPupils: r.maxPupils === null ? "" : String(r.maxPupils),
  units: String(r.units),
  unitRate: String(r.unitRate),
}));
const form = (rows: RuleRowInput[], effectiveFrom = "2026-09-01") => parseRuleSetForm({ effectiveFrom, source: " Lettre de cadrage ", rows }, context);
const edit = (index: number, change: Partial<RuleRowInput>) => poitiersRows.map((r, i) => (i === index ? { ...r, ...change } : r));

describe("rule-set editor form", () => {
  it("accepts the Poitiers rows and builds the domain rule set (empty maximum = no upper bound)", () => {
    const result = form(poitiersRows);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.ruleSet.rules).toEqual(POITIERS_2015_RULES.rules);
    expect(result.ruleSet).toMatchObject({ schoolYear: "2026-2027", effectiveFrom: "2026-09-01", source: "Lettre de cadrage", academyCode: "14" });
  });

  it("puts a typing error on its field, in French, and does not run the rules on half-read input", () => {
    const result = form(edit(1, { minPupils: "deux cents" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors).toEqual({
      "rules.1.minPupils": "Ligne 2 : effectif minimum invalide (« deux cents ») ; un nombre entier positif est attendu.",
    });
    expect(result.generalErrors).toEqual([]);
  });

  it("reports an empty required number and accepts an empty maximum", () => {
    const result = form(edit(0, { units: "" }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors["rules.0.units"]).toBe("Ligne 1 : nombre d'IMP invalide (vide) ; un nombre entier positif est attendu.");
  });

  it("refuses a unit rate that is not a legal IMP rate, on that line's rate field", () => {
    const result = form(edit(2, { unitRate: "100000" }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.fieldErrors)).toEqual(["rules.2.unitRate"]);
    expect(result.fieldErrors["rules.2.unitRate"]).toContain(`${formatEuros(100_000)} n'est pas un taux d'IMP autorisé`);
  });

  it("reports overlapping ranges on the later line and a hole as a general error", () => {
    const overlap = form(edit(1, { minPupils: "150" }));
    expect(overlap.ok).toBe(false);
    if (!overlap.ok) {
      expect(overlap.fieldErrors["rules.1"]).toMatch(/^Collège : les tranches « jusqu'à 200 élèves » et « à partir de 150 élèves » se chevauchent/);
    }
    const hole = form(edit(1, { minPupils: "251" }));
    expect(hole.ok).toBe(false);
    if (!hole.ok) {
      expect(hole.generalErrors).toEqual(["Collège : aucune règle pour les effectifs de 201 à 250 élèves."]);
      expect(hole.fieldErrors).toEqual({});
    }
  });

  it("requires every type of the RUPN scope", () => {
    const result = form(poitiersRows.filter((r) => r.type !== "EREA"));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.generalErrors).toEqual(["EREA : aucune règle — l'enveloppe de ces établissements ne pourrait pas être calculée."]);
  });

  it("requires the effective date within the rule set's school year", () => {
    const outside = form(poitiersRows, "2026-08-31");
    expect(outside.ok).toBe(false);
    if (!outside.ok) expect(outside.fieldErrors.effectiveFrom).toBe("Date d'effet hors de l'année scolaire 2026-2027 (du 01/09/2026 au 31/08/2027).");
    const malformed = form(poitiersRows, "2026-02-30");
    expect(malformed.ok).toBe(false);
    if (!malformed.ok) expect(malformed.fieldErrors.effectiveFrom).toBe("Date d'effet invalide : « 2026-02-30 » (attendu : AAAA-MM-JJ).");
    expect(form(poitiersRows, "2027-01-15").ok).toBe(true);
  });

  it("refuses an unknown type on its field", () => {
    const result = form(edit(0, { type: "ECOLE" }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.fieldErrors["rules.0.type"]).toBe("Type d'établissement inconnu : « ECOLE ».");
  });
});
