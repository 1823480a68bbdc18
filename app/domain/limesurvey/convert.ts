// Conversion of a LimeSurvey structure (structure.ts) into a SurveyJS definition, with a report in French of what
// was converted exactly, approximated (and how) or dropped (and why), per question, and the map of the response
// columns (question codes and SGQA names) onto the converted answers. Type table and rules: ADR 015.
import { translateExpression, type Resolver, type VariableRef } from "./expression.ts";
import type { LsQuestion, LsSurvey } from "./structure.ts";
import { escapeHtml, hasHtml, htmlToText, localize, pickLanguage, type Localizable } from "./text.ts";
import type { ResponseField } from "./fields.ts";
import { fieldsOf } from "./fields.ts";

export type ConversionStatus = "exact" | "approximated" | "dropped";
export type QuestionReport = { code: string; name: string | null; lsType: string; typeLabel: string; surveyjsType: string | null; status: ConversionStatus; notes: string[] };
export type ConversionReport = {
  title: string;
  docType: string;
  dbVersion: number;
  language: string;
  otherLanguages: string[];
  questions: QuestionReport[];
  notes: string[];
  counts: { source: number; converted: number; exact: number; approximated: number; dropped: number };
};
export type SurveyJson = Record<string, unknown> & { title: string; pages: { name: string; elements: Record<string, unknown>[] }[] };
export type ConversionResult = { definition: SurveyJson; report: ConversionReport; fields: ResponseField[] };
export type ConvertOptions = { checkExpression?: (expression: string) => boolean; fallbackTitle?: string };

export const TYPE_LABELS: Record<string, string> = {
  L: "liste (boutons radio)", "!": "liste déroulante", O: "liste avec commentaire", M: "choix multiple", P: "choix multiple avec commentaires",
  N: "numérique", S: "texte court", T: "texte long", U: "texte très long", K: "numérique multiple", Q: "textes courts multiples",
  F: "tableau", H: "tableau par colonne", A: "tableau à 5 points", B: "tableau à 10 points", C: "tableau oui/incertain/non",
  E: "tableau augmentation/sans changement/diminution", "1": "tableau à deux échelles", ":": "tableau de nombres", ";": "tableau de textes",
  R: "classement", D: "date/heure", G: "genre", Y: "oui/non", "5": "choix à 5 points", X: "affichage de texte", "*": "équation",
  "|": "envoi de fichier", I: "changement de langue",
};

const ARRAY_COLUMNS: Record<string, [string, string][]> = {
  A: [1, 2, 3, 4, 5].map((n) => [String(n), String(n)]),
  B: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => [String(n), String(n)]),
  C: [["Y", "Oui"], ["U", "Incertain"], ["N", "Non"]],
  E: [["I", "Augmentation"], ["S", "Sans changement"], ["D", "Diminution"]],
};

type Context = { main: string; others: string[]; resolve: Resolver; check?: (e: string) => boolean };
type Built = { element: Record<string, unknown>; status: ConversionStatus; notes: string[] };

export function convertStructure(survey: LsSurvey, options: ConvertOptions = {}): ConversionResult {
  const main = pickLanguage(survey.languages, survey.baseLanguage);
  const others = survey.languages.filter((l) => l !== main);
  const notes: string[] = [];
  if (!survey.languages.includes("fr")) notes.push(`Le questionnaire n'existe pas en français : la langue de base (${main}) est reprise.`);
  if (others.length) notes.push(`Autres langues conservées comme traductions SurveyJS : ${others.join(", ")}.`);

  // Names: the LimeSurvey question codes, made unique (an old export may repeat a code).
  const names = new Map<string, string>();
  const taken = new Set<string>();
  for (const q of survey.questions) {
    let name = q.code || `q${q.qid}`;
    if (taken.has(name)) name = `${name}_${q.qid}`;
    taken.add(name);
    names.set(q.qid, name);
  }
  const resolve = makeResolver(survey, names);
  const ctx: Context = { main, others, resolve, check: options.checkExpression };

  const reports: QuestionReport[] = [];
  const pages: SurveyJson["pages"] = [];
  const groups = survey.groups.length ? survey.groups : [{ gid: "", order: 0, relevance: "", names: {}, descriptions: {} }];
  const known = new Set(groups.map((g) => g.gid));
  let htmlSeen = false;
  for (const group of groups) {
    const elements: Record<string, unknown>[] = [];
    const inGroup = survey.questions.filter((q) => q.gid === group.gid || (!known.has(q.gid) && group === groups[0]));
    for (const q of inGroup) {
      const name = names.get(q.qid)!;
      const typeLabel = TYPE_LABELS[q.type] ?? `type « ${q.type} »`;
      htmlSeen ||= Object.values(q.texts).some(hasHtml);
      const built = buildQuestion(q, name, ctx);
      if (!built) {
        reports.push({ code: q.code, name: null, lsType: q.type, typeLabel, surveyjsType: null, status: "dropped", notes: [droppedReason(q)] });
        continue;
      }
      if (name !== q.code) { built.status = worse(built.status, "approximated"); built.notes.push(`code « ${q.code} » en double : renommé « ${name} »`); }
      elements.push(built.element);
      reports.push({ code: q.code, name, lsType: q.type, typeLabel, surveyjsType: String(built.element.type), status: built.status, notes: built.notes });
    }
    if (!elements.length) continue;
    const page: SurveyJson["pages"][number] & Record<string, unknown> = { name: group.gid ? `groupe-${group.gid}` : `page-${pages.length + 1}`, elements };
    const title = localize(group.names, main, others);
    if (title) page.title = title;
    const description = localize(group.descriptions, main, others);
    if (description) page.description = description;
    const visible = translateExpression(group.relevance, resolve, ctx.check);
    if (visible.ok && visible.expression) page.visibleIf = visible.expression;
    else if (!visible.ok) notes.push(`Condition du groupe « ${(typeof title === "string" ? title : title.default) || group.gid} » non traduite (${visible.reason}) : la page reste toujours affichée. Condition d'origine : ${group.relevance}`);
    pages.push(page);
  }
  if (htmlSeen) notes.push("La mise en forme HTML des textes est retirée (texte brut) : aucun script ni style du fichier n'est repris.");

  // The platform lists surveys by a plain-text title: the main language's (translations of the title are in the report).
  const localizedTitle = localize(survey.title, main, others, options.fallbackTitle ?? (survey.sid ? `Questionnaire LimeSurvey ${survey.sid}` : "Questionnaire LimeSurvey"));
  const titleText = typeof localizedTitle === "string" ? localizedTitle : localizedTitle.default;
  if (typeof localizedTitle !== "string") notes.push(`Titre dans les autres langues : ${Object.entries(localizedTitle).filter(([l]) => l !== "default").map(([l, t]) => `${l} « ${t} »`).join(", ")}.`);
  const definition: SurveyJson = { title: titleText || "Questionnaire LimeSurvey", pages };
  const description = localize(survey.description, main, others);
  if (description) definition.description = description;
  const count = (s: ConversionStatus) => reports.filter((r) => r.status === s).length;
  const report: ConversionReport = {
    title: definition.title as string,
    docType: survey.docType, dbVersion: survey.dbVersion, language: main, otherLanguages: others, questions: reports, notes,
    counts: { source: survey.questions.length, converted: reports.length - count("dropped"), exact: count("exact"), approximated: count("approximated"), dropped: count("dropped") },
  };
  return { definition, report, fields: fieldsOf(survey, names) };
}

function worse(a: ConversionStatus, b: ConversionStatus): ConversionStatus {
  const rank = { exact: 0, approximated: 1, dropped: 2 };
  return rank[b] > rank[a] ? b : a;
}

function droppedReason(q: LsQuestion): string {
  if (q.type === "I") return "changement de langue : sans objet, la langue est choisie par la plateforme";
  if (!q.type) return "question sans type dans l'export";
  return `type LimeSurvey « ${q.type} » inconnu : aucune correspondance SurveyJS`;
}

function makeResolver(survey: LsSurvey, names: Map<string, string>): Resolver {
  const table = new Map<string, VariableRef>();
  for (const q of survey.questions) {
    const name = names.get(q.qid)!;
    const sgqa = `${survey.sid}X${q.gid}X${q.qid}`;
    for (const alias of [q.code, sgqa]) table.set(alias, { kind: "value", ref: `{${name}}` });
    for (const sq of q.subquestions.filter((s) => s.scaleId === 0)) {
      const ref: VariableRef = q.type === "M" || q.type === "P" ? { kind: "choice", question: name, code: sq.code } : { kind: "value", ref: `{${name}.${sq.code}}` };
      if (["M", "P", "F", "H", "A", "B", "C", "E", "K", "Q"].includes(q.type)) {
        table.set(`${q.code}_${sq.code}`, ref);
        table.set(`${sgqa}${sq.code}`, ref);
      }
    }
    if (q.other) table.set(`${q.code}_other`, { kind: "value", ref: `{${name}-Comment}` });
  }
  return (n) => table.get(n) ?? null;
}

function choicesOf(q: LsQuestion, scale: number, ctx: Context) {
  return q.answers.filter((a) => a.scaleId === scale).map((a) => ({ value: a.code, text: localize(a.texts, ctx.main, ctx.others, a.code) }));
}
function rowsOf(q: LsQuestion, scale: number, ctx: Context) {
  return q.subquestions.filter((s) => s.scaleId === scale).map((s) => ({ value: s.code, text: localize(s.texts, ctx.main, ctx.others, s.code) }));
}
const attr = (q: LsQuestion, name: string) => (q.attributes[name] ?? "").trim();
const attrNum = (q: LsQuestion, name: string) => { const v = attr(q, name); return v !== "" && /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : undefined; };

function buildQuestion(q: LsQuestion, name: string, ctx: Context): Built | null {
  const notes: string[] = [];
  let status: ConversionStatus = "exact";
  const approx = (note: string) => { status = "approximated"; notes.push(note); };
  const e: Record<string, unknown> = { name, title: localize(q.texts, ctx.main, ctx.others, q.code) };
  const help = localize(q.help, ctx.main, ctx.others);
  if (help) e.description = help;

  switch (q.type) {
    case "L": case "!": case "O": case "G": {
      e.type = q.type === "!" ? "dropdown" : "radiogroup";
      e.choices = q.type === "G" ? [{ value: "F", text: "Féminin" }, { value: "M", text: "Masculin" }] : choicesOf(q, 0, ctx);
      if (q.type === "O") { e.showCommentArea = true; e.commentText = "Commentaire"; }
      if (q.type !== "G" && !(e.choices as unknown[]).length) approx("aucune option de réponse dans l'export");
      break;
    }
    case "M": case "P":
      e.type = "checkbox";
      e.choices = rowsOf(q, 0, ctx);
      if (attrNum(q, "min_answers") !== undefined) e.minSelectedChoices = attrNum(q, "min_answers");
      if (attrNum(q, "max_answers") !== undefined) e.maxSelectedChoices = attrNum(q, "max_answers");
      if (q.type === "P") { e.showCommentArea = true; approx("un commentaire par option remplacé par un commentaire unique"); }
      break;
    case "N":
      e.type = "text"; e.inputType = "number";
      if (attrNum(q, "min_num_value_n") !== undefined) e.min = attrNum(q, "min_num_value_n");
      if (attrNum(q, "max_num_value_n") !== undefined) e.max = attrNum(q, "max_num_value_n");
      if (attr(q, "min_num_value_n") && e.min === undefined) approx(`minimum non numérique non repris (${attr(q, "min_num_value_n")})`);
      if (attr(q, "max_num_value_n") && e.max === undefined) approx(`maximum non numérique non repris (${attr(q, "max_num_value_n")})`);
      break;
    case "S": case "T": case "U":
      e.type = q.type === "S" ? "text" : "comment";
      if (attrNum(q, "maximum_chars")) e.maxLength = attrNum(q, "maximum_chars");
      break;
    case "K": case "Q":
      e.type = "multipletext";
      e.items = rowsOf(q, 0, ctx).map((r) => ({ name: r.value, title: r.text, ...(q.type === "K" ? { inputType: "number" } : {}) }));
      if (!(e.items as unknown[]).length) return null;
      break;
    case "F": case "H": case "A": case "B": case "C": case "E":
      e.type = "matrix";
      e.rows = rowsOf(q, 0, ctx);
      e.columns = ARRAY_COLUMNS[q.type]?.map(([value, text]) => ({ value, text })) ?? choicesOf(q, 0, ctx);
      if (q.type === "H") approx("tableau par colonne présenté en lignes (mêmes valeurs)");
      if (!(e.rows as unknown[]).length) approx("aucune sous-question dans l'export");
      break;
    case "1": {
      e.type = "matrixdropdown";
      e.rows = rowsOf(q, 0, ctx);
      e.columns = [0, 1].map((scale) => ({
        name: String(scale), title: htmlToText(attr(q, scale === 0 ? "dualscale_headerA" : "dualscale_headerB")) || `Échelle ${scale + 1}`,
        cellType: "dropdown", choices: choicesOf(q, scale, ctx),
      }));
      approx("deux échelles présentées comme deux listes déroulantes par ligne");
      break;
    }
    case ":": case ";": {
      e.type = "matrixdropdown";
      e.rows = rowsOf(q, 0, ctx);
      const min = attrNum(q, "multiflexible_min") ?? 1;
      const max = attrNum(q, "multiflexible_max") ?? 10;
      const step = attrNum(q, "multiflexible_step") || 1;
      const checkbox = q.type === ":" && attr(q, "multiflexible_checkbox") === "1";
      const numbers: number[] = [];
      if (q.type === ":" && !checkbox) for (let v = min; step > 0 ? v <= max : v >= max; v += step) { numbers.push(v); if (numbers.length > 200) break; }
      e.columns = rowsOf(q, 1, ctx).map((c) => ({
        name: c.value, title: c.text,
        ...(q.type === ";" ? { cellType: "text" } : checkbox ? { cellType: "boolean", valueTrue: "1", valueFalse: "0" } : { cellType: "dropdown", choices: numbers }),
      }));
      if (checkbox) approx("cases à cocher du tableau de nombres : case oui/non par cellule");
      if (numbers.length > 200) approx("plage de nombres tronquée à 200 valeurs");
      break;
    }
    case "R":
      e.type = "ranking";
      e.choices = choicesOf(q, 0, ctx);
      if (!(e.choices as unknown[]).length) approx("aucune option à classer dans l'export");
      break;
    case "D": {
      const format = attr(q, "date_format");
      e.type = "text";
      e.inputType = /H|i|G/.test(format) ? (/[dmyY]/.test(format) ? "datetime-local" : "time") : "date";
      break;
    }
    case "Y":
      Object.assign(e, { type: "boolean", valueTrue: "Y", valueFalse: "N", labelTrue: "Oui", labelFalse: "Non" });
      break;
    case "5":
      Object.assign(e, { type: "rating", rateMin: 1, rateMax: 5 });
      break;
    case "X": {
      const text = htmlToText(Object.values(q.texts)[0] === undefined ? "" : (q.texts[ctx.main] ?? Object.values(q.texts)[0]));
      e.type = "html";
      e.html = `<p>${escapeHtml(text).replace(/\n/g, "<br>")}</p>`;
      delete e.title; delete e.description;
      break;
    }
    case "*": {
      e.type = "expression";
      const equation = attr(q, "equation") || Object.values(q.texts)[0] || "";
      const source = /^\s*\{([\s\S]*)\}\s*$/.exec(htmlToText(equation))?.[1];
      const translated = source === undefined ? null : translateExpression(source, ctx.resolve, ctx.check);
      if (translated?.ok && translated.expression) e.expression = translated.expression;
      else approx(`équation non traduite${translated && !translated.ok ? ` (${translated.reason})` : ""} : champ calculé sans formule`);
      e.title = q.code;
      break;
    }
    case "|":
      e.type = "file";
      e.storeDataAsText = false;
      if ((attrNum(q, "max_num_of_files") ?? 1) > 1) e.allowMultiple = true;
      approx("envoi de fichier : les fichiers déposés dans LimeSurvey ne sont pas repris, seul le champ est créé");
      break;
    default:
      return null;
  }

  if (q.other && ["L", "!", "M"].includes(q.type)) { e.showOtherItem = true; e.otherText = "Autre"; }
  else if (q.other && !["L", "!", "M", "P", "O"].includes(q.type)) approx("option « Autre » ignorée pour ce type");
  if (q.mandatory === "Y" && !["X", "*"].includes(q.type)) e.isRequired = true;
  if (q.mandatory === "S") approx("réponse « obligatoire douce » de LimeSurvey : non obligatoire ici");
  if (attr(q, "hidden") === "1") e.visible = false;

  const visible = translateExpression(q.relevance, ctx.resolve, ctx.check);
  if (visible.ok && visible.expression) e.visibleIf = visible.expression;
  else if (!visible.ok) approx(`condition d'affichage non traduite (${visible.reason}) : question toujours affichée ; condition d'origine : ${q.relevance.trim()}`);

  if (q.preg.trim()) {
    const regex = translateRegex(q.preg.trim());
    if (regex) e.validators = [{ type: "regex", regex, text: "Le format de la réponse n'est pas valide." }];
    else approx(`expression régulière de validation non reprise (${q.preg.trim()})`);
  }
  if (attr(q, "em_validation_q") && attr(q, "em_validation_q") !== "1") approx(`validation par équation non reprise (${attr(q, "em_validation_q")})`);
  return { element: e, status, notes };
}

/** A PHP PCRE pattern (`/…/flags`) as a JavaScript regex source, when its meaning is the same. */
export function translateRegex(preg: string): string | null {
  const m = /^([/#~])([\s\S]*)\1([a-zA-Z]*)$/.exec(preg);
  const body = m ? m[2] : preg;
  const flags = m ? m[3] : "";
  if (flags.replace(/u/g, "") !== "") return null;
  if (/\(\?[<!=]?[a-zA-Z]|\\[AZzGQE]|\(\?#|\[\[:/.test(body)) return null;
  try {
    new RegExp(body, "u");
    return body;
  } catch {
    return null;
  }
}
