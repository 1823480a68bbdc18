// Answer types per question type, read from the survey definitions (issue 12, item 5): what a draft may hold.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { checkAnswerTypes, compileAnswerTypes, LIMITS } from "../../../app/surveys/draft-types.ts";
import { cachedModel } from "../../../app/surveys/model.ts";
import { validateAnswers } from "../../../app/surveys/validate.ts";
import { validBilan } from "../../fixtures/bilan-answers.ts";

const bilanDefinition = JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8"));
const letterDefinition = JSON.parse(readFileSync("surveys/lettre-de-mission/2026-2027.json", "utf8"));
const bilan = compileAnswerTypes(bilanDefinition);
const letter = compileAnswerTypes(letterDefinition);
const messages = (errors: { question: string; message: string }[]) => errors.map((e) => `${e.question}: ${e.message}`);

const referent = (over: Record<string, unknown> = {}) => ({
  prenom: "Anne", nom: "Durand", email: "anne.durand@ac-test.fr", statut: "enseignant", discipline: "Mathématiques",
  nouveau: false, periode: "annee", reconnaissance: "imp", imp_montant: 1250, ...over,
});
const validLetter = {
  etab_uai: "0350001A", etab_nom: "Collège X", etab_type: "Collège", etab_effectif: "420",
  chef_nom: "Claire Martin", chef_qualite: "principal",
  referents: [referent(), referent({ prenom: "Bruno", nom: "Petit", email: "bruno.petit@ac-test.fr", statut: "cpe", libelle: "Bruno Petit" })],
  complement: 0, inscription_formation: true,
  repartition: { support_team: { responsables: ["anne.durand@ac-test.fr"], organisation: "Le mardi", non_concerne: false }, website: { non_concerne: true } },
  priorites: "Développer l'usage de l'ENT.", moyens: ["bureau", "other"], "moyens-Comment": "Une armoire",
};

describe("answer types of the bilan", () => {
  it("accepts a complete bilan and an incomplete draft", () => {
    expect(checkAnswerTypes(bilan, validBilan)).toEqual([]);
    expect(checkAnswerTypes(bilan, { statut: "cpe", commentaires: "", h_assistance: null })).toEqual([]);
  });

  it("refuses a number in a comment field, naming the question's title", () => {
    expect(messages(checkAnswerTypes(bilan, { commentaires: 42 }))).toEqual([
      "commentaires: « Commentaires libres » : la réponse doit être un texte.",
    ]);
  });

  it("requires finite numbers within the question's bounds", () => {
    expect(messages(checkAnswerTypes(bilan, { h_assistance: "2" }))[0]).toMatch(/^h_assistance: « Assistance et maintenance de niveau 1 \(heures par semaine\) » : la réponse doit être un nombre\.$/);
    expect(messages(checkAnswerTypes(bilan, { h_assistance: 36 }))[0]).toMatch(/ne doit pas être supérieure à 35\.$/);
    expect(messages(checkAnswerTypes(bilan, { allegement_heures: 0.25 }))[0]).toMatch(/ne doit pas être inférieure à 0,5\.$/);
    expect(messages(checkAnswerTypes(bilan, { annees_rupn: [4] }))[0]).toMatch(/la réponse doit être un nombre/);
    expect(checkAnswerTypes(bilan, { h_assistance: 35, allegement_heures: 0.5 })).toEqual([]);
  });

  it("requires one of the offered choices, 'other' only where offered, lists for checkboxes", () => {
    expect(messages(checkAnswerTypes(bilan, { poursuite: "peut-être" }))[0]).toMatch(/choix inconnu « peut-être »/);
    expect(messages(checkAnswerTypes(bilan, { poursuite: "other" }))[0]).toMatch(/choix inconnu « other »/);
    expect(checkAnswerTypes(bilan, { statut: "other", "statut-Comment": "AED" })).toEqual([]);
    expect(messages(checkAnswerTypes(bilan, { poursuite: ["oui"] }))[0]).toMatch(/un seul choix est attendu/);
    expect(messages(checkAnswerTypes(bilan, { outils: "ent" }))[0]).toMatch(/la réponse doit être une liste de choix/);
    expect(messages(checkAnswerTypes(bilan, { outils: ["ent", "ent"] }))[0]).toMatch(/un même choix figure deux fois/);
    expect(messages(checkAnswerTypes(bilan, { outils: [{}] }))[0]).toMatch(/format de réponse inattendu/);
    expect(checkAnswerTypes(bilan, { imp_montant: 312.5 })).toEqual([]);
  });

  it("checks booleans, ratings and the text of 'other'", () => {
    expect(messages(checkAnswerTypes(bilan, { stage_entree: "oui" }))[0]).toMatch(/la réponse doit être oui ou non/);
    expect(messages(checkAnswerTypes(bilan, { satisfaction_reconnaissance: 6 }))[0]).toMatch(/la note n'est pas une des valeurs proposées/);
    expect(messages(checkAnswerTypes(bilan, { satisfaction_reconnaissance: 2.5 }))[0]).toMatch(/la note/);
    expect(checkAnswerTypes(bilan, { satisfaction_reconnaissance: 5 })).toEqual([]);
    expect(messages(checkAnswerTypes(bilan, { "actions-Comment": { a: 1 } }))).toEqual([
      "actions: « Quelles actions avez-vous menées cette année ? » (précision) : la précision doit être un texte.",
    ]);
  });

  it("refuses unknown names, answers to display-only elements, and bounds what it reports", () => {
    expect(messages(checkAnswerTypes(bilan, { salaire: 3 }))).toEqual(["salaire: « salaire » ne correspond à aucune question de ce questionnaire."]);
    expect(messages(checkAnswerTypes(bilan, { repartition: { a: { b: {} } } }))[0]).toMatch(/cet élément n'attend pas de réponse/);
    const many = Object.fromEntries(Array.from({ length: 5000 }, (_, i) => [`q${i}`, i]));
    expect(checkAnswerTypes(bilan, many)).toHaveLength(LIMITS.errors);
    const [long] = checkAnswerTypes(bilan, { [`${"x".repeat(10_000)}\u0000`]: 1 });
    expect(long.message.length).toBeLessThan(200);
    expect(long.message).not.toContain("\u0000");
  });

  it("is what validateAnswers applies to drafts", () => {
    const model = cachedModel("draft-types-bilan", bilanDefinition);
    const result = validateAnswers(model, { commentaires: 42 }, "draft");
    expect(result.ok).toBe(false);
    expect(validateAnswers(model, { commentaires: "ok", h_assistance: 3 }, "draft").ok).toBe(true);
  });
});

describe("answer types of the lettre de mission", () => {
  it("accepts a letter as the form produces it", () => {
    expect(checkAnswerTypes(letter, validLetter)).toEqual([]);
    // A draft is saved while the user types: a half-typed address is fine.
    expect(checkAnswerTypes(letter, { referents: [{ email: "anne.du" }] })).toEqual([]);
  });

  it("types the referents' panel", () => {
    expect(messages(checkAnswerTypes(letter, { referents: "x" }))).toEqual(["referents: « Référents désignés » : la réponse doit être une liste de fiches."]);
    expect(messages(checkAnswerTypes(letter, { referents: ["x"] }))).toEqual([
      "referents: « Référents désignés », n° 1 : chaque fiche doit être un ensemble de réponses.",
    ]);
    expect(messages(checkAnswerTypes(letter, { referents: [referent(), referent({ email: "<script>alert(1)</script>@x.fr" })] }))).toEqual([
      "referents: « Référents désignés », n° 2, « Adresse électronique académique » : une adresse électronique ne contient ni espace ni caractère tel que < > ( ) [ ] , ; : \" \\.",
    ]);
    expect(messages(checkAnswerTypes(letter, { referents: [referent({ salaire: 1 })] }))[0]).toMatch(/n° 1 : « salaire » ne correspond à aucune question de cette fiche/);
    expect(messages(checkAnswerTypes(letter, { referents: [referent({ nouveau: "oui" })] }))[0]).toMatch(/« Nouveau dans la mission de RUPN cette année \? » : la réponse doit être oui ou non/);
    expect(messages(checkAnswerTypes(letter, { referents: Array.from({ length: 9 }, () => referent()) }))[0]).toMatch(/8 fiches au plus/);
  });

  it("refuses referents nested 200 deep without walking them", () => {
    let deep: unknown = referent();
    for (let i = 0; i < 200; i++) deep = [deep];
    expect(messages(checkAnswerTypes(letter, { referents: deep }))[0]).toMatch(/chaque fiche doit être un ensemble de réponses/);
    let deeper: unknown = "x";
    for (let i = 0; i < 100_000; i++) deeper = { prenom: deeper };
    expect(messages(checkAnswerTypes(letter, { referents: [deeper] }))[0]).toMatch(/« Prénom » : la réponse doit être un texte/);
  });

  it("checks the dates of a referent against the school year", () => {
    expect(checkAnswerTypes(letter, { referents: [referent({ periode: "partielle", debut: "2026-10-01" })] })).toEqual([]);
    expect(messages(checkAnswerTypes(letter, { referents: [referent({ debut: "01/10/2026" })] }))[0]).toMatch(/pas au bon format/);
    expect(messages(checkAnswerTypes(letter, { referents: [referent({ debut: "2026-08-31" })] }))[0]).toMatch(/ne doit pas être antérieure au 01\/09\/2026/);
  });

  it("types the split matrix: rows, columns, and referents' addresses as the responsible people", () => {
    expect(messages(checkAnswerTypes(letter, { repartition: [1] }))).toEqual(["repartition: « Répartition des tâches » : la réponse doit être un tableau de lignes."]);
    expect(messages(checkAnswerTypes(letter, { repartition: { cuisine: {} } }))[0]).toMatch(/ligne inconnue « cuisine »/);
    expect(messages(checkAnswerTypes(letter, { repartition: { website: { budget: 3 } } }))[0]).toMatch(/ligne « Gérer les outils — Animation du site web » : colonne inconnue « budget »/);
    expect(messages(checkAnswerTypes(letter, { repartition: { website: { responsables: "anne.durand@ac-test.fr" } } }))[0]).toMatch(/colonne « Responsable\(s\) » : la réponse doit être une liste de choix/);
    expect(messages(checkAnswerTypes(letter, { repartition: { website: { responsables: ["<b>@x"] } } }))[0]).toMatch(/une adresse électronique ne contient/);
    expect(messages(checkAnswerTypes(letter, { repartition: { website: { organisation: "x".repeat(501) } } }))[0]).toMatch(/500 caractères au plus/);
    expect(messages(checkAnswerTypes(letter, { repartition: { website: { non_concerne: 1 } } }))[0]).toMatch(/oui ou non/);
  });
});

describe("answer types of other question types", () => {
  const types = compileAnswerTypes({
    title: "Divers",
    elements: [
      { type: "matrix", name: "m", title: "Matrice", rows: ["r1", "r2"], columns: [{ value: 1, text: "Un" }, { value: 2, text: "Deux" }] },
      { type: "matrixdynamic", name: "md", maxRowCount: 2, columns: [{ name: "n", cellType: "text", inputType: "number", max: 10 }, { name: "c", choices: ["a", "b"] }] },
      { type: "multipletext", name: "mt", items: [{ name: "a" }, { name: "b", inputType: "number" }] },
      { type: "tagbox", name: "tb", choices: ["x", "y"], showNoneItem: true },
      { type: "rating", name: "r", rateValues: [{ value: "bad" }, { value: "good" }] },
      { type: "text", name: "t", valueName: "shared" },
      { type: "panel", name: "p", elements: [{ type: "boolean", name: "b", valueTrue: "yes", valueFalse: "no" }] },
    ],
  });

  it("accepts well-typed answers", () => {
    expect(checkAnswerTypes(types, { m: { r1: 1, r2: "2" }, md: [{ n: 3, c: "a" }], mt: { a: "x", b: 2 }, tb: ["none"], r: "good", shared: "t", b: "yes" })).toEqual([]);
  });

  it("refuses the wrong shapes", () => {
    expect(messages(checkAnswerTypes(types, { m: { r3: 1 } }))[0]).toMatch(/ligne inconnue « r3 »/);
    expect(messages(checkAnswerTypes(types, { m: { r1: 3 } }))[0]).toMatch(/colonne inconnue/);
    expect(messages(checkAnswerTypes(types, { md: [{}, {}, {}] }))[0]).toMatch(/2 lignes au plus/);
    expect(messages(checkAnswerTypes(types, { md: [{ n: 11 }] }))[0]).toMatch(/ligne 1, colonne « n » : la valeur ne doit pas être supérieure à 10/);
    expect(messages(checkAnswerTypes(types, { mt: { c: "x" } }))[0]).toMatch(/champ inconnu « c »/);
    expect(messages(checkAnswerTypes(types, { mt: { b: "deux" } }))[0]).toMatch(/la réponse doit être un nombre/);
    expect(messages(checkAnswerTypes(types, { r: "ok" }))[0]).toMatch(/la note/);
    expect(messages(checkAnswerTypes(types, { t: "x" }))[0]).toMatch(/« t » ne correspond à aucune question/);
    expect(messages(checkAnswerTypes(types, { b: true }))[0]).toMatch(/oui ou non/);
    expect(messages(checkAnswerTypes(types, null))).toEqual([": Les réponses doivent être un objet JSON."]);
  });
});
