// Loading answers into a cached survey-core model for validation, without the passes that `model.data = …`
// repeats for nothing (ADR 011). Everything here is survey-core's own code path, in its own order; the setter's
// steps are called one by one so that two of them can be skipped when they provably change nothing:
//  1. the second full run of the conditions that a calculated value triggers (survey-core re-runs every
//     condition when any value changes while conditions run, though calculated values are computed first, so
//     the conditions of that same run already saw them);
//  2. the second push of the survey's values into its questions, when running the conditions wrote no value
//     and the questions' choices cannot depend on other answers;
//  3. with such static choices, survey-core's clearing of answers missing from the choices while validating:
//     validateAnswers has already refused any such answer before loading (`keepIncorrectValues`, a public
//     survey-core option, skips the search).
// survey-core is pinned (package.json); test/unit/surveys/load.test.ts checks, on hundreds of generated answer
// sets, that this gives exactly what the setter gives on a fresh model (errors, recomputed data, facts).
import { Model } from "survey-core";

/** The survey-core internals used here (SurveyModel, 3.0.0), public or not. */
type Internals = {
  valuesHash: Record<string, unknown>;
  isSettingDataValue: boolean;
  isValueChangedOnRunningCondition: boolean;
  calculatedValues: { resetCalculation(): void; doCalculation(all: unknown[], properties: unknown): void }[];
  pages: { runCondition(properties: unknown): void }[];
  setDataValueCore(hash: Record<string, unknown>, key: string, value: unknown): void;
  updateAllQuestionsValue(clearData: boolean): void;
  notifyAllQuestionsOnValueChanged(): void;
  notifyElementsOnAnyValueOrVariableChanged(name: string): void;
  runConditions(): void;
  runConditionsCore(properties: unknown): void;
};

const prepared = new WeakMap<Model, { staticChoices: boolean }>();

// Properties by which a question's choices, or its value, follow other answers: with any of them in the
// definition, the values are always pushed into the questions again after the conditions ran.
const DYNAMIC = new Set([
  "choicesVisibleIf", "choicesEnableIf", "choicesFromQuestion", "choicesByUrl", "defaultValueExpression",
  "setValueExpression", "setValueIf", "resetValueIf", "triggers", "valueName", "clearIfInvisible",
]);
// Question types whose value is one plain answer (no rows, cells, nested panels or computed value).
const PLAIN_TYPES = new Set(["text", "comment", "radiogroup", "checkbox", "dropdown", "tagbox", "boolean", "rating", "html"]);

function mentionsDynamic(json: unknown): boolean {
  if (Array.isArray(json)) return json.some(mentionsDynamic);
  if (!json || typeof json !== "object") return false;
  return Object.entries(json).some(([key, value]) => DYNAMIC.has(key) || mentionsDynamic(value));
}

function plainElements(elements: unknown): boolean {
  if (elements === undefined) return true;
  if (!Array.isArray(elements)) return false;
  return elements.every((e: { type?: unknown; elements?: unknown }) =>
    e?.type === "panel" ? plainElements(e.elements) : typeof e?.type === "string" && PLAIN_TYPES.has(e.type));
}

function hasStaticChoices(json: { pages?: { elements?: unknown }[]; elements?: unknown }): boolean {
  return !mentionsDynamic(json) && plainElements(json.elements) && (json.pages ?? []).every((p) => plainElements(p.elements));
}

/** Once per model: the conditions' run without the repeat caused by calculated values alone (step 1). */
function prepare(model: Model) {
  let state = prepared.get(model);
  if (state) return state;
  const m = model as unknown as Internals;
  const elementCore = Object.getPrototypeOf(Model.prototype) as { runConditionCore(this: unknown, properties: unknown): void };
  // Same body as SurveyModel.runConditionsCore, plus one line: forget the "changed while running" flag raised
  // by the calculated values, computed before any other condition of this run. A value changed by the
  // conditions of elements still raises it, and survey-core runs them all again as it always does.
  m.runConditionsCore = function (this: Internals, properties: unknown) {
    const changedBefore = this.isValueChangedOnRunningCondition;
    for (const calculated of this.calculatedValues) calculated.resetCalculation();
    for (const calculated of this.calculatedValues) calculated.doCalculation(this.calculatedValues, properties);
    this.isValueChangedOnRunningCondition = changedBefore;
    elementCore.runConditionCore.call(this, properties);
    for (const page of this.pages) page.runCondition(properties);
  };
  state = { staticChoices: hasStaticChoices(model.toJSON()) };
  if (state.staticChoices) model.keepIncorrectValues = true;
  prepared.set(model, state);
  return state;
}

/** Same as `model.data = data` (SurveyModel.setDataCore, data given), minus the repeats above. */
export function loadAnswers(model: Model, data: Record<string, unknown>) {
  const { staticChoices } = prepare(model);
  const m = model as unknown as Internals;
  m.valuesHash = {};
  for (const key in data) m.setDataValueCore(m.valuesHash, key.trim(), data[key]);
  m.isSettingDataValue = true;
  m.updateAllQuestionsValue(false);
  m.notifyAllQuestionsOnValueChanged();
  m.notifyElementsOnAnyValueOrVariableChanged("");
  m.isSettingDataValue = false;
  const before = staticChoices ? JSON.stringify(m.valuesHash) : "";
  m.runConditions();
  if (!staticChoices || JSON.stringify(m.valuesHash) !== before) m.updateAllQuestionsValue(false);
}
