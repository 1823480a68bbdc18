// loadAnswers (ADR 011) must leave a model exactly as `model.data = …` leaves a fresh one: same values, visibility,
// requirements, recomputed expressions and validation errors, on hundreds of generated answer sets.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Model, Question } from "survey-core";
import { buildModel, type SurveyDefinition } from "../../../app/surveys/model.ts";
import { loadAnswers } from "../../../app/surveys/load.ts";
import { checkAnswers } from "../../../app/surveys/check.ts";
import { validBilan } from "../../fixtures/bilan-answers.ts";

const bilan = JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8")) as SurveyDefinition;

/** A survey with what the bilan lacks: chained calculated values, an expression question, dynamic choices, a
 * value set by a condition, an expression read by an earlier question, a default expression, a panel shown on condition, requiredIf and "other" texts. */
const dynamic: SurveyDefinition = {
  title: "Dynamique",
  calculatedValues: [
    { name: "double", expression: "{somme} * 2" },
    { name: "somme", expression: "sum({x}, {y})" },
  ],
  pages: [
    {
      name: "p1",
      elements: [
        { type: "text", name: "x", inputType: "number", min: 0, max: 10, isRequired: true },
        { type: "text", name: "y", inputType: "number", defaultValueExpression: "{x} + 1" },
        // Shown by an expression computed after it: needs survey-core's second run of the conditions.
        { type: "comment", name: "avant", visibleIf: "{total} > 20", isRequired: true },
        { type: "expression", name: "total", expression: "{double} + 1" },
        { type: "dropdown", name: "choix", choices: ["a", "b", "c"], choicesVisibleIf: "{item} != 'c' or {x} > 5", showOtherItem: true, isRequired: true },
        { type: "text", name: "copie", inputType: "number", setValueIf: "{x} = 7", setValueExpression: "{x} * 3" },
        {
          type: "panel",
          name: "details",
          visibleIf: "{double} > 10",
          elements: [
            { type: "checkbox", name: "motifs", choices: ["m1", "m2"], showOtherItem: true, isRequired: true },
            { type: "comment", name: "note", requiredIf: "{motifs} contains 'm2'" },
          ],
        },
      ],
    },
  ],
};

/** Deterministic pseudo-random numbers (mulberry32). */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Choice = { value: unknown };

/** Answers of the right shape (what reaches survey-core), often incomplete, out of bounds or hidden. */
function answerSets(definition: SurveyDefinition, count: number, seed: number) {
  const next = random(seed);
  const pick = <T,>(items: T[]) => items[Math.floor(next() * items.length)];
  const questions = buildModel(definition).getAllQuestions(false, false, true) as (Question & { choices: Choice[]; min?: number; max?: number })[];
  const sets: Record<string, unknown>[] = [];
  for (let n = 0; n < count; n++) {
    const data: Record<string, unknown> = {};
    for (const q of questions) {
      if (next() < 0.2 || ["expression", "html"].includes(q.getType())) continue;
      const choices = (q.choices ?? []).map((c) => c.value);
      const other = q.hasOther && next() < 0.3;
      switch (q.getType()) {
        case "text": {
          const min = Number(q.min ?? 0), max = Number(q.max ?? 20);
          data[q.name] = q.inputType === "number" ? Math.round((min - 2 + next() * (max - min + 4)) * 2) / 2 : pick(["", "texte"]);
          break;
        }
        case "radiogroup":
        case "dropdown":
          data[q.name] = other ? "other" : pick(choices);
          break;
        case "checkbox":
          data[q.name] = [...choices.filter(() => next() < 0.3), ...(other ? ["other"] : [])];
          break;
        case "boolean":
          data[q.name] = next() < 0.5;
          break;
        case "rating":
          data[q.name] = pick([1, 2, 3, 4, 5]);
          break;
        default:
          data[q.name] = pick(["", "Une remarque."]);
      }
      if (q.hasOther && next() < 0.6) data[`${q.name}-Comment`] = pick(["", "Autre chose"]);
    }
    sets.push(data);
  }
  return sets;
}

/** What validation reads from a model once validated (as JSON: survey-core arrays carry their own prototype). */
function state(model: Model) {
  model.validate(true, false);
  return JSON.parse(JSON.stringify({
    data: model.data,
    variables: Object.fromEntries(model.getVariableNames().map((name) => [name, model.getVariable(name)])),
    questions: model.getAllQuestions(false, false, true).map((q) => ({
      name: q.name, visible: q.isVisible, required: q.isRequired, value: q.value, comment: q.comment,
      errors: q.errors.map((e) => e.getText()),
    })),
  }));
}

describe("loading answers into a cached model for validation", () => {
  it("leaves the bilan exactly as the data setter leaves a fresh model", () => {
    const cached = buildModel(bilan);
    for (const data of answerSets(bilan, 120, 1)) {
      const fresh = buildModel(bilan);
      fresh.data = structuredClone(data);
      loadAnswers(cached, structuredClone(data));
      expect(state(cached), JSON.stringify(data)).toEqual(state(fresh));
    }
  });

  // A fresh model and a reused one can differ on such a survey whatever the loading (a default value
  // expression only applies to a fresh model): compare the two loadings on models with the same history.
  it("leaves a survey with dynamic choices and values as the data setter leaves it", () => {
    const bySetter = buildModel(dynamic);
    const byLoad = buildModel(dynamic);
    for (const data of answerSets(dynamic, 200, 2)) {
      bySetter.data = structuredClone(data);
      loadAnswers(byLoad, structuredClone(data));
      expect(state(byLoad), JSON.stringify(data)).toEqual(state(bySetter));
    }
  });

  it("runs the bilan's conditions once, where the data setter runs them twice", () => {
    const count = (load: (model: Model) => void) => {
      const model = buildModel(bilan);
      load(model);
      const m = model as unknown as { runConditionsCore: (p: unknown) => void };
      const own = m.runConditionsCore;
      let runs = 0;
      m.runConditionsCore = function (this: unknown, p: unknown) {
        runs++;
        return own.call(this, p);
      };
      load(model);
      return runs;
    };
    const answers = (model: Model) => ({ ...validBilan, h_assistance: Number(model.getVariable("total_heures") ?? 0) + 1 });
    expect(count((model) => (model.data = answers(model)))).toBe(2);
    expect(count((model) => loadAnswers(model, answers(model)))).toBe(1);
  });

  it("gives the same verdict and facts whether the model is fresh or has validated others before", () => {
    const cached = buildModel(bilan);
    for (const data of answerSets(bilan, 40, 3)) {
      expect(checkAnswers(cached, data, "submit")).toEqual(checkAnswers(buildModel(bilan), data, "submit"));
    }
  });
});
