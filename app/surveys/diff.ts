// "What changed" between two versions of a questionnaire (issue 14), in French for the DANE before publishing:
// questions added, removed, reworded, moved, their type, choices, requirement, condition or indicator changed.
// Pure: questions are matched by name (the name is what answers and facts are keyed on).
import {
  choiceText, choiceValue, editorType, elementsOf, indicatorLabel, textOf, typeLabel,
  type Choice, type Definition, type SurveyElement,
} from "./definition-walk.ts";

export type ChangeKind = "added" | "removed" | "changed";
export type QuestionChange = { kind: ChangeKind; name: string; title: string; page: string; details: string[] };
export type DefinitionDiff = { survey: string[]; questions: QuestionChange[] };

function pageLabel(definition: Definition, index: number): string {
  const page = definition.pages[index];
  const title = textOf(page?.title).trim();
  return title ? `page ${index + 1} « ${title} »` : `page ${index + 1}`;
}

function choicesOf(element: SurveyElement): Map<string, string> {
  const list = Array.isArray(element.choices) ? (element.choices as Choice[]) : [];
  return new Map(list.map((c) => [choiceValue(c), choiceText(c)]));
}

function choiceChanges(before: SurveyElement, after: SurveyElement): string[] {
  const a = choicesOf(before);
  const b = choicesOf(after);
  const out: string[] = [];
  for (const [value, text] of b) {
    if (!a.has(value)) out.push(`choix ajouté : « ${text} »`);
    else if (a.get(value) !== text) out.push(`choix reformulé : « ${a.get(value)} » devient « ${text} »`);
  }
  for (const [value, text] of a) if (!b.has(value)) out.push(`choix retiré : « ${text} »`);
  if (!out.length && [...a.keys()].join("\u0000") !== [...b.keys()].filter((v) => a.has(v)).join("\u0000")) out.push("ordre des choix modifié");
  const flag = (key: "showOtherItem" | "showNoneItem", label: string) => {
    if (Boolean(before[key]) !== Boolean(after[key])) out.push(after[key] ? `choix « ${label} » ajouté` : `choix « ${label} » retiré`);
  };
  flag("showOtherItem", "Autre");
  flag("showNoneItem", "Aucun");
  return out;
}

function same(a: unknown, b: unknown) {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

function elementChanges(before: SurveyElement, after: SurveyElement, moved: string | null): string[] {
  const details: string[] = [];
  const t0 = textOf(before.title).trim();
  const t1 = textOf(after.title).trim();
  if (t0 !== t1) details.push(`intitulé : « ${t0 || before.name} » devient « ${t1 || after.name} »`);
  if (textOf(before.description).trim() !== textOf(after.description).trim()) details.push("description modifiée");
  if (editorType(before) !== editorType(after)) details.push(`type : ${typeLabel(before)} devient ${typeLabel(after)}`);
  details.push(...choiceChanges(before, after));
  if (Boolean(before.isRequired) !== Boolean(after.isRequired)) details.push(after.isRequired ? "devient obligatoire" : "devient facultative");
  if (!same(before.visibleIf, after.visibleIf)) details.push(after.visibleIf ? `condition d'affichage : ${after.visibleIf}` : "condition d'affichage retirée");
  if (!same(before.indicator, after.indicator)) details.push(after.indicator ? `indicateur : ${indicatorLabel(after.indicator)}` : "indicateur retiré");
  if (!same(before.min, after.min) || !same(before.max, after.max) || !same(before.validators, after.validators)) details.push("contrôles numériques modifiés");
  if (!same(before.rows, after.rows) || !same(before.columns, after.columns)) details.push("lignes ou colonnes du tableau modifiées");
  if (!same(before.rateMin, after.rateMin) || !same(before.rateMax, after.rateMax)) details.push("échelle de notation modifiée");
  if (!same(before.html, after.html)) details.push("texte d'information modifié");
  if (moved) details.push(moved);
  return details;
}

export function diffDefinitions(before: Definition, after: Definition): DefinitionDiff {
  const survey: string[] = [];
  if (textOf(before.title).trim() !== textOf(after.title).trim()) survey.push(`titre : « ${textOf(before.title)} » devient « ${textOf(after.title)} »`);
  if (textOf(before.description).trim() !== textOf(after.description).trim()) survey.push("présentation du questionnaire modifiée");
  const pagesBefore = before.pages?.length ?? 0;
  const pagesAfter = after.pages?.length ?? 0;
  if (pagesBefore !== pagesAfter) survey.push(`nombre de pages : ${pagesBefore} devient ${pagesAfter}`);
  for (let i = 0; i < Math.min(pagesBefore, pagesAfter); i++) {
    const a = textOf(before.pages[i].title).trim();
    const b = textOf(after.pages[i].title).trim();
    if (a !== b) survey.push(`titre de la page ${i + 1} : « ${a} » devient « ${b} »`);
  }
  const olds = new Map(elementsOf(before).map((e) => [e.element.name, e]));
  const news = elementsOf(after);
  const questions: QuestionChange[] = [];
  const title = (e: SurveyElement) => textOf(e.title).trim() || e.name;
  for (const located of news) {
    const old = olds.get(located.element.name);
    const page = pageLabel(after, located.pageIndex);
    if (!old) {
      questions.push({ kind: "added", name: located.element.name, title: title(located.element), page, details: [typeLabel(located.element)] });
      continue;
    }
    const moved = old.pageIndex !== located.pageIndex ? `déplacée de la ${pageLabel(before, old.pageIndex)} à la ${page}` : null;
    const details = elementChanges(old.element, located.element, moved);
    if (details.length) questions.push({ kind: "changed", name: located.element.name, title: title(located.element), page, details });
  }
  const kept = new Set(news.map((e) => e.element.name));
  for (const [name, old] of olds) {
    if (!kept.has(name)) questions.push({ kind: "removed", name, title: title(old.element), page: pageLabel(before, old.pageIndex), details: [] });
  }
  return { survey, questions };
}

export function isEmptyDiff(diff: DefinitionDiff) {
  return diff.survey.length === 0 && diff.questions.length === 0;
}
