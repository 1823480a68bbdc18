// Issue 14: the checks of an edited questionnaire (per question, in French), the locks of a national model, the
// condition builder and the "what changed" diff.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { questionnaireIssues } from "../../../app/surveys/questionnaire-checks.ts";
import {
  conditionExpression, describeCondition, lockedQuestions, lockViolations, parseCondition, type Definition, type SurveyElement,
} from "../../../app/surveys/definition-walk.ts";
import { diffDefinitions } from "../../../app/surveys/diff.ts";
import { definitionProblems } from "../../../app/surveys/model.ts";

const national = JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8")) as Definition;
const copy = () => structuredClone(national);
const find = (d: Definition, name: string) => d.pages.flatMap((p) => p.elements).find((e) => e.name === name) as SurveyElement;
const remove = (d: Definition, name: string) => d.pages.forEach((p) => (p.elements = p.elements.filter((e) => e.name !== name)));

describe("questionnaire checks", () => {
  it("accepts the national models as they are", () => {
    expect(questionnaireIssues(national, lockedQuestions(national))).toEqual([]);
  });

  it("names the question of each problem, in French", () => {
    const d = copy();
    d.pages[0].elements.push(
      { type: "radiogroup", name: "vide", title: "Sans choix", choices: [] },
      { type: "checkbox", name: "double", title: "Choix en double", choices: ["a", { value: "a", text: "A" }] },
      { type: "text", name: "bornes", title: "Bornes", inputType: "number", min: 10, max: 2 },
      { type: "comment", name: "cond", title: "Condition", visibleIf: "{inexistante} = 'x'" },
      { type: "comment", name: "sans_titre" },
      { type: "html", name: "info", html: "<p onclick=\"alert(1)\">x</p>" },
      { type: "comment", name: "statut", title: "Nom en double" },
      { type: "sondage", name: "inconnu", title: "Type inconnu" },
    );
    const issues = questionnaireIssues(d);
    const of = (name: string) => issues.filter((i) => i.question === name).map((i) => i.message);
    expect(of("inconnu")).toEqual(["type de question inconnu « sondage » (question « inconnu »)"]);
    expect(of("statut")).toEqual(["nom en double « statut »"]);
    // With no unknown type nor duplicate, the editor's own checks speak.
    const d2 = copy();
    d2.pages[0].elements.push(...d.pages[0].elements.slice(-8, -2));
    const issues2 = questionnaireIssues(d2);
    const of2 = (name: string) => issues2.filter((i) => i.question === name).map((i) => i.message);
    expect(of2("vide")).toEqual(["ajoutez au moins un choix."]);
    expect(of2("double")).toEqual(["le choix « a » figure deux fois."]);
    expect(of2("bornes")).toEqual(["le minimum dépasse le maximum."]);
    expect(of2("cond")).toEqual(["la condition d'affichage porte sur une question inconnue « inexistante »."]);
    expect(of2("sans_titre")).toEqual(["l'intitulé de la question est vide."]);
    expect(of2("info")[0]).toMatch(/ni script.*attribut d'événement/);
  });

  it("keeps surveys:check's report lines unchanged", () => {
    expect(definitionProblems({ pages: [{ name: "p", elements: [{ type: "text" }] }] })).toEqual([
      "titre manquant (propriété « title »)",
      "page p : un élément de type « text » n'a pas de nom",
    ]);
  });

  it("refuses what is not a paged questionnaire", () => {
    expect(questionnaireIssues([1, 2]).map((i) => i.message)).toEqual(["la définition doit être un objet JSON"]);
    expect(questionnaireIssues({ title: "x", elements: [{ type: "text", name: "a", title: "A" }] }).map((i) => i.message)).toContain("le questionnaire doit être organisé en pages.");
  });
});

describe("locked questions", () => {
  const locks = lockedQuestions(national);

  it("are the questions of the national model that carry an indicator", () => {
    expect(locks.map((l) => l.name)).toContain("h_assistance");
    expect(locks.find((l) => l.name === "reconnaissance")?.indicator).toBe("recognition.kind");
    expect(locks.some((l) => l.name === "commentaires")).toBe(false);
  });

  it("may be reworded, moved and surrounded by new questions", () => {
    const d = copy();
    find(d, "h_assistance").title = "Assistance (heures par semaine)";
    const statut = find(d, "statut");
    (statut.choices as { value: string; text: string }[])[0].text = "Libellé revu";
    remove(d, "statut");
    d.pages[3].elements.unshift(statut);
    d.pages[0].elements.push({ type: "comment", name: "nouvelle", title: "Nouvelle question" });
    expect(lockViolations(locks, d)).toEqual([]);
  });

  it("refuse deletion, a new type, new choice values and another indicator, with the reason", () => {
    const d = copy();
    remove(d, "h_assistance");
    find(d, "h_conseil").inputType = "text";
    (find(d, "reconnaissance").choices as unknown[]).push({ value: "prime", text: "Prime" });
    find(d, "tickets_collectivite").indicator = "assistance.autre";
    const problems = lockViolations(locks, d);
    expect(problems.map((p) => p.question)).toEqual(["h_conseil", "h_assistance", "tickets_collectivite", "reconnaissance"].sort((a, b) => locks.findIndex((l) => l.name === a) - locks.findIndex((l) => l.name === b)));
    expect(problems.find((p) => p.question === "h_assistance")?.message).toMatch(/a été supprimée : Cette question alimente les tableaux de bord nationaux \(indicateur « workload\.assistance »\)/);
    expect(problems.find((p) => p.question === "h_conseil")?.message).toBe("le type d'une question verrouillée ne peut pas changer (indicateur « workload.leadership_advice »).");
    expect(problems.find((p) => p.question === "reconnaissance")?.message).toMatch(/valeurs de réponse d'une question verrouillée ne peuvent pas changer/);
  });
});

describe("condition builder", () => {
  it("writes and reads back the three comparisons", () => {
    for (const c of [
      { question: "statut", operator: "equals" as const, value: "titulaire" },
      { question: "actions", operator: "contains" as const, value: "l'atelier" },
      { question: "annees_rupn", operator: "greater" as const, value: "2" },
    ]) expect(parseCondition(conditionExpression(c))).toEqual(c);
    expect(conditionExpression({ question: "annees_rupn", operator: "greater", value: "2" })).toBe("{annees_rupn} > 2");
    expect(parseCondition("{a} > 1 and {b} = 2")).toBeNull();
    expect(describeCondition("{statut} = 'x'", () => "Votre statut")).toBe("quand « Votre statut » est égale à « x »");
  });
});

describe("what changed", () => {
  it("lists questions added, removed, reworded, moved and their choices", () => {
    const d = copy();
    find(d, "h_assistance").title = "Assistance (heures)";
    remove(d, "commentaires");
    d.pages[0].elements.push({ type: "boolean", name: "ent", title: "Utilisez-vous l'ENT ?", visibleIf: "{statut} = 'titulaire'" });
    const statut = find(d, "statut");
    statut.choices = [...(statut.choices as unknown[]).slice(1), { value: "vacataire", text: "Vacataire" }] as SurveyElement["choices"];
    const diff = diffDefinitions(national, d);
    const by = (name: string) => diff.questions.find((q) => q.name === name);
    expect(by("ent")).toMatchObject({ kind: "added", title: "Utilisez-vous l'ENT ?", details: ["Oui / non"] });
    expect(by("commentaires")).toMatchObject({ kind: "removed" });
    expect(by("h_assistance")?.details[0]).toMatch(/^intitulé : « .* » devient « Assistance \(heures\) »$/);
    expect(by("statut")?.details).toEqual(expect.arrayContaining(["choix ajouté : « Vacataire »", expect.stringMatching(/^choix retiré : /)]));
    expect(diff.questions).toHaveLength(4);
    expect(diffDefinitions(national, copy())).toEqual({ survey: [], questions: [] });
  });
});
