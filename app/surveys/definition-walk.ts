// The shape of a SurveyJS definition as the questionnaire editor knows it, and the pure rules on it that both the
// browser (editor) and the server (checks, locks, diff) use. No survey-core here: the editor page must stay small.
import { WORKLOAD_CATEGORIES } from "../domain/dashboards/workload.ts";

export type Json = Record<string, unknown>;

/** Bounds of an edited or imported definition (a questionnaire is a few dozen questions). */
export const DEFINITION_LIMITS = { bytes: 512 * 1024, questions: 300, pages: 50, choices: 200, text: 5_000 } as const;
export type Localized = string | Record<string, string>;
export type Choice = { value: string | number; text?: Localized } | string | number;
export type SurveyElement = Json & {
  type: string;
  name: string;
  title?: Localized;
  description?: Localized;
  isRequired?: boolean;
  visibleIf?: string;
  indicator?: string;
  choices?: Choice[];
  elements?: SurveyElement[];
};
export type SurveyPage = Json & { name: string; title?: Localized; description?: Localized; elements: SurveyElement[] };
export type Definition = Json & { title?: Localized; description?: Localized; pages: SurveyPage[] };

/** The question types the editor offers: those the bilan and the lettre de mission use (issue 14). */
export const QUESTION_TYPES = [
  { type: "text", label: "Texte court" },
  { type: "number", label: "Nombre" },
  { type: "comment", label: "Texte long" },
  { type: "radiogroup", label: "Choix unique (boutons)" },
  { type: "dropdown", label: "Choix unique (liste déroulante)" },
  { type: "checkbox", label: "Choix multiples (cases à cocher)" },
  { type: "boolean", label: "Oui / non" },
  { type: "rating", label: "Échelle de notation" },
  { type: "matrix", label: "Tableau de choix (matrice)" },
  { type: "html", label: "Texte d'information" },
  { type: "panel", label: "Groupe de questions" },
] as const;
export type EditorType = (typeof QUESTION_TYPES)[number]["type"];

/** The editor type of an element: a text question with `inputType: "number"` is a "Nombre". */
export function editorType(element: SurveyElement): string {
  return element.type === "text" && element.inputType === "number" ? "number" : element.type;
}

export function typeLabel(element: SurveyElement): string {
  const type = editorType(element);
  return QUESTION_TYPES.find((t) => t.type === type)?.label ?? `Type « ${element.type} »`;
}

export const CHOICE_TYPES = new Set(["radiogroup", "dropdown", "checkbox"]);

/** The indicators the dashboards and exports know (tag `indicator` of a question, ADR 006). */
export const INDICATOR_CATALOGUE: { indicator: string; label: string }[] = [
  ...WORKLOAD_CATEGORIES.map((c) => ({ indicator: c.indicator, label: `Temps hebdomadaire — ${c.label}` })),
  { indicator: "context.status", label: "Statut du ou de la référent·e" },
  { indicator: "context.years_as_rupn", label: "Années d'exercice comme RUPN" },
  { indicator: "context.referent_count", label: "Nombre de référents dans l'établissement" },
  { indicator: "recognition.kind", label: "Forme de reconnaissance (IMP, allègement…)" },
  { indicator: "recognition.imp_amount", label: "Montant de l'IMP" },
  { indicator: "recognition.relief_hours", label: "Heures d'allègement de service" },
  { indicator: "assistance.tickets", label: "Tickets transmis à la collectivité" },
  { indicator: "actions.kind", label: "Actions menées" },
  { indicator: "actions.workshops", label: "Nombre d'ateliers" },
  { indicator: "tools.administered", label: "Outils administrés" },
  { indicator: "difficulties", label: "Difficultés rencontrées" },
  { indicator: "training.needs", label: "Besoins de formation" },
  { indicator: "training.entry_course", label: "Formation d'entrée dans la fonction" },
  { indicator: "satisfaction.recognition", label: "Satisfaction quant à la reconnaissance" },
  { indicator: "intent.continue", label: "Intention de poursuivre la mission" },
];

export function indicatorLabel(indicator: string): string {
  return INDICATOR_CATALOGUE.find((i) => i.indicator === indicator)?.label ?? indicator;
}

export function isObject(value: unknown): value is Json {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

/** The French (or default) text of a possibly localized string. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (isObject(value)) {
    const localized = value.fr ?? value.default ?? Object.values(value)[0];
    return typeof localized === "string" ? localized : "";
  }
  return "";
}

export function choiceValue(choice: Choice): string {
  return String(isObject(choice) ? choice.value : choice);
}

export function choiceText(choice: Choice): string {
  return isObject(choice) ? textOf(choice.text) || String(choice.value) : String(choice);
}

export type Located = { element: SurveyElement; page: SurveyPage; pageIndex: number; parent: SurveyElement | null };

/** Every element of the pages, panels' contents included, in reading order. */
export function elementsOf(definition: Definition): Located[] {
  const out: Located[] = [];
  const visit = (elements: unknown, page: SurveyPage, pageIndex: number, parent: SurveyElement | null) => {
    if (!Array.isArray(elements)) return;
    for (const element of elements) {
      if (!isObject(element)) continue;
      const el = element as SurveyElement;
      out.push({ element: el, page, pageIndex, parent });
      if (el.type === "panel") visit(el.elements, page, pageIndex, el);
    }
  };
  (Array.isArray(definition.pages) ? definition.pages : []).forEach((page, i) => isObject(page) && visit(page.elements, page, i, null));
  return out;
}

/** The questions (everything but panels and information texts), by name. */
export function questionsByName(definition: Definition): Map<string, Located> {
  const map = new Map<string, Located>();
  for (const located of elementsOf(definition)) {
    if (located.element.type === "panel" || located.element.type === "html") continue;
    if (typeof located.element.name === "string") map.set(located.element.name, located);
  }
  return map;
}

export function questionTitleOf(element: SurveyElement): string {
  return textOf(element.title).trim() || element.name;
}

// ---------------------------------------------------------------------------------------------------------------
// Locked questions (ADR 019): in a version derived from a national model, each question of that model that carries
// an indicator keeps its name, type, indicator and choice values, so that the national dashboards keep working.

export type LockedQuestion = { name: string; type: string; indicator: string; values: string[] | null; title: string };

/** The values a question can take that a lock keeps: choices, rating scale, matrix columns and rows. */
export function lockedValues(element: SurveyElement): string[] | null {
  if (CHOICE_TYPES.has(element.type)) return (element.choices ?? []).map(choiceValue).sort();
  if (element.type === "rating") {
    if (Array.isArray(element.rateValues) && element.rateValues.length) return (element.rateValues as Choice[]).map(choiceValue).sort();
    return [`${element.rateMin ?? 1}..${element.rateMax ?? 5}`];
  }
  if (element.type === "matrix") {
    const columns = Array.isArray(element.columns) ? (element.columns as Choice[]).map(choiceValue).sort() : [];
    const rows = Array.isArray(element.rows) ? (element.rows as Choice[]).map((r) => `ligne:${choiceValue(r)}`).sort() : [];
    return [...rows, ...columns];
  }
  return null;
}

export function lockedQuestions(nationalModel: Definition): LockedQuestion[] {
  const locks: LockedQuestion[] = [];
  for (const { element } of questionsByName(nationalModel).values()) {
    if (typeof element.indicator !== "string" || !element.indicator) continue;
    locks.push({ name: element.name, type: editorType(element), indicator: element.indicator, values: lockedValues(element), title: questionTitleOf(element) });
  }
  return locks;
}

export const LOCK_REASON =
  "Cette question alimente les tableaux de bord nationaux (indicateur « {indicator} ») : elle ne peut pas être supprimée, et ni son type ni ses valeurs de réponse ne peuvent changer. Son intitulé peut l'être.";

export function lockReason(lock: LockedQuestion): string {
  return LOCK_REASON.replace("{indicator}", lock.indicator);
}

/** What a draft breaks of its locks, one message per question (the question's name, or null when it is gone). */
export function lockViolations(locks: LockedQuestion[], draft: Definition): { question: string; message: string }[] {
  const present = questionsByName(draft);
  const problems: { question: string; message: string }[] = [];
  for (const lock of locks) {
    const found = present.get(lock.name)?.element;
    if (!found) {
      problems.push({ question: lock.name, message: `la question verrouillée « ${lock.title} » a été supprimée : ${lockReason(lock)}` });
      continue;
    }
    if (editorType(found) !== lock.type) problems.push({ question: lock.name, message: `le type d'une question verrouillée ne peut pas changer (indicateur « ${lock.indicator} »).` });
    else if (found.indicator !== lock.indicator) problems.push({ question: lock.name, message: `l'indicateur d'une question verrouillée ne peut pas changer (attendu : « ${lock.indicator} »).` });
    else if (lock.values && JSON.stringify(lockedValues(found)) !== JSON.stringify(lock.values)) {
      problems.push({ question: lock.name, message: `les valeurs de réponse d'une question verrouillée ne peuvent pas changer (indicateur « ${lock.indicator} ») ; seuls leurs libellés peuvent l'être.` });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// The condition builder: "show this question when X equals / contains / is greater than Y" ↔ SurveyJS `visibleIf`.

export type ConditionOperator = "equals" | "notequals" | "contains" | "greater" | "less";
export type Condition = { question: string; operator: ConditionOperator; value: string };

export const CONDITION_OPERATORS: { operator: ConditionOperator; label: string; expression: string }[] = [
  { operator: "equals", label: "est égale à", expression: "=" },
  { operator: "notequals", label: "est différente de", expression: "<>" },
  { operator: "contains", label: "contient", expression: "contains" },
  { operator: "greater", label: "est supérieure à", expression: ">" },
  { operator: "less", label: "est inférieure à", expression: "<" },
];

const NAME = /^[A-Za-z0-9_\-. ]+$/;

function literal(value: string): string {
  const trimmed = value.trim();
  if (/^-?\d+(\.\d+)?$/.test(trimmed)) return trimmed;
  if (trimmed === "true" || trimmed === "false") return trimmed;
  return `'${trimmed.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}

export function conditionExpression(condition: Condition): string {
  const op = CONDITION_OPERATORS.find((o) => o.operator === condition.operator)!;
  return `{${condition.question}} ${op.expression} ${literal(condition.value)}`;
}

/** A `visibleIf` the builder can show, or null (a hand-written expression stays as it is, read-only). */
export function parseCondition(expression: unknown): Condition | null {
  if (typeof expression !== "string") return null;
  const match = /^\s*\{([^{}]+)\}\s*(=|<>|contains|>|<)\s*(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"|(-?\d+(?:\.\d+)?|true|false))\s*$/.exec(expression);
  if (!match || !NAME.test(match[1])) return null;
  const operator = CONDITION_OPERATORS.find((o) => o.expression === match[2])!.operator;
  const value = match[3] !== undefined ? match[3].replace(/\\(.)/g, "$1") : match[4] !== undefined ? match[4].replace(/\\(.)/g, "$1") : match[5];
  return { question: match[1], operator, value };
}

/** The names an expression refers to (`{name}`; `{name.row}` and `{panel[0].x}` count as their first part). */
export function referencedNames(expression: string): string[] {
  return [...expression.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1].trim().split(/[.[]/)[0]);
}

/** A readable French sentence for a condition, e.g. « Statut » est égale à « titulaire ». */
export function describeCondition(expression: unknown, titleOfName: (name: string) => string): string {
  const condition = parseCondition(expression);
  if (!condition) return typeof expression === "string" ? `condition avancée : ${expression}` : "";
  const op = CONDITION_OPERATORS.find((o) => o.operator === condition.operator)!;
  return `quand « ${titleOfName(condition.question)} » ${op.label} « ${condition.value} »`;
}
