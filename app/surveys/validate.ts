// Server-side validation of SurveyJS answers against the exact survey version answered (ARCHITECTURE rule 2).
// First the type of every answer, per question type, from the definition (draft-types.ts), for drafts too:
// unknown questions, wrongly typed or out-of-bounds answers, off-list choices, over-long texts. Then, on a
// model: choices hidden by conditions, answers to hidden questions, and on submission SurveyJS's own checks
// (required answers, validators).
import type { Model, Question } from "survey-core";
import { allQuestions, definitionOf, markBroken, questionTitle } from "./model.ts";
import { checkAnswerTypes, compileAnswerTypes, shown, type Questions } from "./draft-types.ts";
import { loadAnswers } from "./load.ts";

export type AnswerError = { question: string; message: string };
export type Answers = Record<string, unknown>;
export type ValidationMode = "draft" | "submit";
export type ValidationResult = { ok: true; data: Answers } | { ok: false; errors: AnswerError[] };

const COMMENT_SUFFIX = "-Comment";
const CHOICE_TYPES = new Set(["radiogroup", "dropdown", "checkbox", "tagbox", "imagepicker", "ranking"]);

function isPlainObject(value: unknown): value is Answers {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

function questionFor(model: Model, key: string): { question: Question | null; comment: boolean } {
  const comment = key.endsWith(COMMENT_SUFFIX);
  const name = comment ? key.slice(0, -COMMENT_SUFFIX.length) : key;
  const question = (model.getQuestionByValueName(name) ?? model.getQuestionByName(name)) as Question | null;
  if (!question) return { question: null, comment };
  if (comment && !(question.hasComment || question.hasOther)) return { question: null, comment };
  return { question, comment };
}

/** Choices hidden by a condition (choicesVisibleIf), on top of the shape already checked from the definition. */
function valueErrors(question: Question, value: unknown): string[] {
  if (value === undefined || value === null || value === "" || !CHOICE_TYPES.has(question.getType())) return [];
  const allowed = new Set(((question as unknown as { visibleChoices: { value: unknown }[] }).visibleChoices ?? []).map((c) => String(c.value)));
  const unknown = (Array.isArray(value) ? value : [value]).filter((v) => !allowed.has(String(v)));
  return unknown.length ? [`« ${questionTitle(question)} » : choix inconnu ${unknown.map((v) => `« ${shown(v)} »`).join(", ")}.`] : [];
}

const answerTypes = new WeakMap<Model, Questions>();

/** The answer rules of a model's definition, compiled once per cached model. */
function answerTypesOf(model: Model): Questions {
  let types = answerTypes.get(model);
  if (!types) {
    types = compileAnswerTypes(definitionOf(model) ?? model.toJSON());
    answerTypes.set(model, types);
  }
  return types;
}

/**
 * Validates answers on a model of the answered version. `draft` accepts incomplete answers but nothing that
 * cannot be answered; `submit` also requires a complete, valid and visible-only set of answers.
 * On success, `data` are the answers as SurveyJS recomputed them (expressions such as totals are not trusted).
 */
export function validateAnswers(model: Model, input: unknown, mode: ValidationMode): ValidationResult {
  return validateOnModel(model, input, mode).result;
}

/** validateAnswers, also giving the questions visible once validated (for the facts, without a new walk). */
export function validateOnModel(model: Model, input: unknown, mode: ValidationMode): { result: ValidationResult; visible?: Question[] } {
  if (!isPlainObject(input)) return { result: { ok: false, errors: [{ question: "", message: "Les réponses doivent être un objet JSON." }] } };
  // No model.clear(): it re-runs every condition (~15 ms); the `data` setter below replaces all values anyway.
  // First the type of every answer, from the definition alone (draft-types.ts): a draft too holds only
  // answers of the right type, and the work is bounded by the definition, not by the data's depth.
  const typeErrors = checkAnswerTypes(answerTypesOf(model), input);
  if (typeErrors.length) return { result: { ok: false, errors: typeErrors } };
  const errors: AnswerError[] = [];
  // Then the shape of each answer, on the questions alone: SurveyJS's expressions can throw on a value of
  // the wrong type (a text in a summed number), so nothing reaches the model before this pass is clean.
  const found: [Question, boolean, unknown][] = [];
  for (const [key, value] of Object.entries(input)) {
    const { question, comment } = questionFor(model, key);
    if (!question) {
      errors.push({ question: key, message: `« ${key} » ne correspond à aucune question de ce questionnaire.` });
      continue;
    }
    if (question.getType() === "expression" || question.getType() === "html") continue; // recomputed, never trusted
    found.push([question, comment, value]);
    if (comment) continue; // a string of bounded length (draft-types.ts)
    for (const message of valueErrors(question, value)) errors.push({ question: question.name, message });
  }
  if (errors.length) return { result: { ok: false, errors } };
  try {
    loadAnswers(model, structuredClone(input));
  } catch {
    markBroken(model);
    return { result: { ok: false, errors: [{ question: "", message: "Les réponses n'ont pas pu être lues : rechargez la page et recommencez." }] } };
  }
  if (mode === "submit") {
    const visible = new Set(allQuestions(model, true));
    for (const [question, , value] of found) {
      if (visible.has(question) || value === undefined || value === null) continue;
      if (errors.some((e) => e.question === question.name)) continue;
      errors.push({
        question: question.name,
        message: `« ${questionTitle(question)} » est masquée par vos autres réponses : elle ne doit pas avoir de réponse.`,
      });
    }
  }
  let visible: Question[] | undefined;
  if (mode === "submit" && errors.length === 0) {
    model.validate(true, false);
    visible = allQuestions(model, true);
    for (const question of visible) {
      for (const error of question.errors) errors.push({ question: question.name, message: `« ${questionTitle(question)} » : ${error.getText()}` });
    }
  }
  if (errors.length) return { result: { ok: false, errors } };
  return { result: { ok: true, data: mode === "submit" ? (model.data as Answers) : input }, visible };
}
