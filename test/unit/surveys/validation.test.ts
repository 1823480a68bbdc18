import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildModel, cachedModel } from "../../../app/surveys/model.ts";
import { validateAnswers } from "../../../app/surveys/validate.ts";
import { validBilan } from "../../fixtures/bilan-answers.ts";

const definition = JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8"));
const model = () => cachedModel("bilan-test", definition);
const messages = (r: ReturnType<typeof validateAnswers>) => (r.ok ? [] : r.errors.map((e) => `${e.question}: ${e.message}`));

describe("server-side validation of the bilan", () => {
  it("accepts a complete bilan; computed totals are not answers", () => {
    const result = validateAnswers(model(), validBilan, "submit");
    expect(messages(result)).toEqual([]);
    expect(model().getVariable("total_heures")).toBe(6);
    expect(model().getVariable("part_assistance")).toBe(25);
    expect(messages(validateAnswers(model(), { ...validBilan, total_heures: 999 }, "submit"))).toEqual([
      "total_heures: « total_heures » ne correspond à aucune question de ce questionnaire.",
    ]);
  });

  it("names each missing required answer in French", () => {
    const { poursuite: _p, h_assistance: _h, ...incomplete } = validBilan;
    const result = validateAnswers(model(), incomplete, "submit");
    expect(result.ok).toBe(false);
    expect(messages(result)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^poursuite: « Souhaitez-vous poursuivre la mission l'an prochain \? » : .*(requise|obligatoire)/i),
        expect.stringMatching(/^h_assistance: « Assistance et maintenance de niveau 1/),
      ]),
    );
  });

  it("accepts an incomplete draft but not an unknown question", () => {
    expect(validateAnswers(model(), { statut: "cpe" }, "draft").ok).toBe(true);
    expect(messages(validateAnswers(model(), { statut: "cpe", salaire: 3 }, "draft"))).toEqual([
      "salaire: « salaire » ne correspond à aucune question de ce questionnaire.",
    ]);
  });

  it("refuses an answer to a question hidden by the other answers", () => {
    // imp_montant only shows when the recognition is an IMP.
    const result = validateAnswers(model(), { ...validBilan, reconnaissance: "aucune", imp_montant: 3750 }, "submit");
    expect(messages(result)).toEqual([
      "imp_montant: « Montant annuel de votre IMP » est masquée par vos autres réponses : elle ne doit pas avoir de réponse.",
    ]);
  });

  it("requires the text of an 'other' choice, and refuses it where there is no 'other'", () => {
    const { "actions-Comment": _c, ...withoutText } = validBilan;
    const missing = validateAnswers(model(), withoutText, "submit");
    expect(messages(missing)).toEqual([expect.stringMatching(/^actions: « Quelles actions avez-vous menées cette année \? » : .*Autre/)]);
    expect(messages(validateAnswers(model(), { ...validBilan, "poursuite-Comment": "x" }, "submit"))).toEqual([
      "poursuite-Comment: « poursuite-Comment » ne correspond à aucune question de ce questionnaire.",
    ]);
  });

  it("enforces numeric bounds and types", () => {
    expect(messages(validateAnswers(model(), { ...validBilan, h_assistance: 50 }, "submit"))).toEqual([
      "h_assistance: « Assistance et maintenance de niveau 1 (heures par semaine) » : la valeur ne doit pas être supérieure à 35.",
    ]);
    expect(messages(validateAnswers(model(), { ...validBilan, h_assistance: -1 }, "submit"))[0]).toMatch(/inférieure à 0/);
    expect(messages(validateAnswers(model(), { ...validBilan, h_assistance: "beaucoup" }, "draft"))).toEqual([
      "h_assistance: « Assistance et maintenance de niveau 1 (heures par semaine) » : la réponse doit être un nombre.",
    ]);
  });

  it("refuses choices that are not offered and over-long texts", () => {
    expect(messages(validateAnswers(model(), { ...validBilan, imp_montant: 99999 }, "submit"))).toEqual([
      "imp_montant: « Montant annuel de votre IMP » : choix inconnu « 99999 ».",
    ]);
    expect(messages(validateAnswers(model(), { ...validBilan, outils: "ent" }, "submit"))[0]).toMatch(/la réponse doit être une liste de choix/);
    expect(messages(validateAnswers(model(), { ...validBilan, commentaires: "x".repeat(5001) }, "submit"))[0]).toMatch(/5000 caractères au plus/);
  });

  it("refuses something that is not an object", () => {
    expect(messages(validateAnswers(model(), [1, 2], "draft"))).toEqual([": Les réponses doivent être un objet JSON."]);
  });

  it("does not leak answers from one validation into the next on a reused model", () => {
    expect(validateAnswers(model(), validBilan, "submit").ok).toBe(true);
    const next = validateAnswers(model(), { statut: "cpe" }, "submit");
    expect(next.ok).toBe(false);
    expect(messages(next).some((m) => m.startsWith("annees_rupn:"))).toBe(true);
    expect(buildModel(definition).locale).toBe("fr");
  });
});
