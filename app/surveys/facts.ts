// Extraction of the answers to tagged questions (`indicator`) into typed rows for analytics (ADR 006).
import type { Model, Question } from "survey-core";
import { allQuestions } from "./model.ts";

export type Fact = { indicator: string; question: string; numericValue: number | null; textValue: string | null };

function toFacts(indicator: string, question: string, value: unknown): Fact[] {
  if (value === undefined || value === null || value === "") return [];
  if (typeof value === "number") return Number.isFinite(value) ? [{ indicator, question, numericValue: value, textValue: null }] : [];
  if (typeof value === "boolean") return [{ indicator, question, numericValue: value ? 1 : 0, textValue: value ? "oui" : "non" }];
  if (typeof value === "string") return [{ indicator, question, numericValue: null, textValue: value }];
  if (Array.isArray(value)) return value.flatMap((item) => toFacts(indicator, question, item));
  if (typeof value === "object") {
    return Object.entries(value as Record<string, unknown>).flatMap(([key, v]) => toFacts(`${indicator}.${key}`, question, v));
  }
  return [];
}

/**
 * One row per tagged answer of a model whose data are set (and validated): numbers stay numbers, a multiple
 * choice gives one row per selected value, the text of an "other" choice goes to `<indicator>.other`.
 * Hidden questions give nothing.
 */
export function extractFacts(model: Model, visible: Question[] = allQuestions(model, true)): Fact[] {
  const facts: Fact[] = [];
  for (const question of visible as (Question & { indicator?: string })[]) {
    const indicator = question.indicator;
    if (!indicator) continue;
    facts.push(...toFacts(indicator, question.name, question.value));
    const other = question.hasOther ? question.comment : "";
    if (other) facts.push({ indicator: `${indicator}.other`, question: question.name, numericValue: null, textValue: other });
  }
  return facts;
}
