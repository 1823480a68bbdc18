// One validation of a set of answers on a model of the answered version, with the facts of a valid submission:
// the unit of work of the validation workers (validation-pool.server.ts), also run inline when they are off.
import type { Model } from "survey-core";
import { extractFacts, type Fact } from "./facts.ts";
import { validateOnModel, type ValidationMode, type ValidationResult } from "./validate.ts";

export type CheckedAnswers = { result: ValidationResult; facts: Fact[] };

export function checkAnswers(model: Model, input: unknown, mode: ValidationMode): CheckedAnswers {
  const { result, visible } = validateOnModel(model, input, mode);
  return { result, facts: result.ok && mode === "submit" ? extractFacts(model, visible) : [] };
}
