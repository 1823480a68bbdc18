// The checks of a questionnaire definition edited in the platform or imported (issue 14): those of
// `surveys:check` (definitionIssues), then what the editor's questions need to make sense, then the locks of the
// national model it derives from. Each problem names the question it is about, in French. Pure (survey-core only).
import { definitionIssues, type DefinitionIssue } from "./model.ts";
import {
  CHOICE_TYPES, DEFINITION_LIMITS, choiceValue, elementsOf, isObject, lockViolations, questionTitleOf, referencedNames, textOf,
  type Definition, type LockedQuestion, type SurveyElement,
} from "./definition-walk.ts";

export type QuestionIssue = { question: string | null; message: string };

export { DEFINITION_LIMITS };

const UNSAFE_HTML = /<\s*(script|iframe|object|embed|style|link|meta|form|base)\b|\son[a-z]+\s*=|javascript:|data:text\/html/i;

function number(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

function elementIssues(element: SurveyElement, known: Set<string>): string[] {
  const problems: string[] = [];
  const type = element.type;
  if (type !== "html" && type !== "panel" && !textOf(element.title).trim()) problems.push("l'intitulé de la question est vide.");
  if (type === "html" && typeof element.html === "string" && UNSAFE_HTML.test(element.html)) {
    problems.push("le texte d'information ne peut contenir ni script, ni cadre, ni attribut d'événement (on…), ni lien « javascript: ».");
  }
  if (CHOICE_TYPES.has(type)) {
    const choices = Array.isArray(element.choices) ? element.choices : [];
    if (choices.length === 0 && typeof element.choicesFromQuestion !== "string") problems.push("ajoutez au moins un choix.");
    if (choices.length > DEFINITION_LIMITS.choices) problems.push(`${DEFINITION_LIMITS.choices} choix au plus.`);
    const seen = new Set<string>();
    for (const choice of choices) {
      const value = choiceValue(choice);
      if (!value.trim()) problems.push("un choix n'a pas de valeur.");
      else if (seen.has(value)) problems.push(`le choix « ${value} » figure deux fois.`);
      seen.add(value);
    }
  }
  if (type === "matrix") {
    if (!Array.isArray(element.rows) || element.rows.length === 0) problems.push("ajoutez au moins une ligne au tableau.");
    if (!Array.isArray(element.columns) || element.columns.length === 0) problems.push("ajoutez au moins une colonne au tableau.");
  }
  if (type === "rating") {
    const min = number(element.rateMin) ?? 1;
    const max = number(element.rateMax) ?? 5;
    if (max <= min) problems.push("la note maximale doit dépasser la note minimale.");
    else if (max - min > 20) problems.push("l'échelle compte 21 niveaux au plus.");
  }
  if (type === "text" && element.inputType === "number") {
    const min = number(element.min);
    const max = number(element.max);
    if (min !== undefined && max !== undefined && min > max) problems.push("le minimum dépasse le maximum.");
  }
  for (const validator of Array.isArray(element.validators) ? element.validators : []) {
    if (!isObject(validator)) continue;
    const min = number(validator.minValue);
    const max = number(validator.maxValue);
    if (min !== undefined && max !== undefined && min > max) problems.push("le contrôle numérique a un minimum supérieur au maximum.");
  }
  for (const key of ["visibleIf", "enableIf", "requiredIf"] as const) {
    const expression = element[key];
    if (expression === undefined) continue;
    if (typeof expression !== "string") { problems.push("la condition d'affichage doit être un texte."); continue; }
    for (const name of referencedNames(expression)) {
      if (name === element.name) problems.push("la condition d'affichage ne peut pas porter sur la question elle-même.");
      else if (!known.has(name)) problems.push(`la condition d'affichage porte sur une question inconnue « ${name} ».`);
    }
  }
  for (const key of ["title", "description"] as const) {
    if (textOf(element[key]).length > DEFINITION_LIMITS.text) problems.push(`${DEFINITION_LIMITS.text} caractères au plus par intitulé ou description.`);
  }
  return problems;
}

/**
 * Every problem of a definition, by question (null: the whole questionnaire). `locks` are the locked questions of
 * the national model the version derives from (none for a new survey key).
 */
export function questionnaireIssues(definition: unknown, locks: LockedQuestion[] = []): QuestionIssue[] {
  const base: QuestionIssue[] = definitionIssues(definition).map((i: DefinitionIssue) => ({ question: i.question, message: i.question ? i.message : i.text }));
  if (!isObject(definition)) return base;
  const def = definition as Definition;
  if (!Array.isArray(def.pages)) return [...base, { question: null, message: "le questionnaire doit être organisé en pages." }];
  const issues = [...base];
  if (def.pages.length > DEFINITION_LIMITS.pages) issues.push({ question: null, message: `${DEFINITION_LIMITS.pages} pages au plus.` });
  def.pages.forEach((page, i) => {
    if (!isObject(page) || !Array.isArray(page.elements) || page.elements.length === 0) issues.push({ question: null, message: `la page ${i + 1} est vide : ajoutez-y une question ou supprimez-la.` });
  });
  const elements = elementsOf(def);
  if (elements.length > DEFINITION_LIMITS.questions) issues.push({ question: null, message: `${DEFINITION_LIMITS.questions} questions au plus.` });
  const calculated = Array.isArray(def.calculatedValues) ? (def.calculatedValues as unknown[]).filter(isObject).map((c) => String(c.name)) : [];
  const known = new Set([...elements.map((e) => e.element.name), ...calculated]);
  for (const { element } of elements) {
    for (const message of elementIssues(element, known)) issues.push({ question: element.name, message });
  }
  issues.push(...lockViolations(locks, def));
  return issues;
}

/** A one-line French summary of the issues, for a banner. */
export function issuesSummary(issues: QuestionIssue[], definition: Definition): string {
  const titles = new Map(elementsOf(definition).map((e) => [e.element.name, questionTitleOf(e.element)]));
  const first = issues[0];
  const where = first.question ? `« ${titles.get(first.question) ?? first.question} » : ` : "";
  return issues.length === 1 ? `Le questionnaire a un problème — ${where}${first.message}` : `Le questionnaire a ${issues.length} problèmes ; le premier — ${where}${first.message}`;
}
