// Custom SurveyJS properties of the platform. Imported wherever a Model is built (server and browser),
// so that definitions carrying them load without "unknown property" errors.
import { Serializer } from "survey-core";

/** Analytics tag of a question, e.g. "workload.assistance" (ADR 006). */
export const INDICATOR_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$/;

export function registerSurveyProperties() {
  if (!Serializer.findProperty("question", "indicator")) {
    Serializer.addProperty("question", { name: "indicator:string", category: "general" });
  }
}

registerSurveyProperties();
