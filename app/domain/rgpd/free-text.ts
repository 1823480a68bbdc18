// Free-text answers of a SurveyJS definition (RGPD, ADR 020): what erasure and the retention job clear from a bilan.
// Free text is where a person writes names and circumstances; figures, choices and ratings stay (the aggregates).
// Pure: walks the JSON definition, no survey-core.

type Element = {
  type?: string;
  name?: string;
  inputType?: string;
  elements?: Element[];
  templateElements?: Element[];
  pages?: Element[];
};

/** Text inputs that hold figures or dates, not prose. */
const NON_PROSE_INPUTS = new Set(["number", "range", "date", "datetime-local", "month", "week", "time", "color"]);

/** Names of the questions whose answer is prose: comments, text inputs that are not figures, multiple texts. */
export function freeTextQuestionNames(definition: unknown): Set<string> {
  const names = new Set<string>();
  const walk = (elements: Element[] | undefined) => {
    for (const element of elements ?? []) {
      if (!element || typeof element !== "object") continue;
      const type = element.type ?? "";
      if (element.name && (type === "comment" || type === "multipletext" || (type === "text" && !NON_PROSE_INPUTS.has(element.inputType ?? "")))) {
        names.add(element.name);
      }
      walk(element.elements);
      walk(element.templateElements);
    }
  };
  const root = (definition ?? {}) as Element;
  walk(root.pages);
  walk(root.elements);
  return names;
}

/**
 * The answers without their free text: the free-text questions and every "<question>-Comment" (the "other"
 * text of a choice), at any depth (dynamic panels hold arrays of objects). Returns the same value when nothing
 * was removed, so callers can tell whether anything changed.
 */
export function withoutFreeText<T>(data: T, freeText: ReadonlySet<string>): { value: T; removed: number } {
  let removed = 0;
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) {
      let changed = false;
      const next = value.map((item) => {
        const stripped = strip(item);
        if (stripped !== item) changed = true;
        return stripped;
      });
      return changed ? next : value;
    }
    if (value && typeof value === "object") {
      let changed = false;
      const next: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (freeText.has(key) || key.endsWith("-Comment")) {
          removed++;
          changed = true;
          continue;
        }
        const stripped = strip(item);
        if (stripped !== item) changed = true;
        next[key] = stripped;
      }
      return changed ? next : value;
    }
    return value;
  };
  const value = strip(data) as T;
  return { value, removed };
}
