import { describe, expect, it } from "vitest";
import { POITIERS_2015_RULES, poitiersRulesSourceFor } from "../../../app/domain/imp/rule-set.ts";

describe("source of the Poitiers rules copied to an académie", () => {
  it("cites the Poitiers lettre de cadrage for Poitiers itself", () => {
    expect(poitiersRulesSourceFor({ code: "13", name: "Poitiers" })).toBe(POITIERS_2015_RULES.source);
  });
  it("says it is a demo copy anywhere else, with the académie's name properly written", () => {
    expect(poitiersRulesSourceFor({ code: "14", name: "Rennes" })).toBe(
      "Copie de démonstration des règles de l'académie de Poitiers (lettre de cadrage du recteur, juin 2015) : à remplacer par le texte de l'académie de Rennes",
    );
    expect(poitiersRulesSourceFor({ code: "02", name: "Aix-Marseille" })).toMatch(/le texte de l'académie d'Aix-Marseille$/);
  });
});
