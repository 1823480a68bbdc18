// Custom SurveyJS properties of the platform. Imported wherever a Model is built (server and browser),
// so that definitions carrying them load without "unknown property" errors. Also the French defaults every
// survey shares (set here, once, for the same reason).
import { Serializer, SurveyModel, surveyLocalization } from "survey-core";
import "survey-core/i18n/french";
import { formatNumber } from "../domain/format/fr.ts";

/** Analytics tag of a question, e.g. "workload.assistance" (ADR 006). */
export const INDICATOR_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

export function registerSurveyProperties() {
  if (!Serializer.findProperty("question", "indicator")) {
    Serializer.addProperty("question", { name: "indicator:string", category: "general" });
  }
}

type ProcessedText = { name: string; value: unknown; isExists: boolean };
const FRENCH_NUMBERS = Symbol.for("rupn.survey.frenchNumbers");

/**
 * French for the strings SurveyJS builds outside a model's locale (the "More" button of action bars takes the
 * global locale), and decimal commas in dynamic texts ("Total : {total_heures} h" reads "Total : 9,5 h"):
 * numbers substituted into a text go through the platform's formatting module. Expressions and stored answers
 * keep plain numbers.
 */
export function registerFrenchSurveyDefaults() {
  surveyLocalization.currentLocale = "fr";
  const proto = SurveyModel.prototype as unknown as Record<symbol, boolean> & { getProcessedTextValue(t: ProcessedText): void };
  if (proto[FRENCH_NUMBERS]) return;
  const original = proto.getProcessedTextValue;
  proto.getProcessedTextValue = function (this: SurveyModel, textValue: ProcessedText) {
    original.call(this, textValue);
    // Display values arrive as strings ("9.5"): only plain decimal numbers are rewritten.
    const value = textValue.value;
    if (typeof value === "number" && Number.isFinite(value)) textValue.value = formatNumber(value);
    else if (typeof value === "string" && /^-?\d+\.\d+$/.test(value)) textValue.value = formatNumber(Number(value));
  };
  proto[FRENCH_NUMBERS] = true;
}

registerSurveyProperties();
registerFrenchSurveyDefaults();
