// Server-side validation of SurveyJS answers against the exact survey version answered (ARCHITECTURE rule 2).
// SurveyJS checks required answers, min/max and its validators; we add what a hand-made request could
// slip past the browser: unknown or hidden questions, non-numeric numbers, off-list choices, over-long texts.
import type { Model, Question } from "survey-core";
import { allQuestions, markBroken, questionTitle } from "./model.ts";
import { loadAnswers } from "./load.ts";

export type AnswerError = { question: string; message: string };
export type Answers = Record<string, unknown>;
export type ValidationMode = "draft" | "submit";
export type ValidationResult = { ok: true; data: Answers } | { ok: false; errors: AnswerError[] };

const COMMENT_SUFFIX = "-Comment";
const NUMERIC_INPUTS = new Set(["number", "range"]);
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

function valueErrors(question: Question, value: unknown): string[] {
  const title = questionTitle(question);
  const type = question.getType();
  if (value === undefined || value === null || value === "") return [];
  if ((type === "text" && NUMERIC_INPUTS.has(question.inputType)) || type === "rating") {
    if (typeof value !== "number" || !Number.isFinite(value)) return [`« ${title} » : la réponse doit être un nombre.`];
  }
  if (type === "boolean" && typeof value !== "boolean") return [`« ${title} » : la réponse doit être oui ou non.`];
  if (CHOICE_TYPES.has(type)) {
    const allowed = new Set(((question as unknown as { visibleChoices: { value: unknown }[] }).visibleChoices ?? []).map((c) => String(c.value)));
    const values = Array.isArray(value) ? value : [value];
    if (Array.isArray(value) !== (type === "checkbox" || type === "tagbox" || type === "ranking")) {
      return [`« ${title} » : format de réponse inattendu.`];
    }
    const unknown = values.filter((v) => !allowed.has(String(v)));
    if (unknown.length) return [`« ${title} » : choix inconnu ${unknown.map((v) => `« ${String(v)} »`).join(", ")}.`];
  }
  if ((type === "text" || type === "comment") && typeof value !== "string" && typeof value !== "number") {
    return [`« ${title} » : la réponse doit être un texte.`];
  }
  const maxLength = (question as unknown as { getMaxLength?: () => number | null }).getMaxLength?.();
  if (typeof value === "string" && maxLength && maxLength > 0 && value.length > maxLength) {
    return [`« ${title} » : ${maxLength} caractères au plus.`];
  }
  return [];
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
  const errors: AnswerError[] = [];
  // First the shape of each answer, on the questions alone: SurveyJS's expressions can throw on a value of
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
    if (comment) {
      if (typeof value !== "string") errors.push({ question: question.name, message: `« ${questionTitle(question)} » : la précision doit être un texte.` });
      else if (value.length > 5000) errors.push({ question: question.name, message: `« ${questionTitle(question)} » : 5000 caractères au plus.` });
      continue;
    }
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
