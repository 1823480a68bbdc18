// The answers of a bilan the read API gives without the personal-data right (ADR 021): closed questions (choices,
// yes/no, ratings) and numbers. Free text (text and comment questions, "other" texts) may name people: left out.
// Pure: reads the SurveyJS definition JSON, no survey-core model.

const CLOSED_TYPES = new Set(["radiogroup", "dropdown", "checkbox", "tagbox", "boolean", "rating", "ranking", "imagepicker"]);

type Element = { type?: unknown; name?: unknown; inputType?: unknown; elements?: unknown; pages?: unknown };

/** The question names of a definition with their type ("text:number" for a numeric text input). */
function questionTypes(definition: unknown): Map<string, string> {
  const types = new Map<string, string>();
  const walk = (elements: unknown) => {
    if (!Array.isArray(elements)) return;
    for (const raw of elements) {
      const e = raw as Element;
      if (e && typeof e === "object") {
        if (typeof e.name === "string" && typeof e.type === "string") types.set(e.name, e.type === "text" && (e.inputType === "number" || e.inputType === "range") ? "text:number" : e.type);
        // Panels are walked; a dynamic panel's answers are a list of free objects: left out with the other free forms.
        if (e.type === "panel") walk(e.elements);
      }
    }
  };
  const pages = (definition as Element | null)?.pages;
  if (Array.isArray(pages)) for (const p of pages) walk((p as Element)?.elements);
  return types;
}

/** The questions whose answers are choices (never free text), per the definition. */
export function closedQuestionNames(definition: unknown): Set<string> {
  return new Set([...questionTypes(definition)].filter(([, type]) => CLOSED_TYPES.has(type)).map(([name]) => name));
}

/** Only the closed and numeric answers of `data`, per the definition; an answer to an unknown question is left out. */
export function closedAnswers(definition: unknown, data: unknown): Record<string, unknown> {
  if (!data || typeof data !== "object" || Array.isArray(data)) return {};
  const types = questionTypes(definition);
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(data as Record<string, unknown>)) {
    const type = types.get(name);
    if (!type) continue;
    if (CLOSED_TYPES.has(type)) kept[name] = value;
    else if ((type === "text:number" || type === "text") && typeof value === "number") kept[name] = value;
    else if (type === "text" && typeof value === "string" && /^-?\d+([.,]\d+)?$/.test(value.trim())) kept[name] = Number(value.trim().replace(",", "."));
  }
  return kept;
}
