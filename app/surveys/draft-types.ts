// The shape of each answer, per question type, read from the survey's JSON definition (issue 12, item 5).
// A draft (autosave) is incomplete by nature, but every answer it holds must be of the type its question
// produces: a text where a text goes, a number within its bounds, one of the offered choices, a panel of the
// panel's own questions, a matrix of its rows and columns. Nothing else reaches survey-core or the database.
// Pure: no survey-core, no I/O. The work is bounded by the definition, never by the depth of the data.

export type AnswerTypeError = { question: string; message: string };

type Base = { title: string };
type TextInput = "text" | "number" | "date" | "email" | "time" | "datetime-local" | "month" | "week" | "tel" | "url" | "color" | "password";
export type Rule = Base &
  (
    | { kind: "text"; input: TextInput; maxLength: number; min?: number | string; max?: number | string }
    | { kind: "choice"; multiple: boolean; values: Set<string> | null; dynamic: { rule: Rule | null }; other: boolean; none: boolean; max: number }
    | { kind: "boolean"; values: unknown[] }
    | { kind: "rating"; values: Set<string> }
    | { kind: "matrix"; rows: Map<string, string>; columns: Set<string> }
    | { kind: "matrixdropdown"; rows: Map<string, string>; cells: Map<string, Rule> }
    | { kind: "matrixdynamic"; cells: Map<string, Rule>; maxRows: number }
    | { kind: "paneldynamic"; items: Questions; maxPanels: number }
    | { kind: "multipletext"; items: Map<string, Rule> }
    | { kind: "computed" }
    | { kind: "none" }
    | { kind: "scalar" }
  );

/** The questions of a level (the survey, or a dynamic panel's template): answer key → rule, and "-Comment" keys. */
export type Questions = { rules: Map<string, Rule>; comments: Map<string, string> };

/** Bounds for what the definition leaves open. */
export const LIMITS = { text: 10_000, comment: 5_000, panels: 50, matrixRows: 200, errors: 20, keyShown: 60 } as const;

type Json = Record<string, unknown>;
const COMMENT_SUFFIX = "-Comment";

function isObject(value: unknown): value is Json {
  return Boolean(value) && typeof value === "object" && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (isObject(value)) {
    const localized = value.fr ?? value.default;
    return typeof localized === "string" ? localized : undefined;
  }
  return undefined;
}

function titleOf(element: Json): string {
  return (text(element.title) ?? String(element.name ?? "")).trim();
}

function num(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
}

function choiceValues(choices: unknown): Set<string> {
  const values = new Set<string>();
  if (Array.isArray(choices)) for (const c of choices) values.add(String(isObject(c) ? c.value : c));
  return values;
}

function rowsOf(rows: unknown): Map<string, string> {
  const map = new Map<string, string>();
  if (Array.isArray(rows)) {
    for (const r of rows) {
      const value = String(isObject(r) ? r.value : r);
      map.set(value, (isObject(r) ? text(r.text) : undefined) ?? value);
    }
  }
  return map;
}

const TEXT_INPUTS = new Set<string>(["text", "number", "range", "date", "email", "time", "datetime-local", "month", "week", "tel", "url", "color", "password"]);

/** The rule of a question whose choices come from another question (e.g. the emails of a panel), filled in
 * once the whole definition is compiled (the source question may come after the one it feeds). */
type Lookup = (element: Json) => { rule: Rule | null };

function compileElement(element: Json, lookup: Lookup): Rule {
  const title = titleOf(element);
  const type = String(element.type ?? "");
  switch (type) {
    case "text": {
      const raw = String(element.inputType ?? "text");
      const input = (raw === "range" ? "number" : TEXT_INPUTS.has(raw) ? raw : "text") as TextInput;
      const maxLength = num(element.maxLength) ?? 0;
      const rule: Rule = { kind: "text", title, input, maxLength: maxLength > 0 ? Math.min(maxLength, LIMITS.text) : LIMITS.text };
      if (input === "number") {
        rule.min = num(element.min);
        rule.max = num(element.max);
      } else if (input === "date" || input === "month" || input === "time" || input === "datetime-local" || input === "week") {
        if (typeof element.min === "string") rule.min = element.min;
        if (typeof element.max === "string") rule.max = element.max;
      }
      return rule;
    }
    case "comment": {
      const maxLength = num(element.maxLength) ?? 0;
      return { kind: "text", title, input: "text", maxLength: maxLength > 0 ? Math.min(maxLength, LIMITS.text) : LIMITS.text };
    }
    case "radiogroup":
    case "dropdown":
    case "checkbox":
    case "tagbox":
    case "ranking":
    case "imagepicker": {
      const multiple = type === "checkbox" || type === "tagbox" || type === "ranking" || (type === "imagepicker" && element.multiSelect === true);
      const fromQuestion = typeof element.choicesFromQuestion === "string" || element.choicesByUrl !== undefined;
      const values = fromQuestion ? null : choiceValues(element.choices);
      const other = element.showOtherItem === true || element.hasOther === true;
      const none = element.showNoneItem === true || element.hasNone === true;
      const all = element.showSelectAllItem === true || element.hasSelectAll === true;
      if (values && all) values.add("selectall");
      const max = values ? values.size + 2 : LIMITS.panels;
      return { kind: "choice", title, multiple, values, dynamic: fromQuestion ? lookup(element) : { rule: null }, other, none, max };
    }
    case "boolean": {
      const values = [element.valueTrue ?? true, element.valueFalse ?? false];
      return { kind: "boolean", title, values };
    }
    case "rating": {
      let values: Set<string>;
      if (Array.isArray(element.rateValues) && element.rateValues.length) values = choiceValues(element.rateValues);
      else {
        values = new Set();
        const min = num(element.rateMin) ?? 1;
        const step = Math.max(num(element.rateStep) ?? 1, 0.01);
        const max = num(element.rateMax) ?? (num(element.rateCount) ? min + (num(element.rateCount)! - 1) * step : 5);
        for (let v = min, n = 0; v <= max + 1e-9 && n < 100; v += step, n++) values.add(String(Math.round(v * 100) / 100));
      }
      return { kind: "rating", title, values };
    }
    case "matrix":
      return { kind: "matrix", title, rows: rowsOf(element.rows), columns: choiceValues(element.columns) };
    case "matrixdropdown":
    case "matrixdynamic": {
      const cells = new Map<string, Rule>();
      if (Array.isArray(element.columns)) {
        for (const c of element.columns as Json[]) {
          if (!isObject(c) || typeof c.name !== "string") continue;
          const cellType = String(c.cellType ?? element.cellType ?? "dropdown");
          const cell: Json = { ...c, type: cellType === "default" ? String(element.cellType ?? "dropdown") : cellType };
          if (cell.choices === undefined && cell.choicesFromQuestion === undefined) cell.choices = element.choices;
          cells.set(c.name, compileElement(cell, lookup));
        }
      }
      if (type === "matrixdropdown") return { kind: "matrixdropdown", title, rows: rowsOf(element.rows), cells };
      return { kind: "matrixdynamic", title, cells, maxRows: Math.min(num(element.maxRowCount) ?? LIMITS.matrixRows, LIMITS.matrixRows) };
    }
    case "paneldynamic":
      return { kind: "paneldynamic", title, items: compileLevel(element.templateElements, lookup), maxPanels: Math.min(num(element.maxPanelCount) ?? LIMITS.panels, LIMITS.panels) };
    case "multipletext": {
      const items = new Map<string, Rule>();
      if (Array.isArray(element.items)) {
        for (const item of element.items as Json[]) {
          if (isObject(item) && typeof item.name === "string") items.set(item.name, compileElement({ ...item, type: "text" }, lookup));
        }
      }
      return { kind: "multipletext", title, items };
    }
    case "expression":
      return { kind: "computed", title };
    case "html":
    case "image":
      return { kind: "none", title };
    default:
      return { kind: "scalar", title };
  }
}

function compileLevel(elements: unknown, lookup: Lookup): Questions {
  const level: Questions = { rules: new Map(), comments: new Map() };
  const visit = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const element of list) {
      if (!isObject(element)) continue;
      if (element.type === "panel") {
        visit(element.elements);
        continue;
      }
      if (typeof element.name !== "string" || !element.name) continue;
      const key = typeof element.valueName === "string" && element.valueName ? element.valueName : element.name;
      const rule = compileElement(element, lookup);
      level.rules.set(key, rule);
      const commented = element.showOtherItem === true || element.hasOther === true || element.showCommentArea === true || element.hasComment === true;
      if (commented) level.comments.set(`${key}${COMMENT_SUFFIX}`, rule.title);
    }
  };
  visit(elements);
  return level;
}

/** The answer rules of a survey definition (compile once per definition; the result is read-only). */
export function compileAnswerTypes(definition: unknown): Questions {
  const def = isObject(definition) ? definition : {};
  const pages = Array.isArray(def.pages) ? (def.pages as Json[]) : [];
  const elements = [...pages.flatMap((p) => (isObject(p) && Array.isArray(p.elements) ? p.elements : [])), ...(Array.isArray(def.elements) ? def.elements : [])];
  // Choices taken from another question's answers (choicesFromQuestion + choiceValuesFromQuestion): each value
  // must be what that question's item could hold, e.g. an email of the referents' panel.
  const pending: [Json, { rule: Rule | null }][] = [];
  const root = compileLevel(elements, (element) => {
    const box = { rule: null as Rule | null };
    pending.push([element, box]);
    return box;
  });
  const find = (level: Questions, source: string, item: string): Rule | null => {
    const rule = level.rules.get(source);
    if (rule?.kind === "paneldynamic") return rule.items.rules.get(item) ?? null;
    for (const r of level.rules.values()) {
      const found = r.kind === "paneldynamic" ? find(r.items, source, item) : null;
      if (found) return found;
    }
    return null;
  };
  for (const [element, box] of pending) {
    if (typeof element.choicesFromQuestion === "string" && typeof element.choiceValuesFromQuestion === "string") {
      box.rule = find(root, element.choicesFromQuestion, element.choiceValuesFromQuestion);
    }
  }
  return root;
}

// ---------------------------------------------------------------------------------------------------------------

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
// What can never be part of an email address, even half typed (drafts are saved while the user types).
const NOT_IN_EMAIL = /[\s<>()[\]\\,;:"\u0000-\u001f\u007f]/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^\d{2}:\d{2}(:\d{2})?$/;
const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;
const MONTH = /^\d{4}-\d{2}$/;
const WEEK = /^\d{4}-W\d{2}$/;

function isEmpty(value: unknown) {
  return value === undefined || value === null || value === "";
}

/** A key or value quoted in a message: short, printable. */
export function shown(value: unknown): string {
  const raw = typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : Array.isArray(value) ? "liste" : "objet";
  const clean = raw.replace(/[\u0000-\u001f\u007f]/g, "�");
  return clean.length > LIMITS.keyShown ? `${clean.slice(0, LIMITS.keyShown)}…` : clean;
}

const frNumber = (n: number) => String(n).replace(".", ",");

/** Why a value does not fit its rule (a French phrase), or null. */
function textProblem(rule: Extract<Rule, { kind: "text" }>, value: unknown): string | null {
  if (rule.input === "number") {
    if (typeof value !== "number" || !Number.isFinite(value)) return "la réponse doit être un nombre.";
    if (typeof rule.min === "number" && value < rule.min) return `la valeur ne doit pas être inférieure à ${frNumber(rule.min)}.`;
    if (typeof rule.max === "number" && value > rule.max) return `la valeur ne doit pas être supérieure à ${frNumber(rule.max)}.`;
    return null;
  }
  if (typeof value !== "string") return "la réponse doit être un texte.";
  if (value.length > rule.maxLength) return `${rule.maxLength} caractères au plus.`;
  if (CONTROL.test(value)) return "la réponse contient des caractères de contrôle non autorisés.";
  const pattern = { date: DATE, time: TIME, "datetime-local": DATETIME, month: MONTH, week: WEEK }[rule.input as string];
  if (pattern) {
    if (!pattern.test(value)) return "la date ou l'heure n'est pas au bon format.";
    if (typeof rule.min === "string" && value < rule.min) return `la date ne doit pas être antérieure au ${frDate(rule.min)}.`;
    if (typeof rule.max === "string" && value > rule.max) return `la date ne doit pas être postérieure au ${frDate(rule.max)}.`;
  }
  if (rule.input === "email" && NOT_IN_EMAIL.test(value)) return "une adresse électronique ne contient ni espace ni caractère tel que < > ( ) [ ] , ; : \" \\.";
  return null;
}

function frDate(iso: string) {
  return DATE.test(iso) ? `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}` : iso;
}

/** Records an error; false once enough errors were collected (every check below returns "go on?"). */
type Report = ((where: string[], message: string) => boolean) & { raw(message: string): boolean };

function isScalar(value: unknown) {
  return typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value));
}

function checkChoice(rule: Extract<Rule, { kind: "choice" }>, value: unknown, where: string[], report: Report): boolean {
  const one = (v: unknown): string | null => {
    if (typeof v !== "string" && !(typeof v === "number" && Number.isFinite(v))) return "format de réponse inattendu.";
    const s = String(v);
    if ((rule.other && s === "other") || (rule.none && s === "none")) return null;
    if (rule.values) return rule.values.has(s) ? null : `choix inconnu « ${shown(s)} ».`;
    if (rule.dynamic.rule) return valueProblem(rule.dynamic.rule, v);
    return s.length > 254 || CONTROL.test(s) ? "format de réponse inattendu." : null;
  };
  if (rule.multiple) {
    if (!Array.isArray(value)) return report(where, "la réponse doit être une liste de choix.");
    if (value.length > rule.max) return report(where, "trop de choix.");
    for (const v of value) {
      const problem = one(v);
      if (problem) return report(where, problem);
    }
    if (new Set(value.map(String)).size !== value.length) return report(where, "un même choix figure deux fois.");
    return true;
  }
  if (Array.isArray(value)) return report(where, "un seul choix est attendu.");
  const problem = one(value);
  return problem ? report(where, problem) : true;
}

/** Problem of a scalar-valued rule, or null. */
function valueProblem(rule: Rule, value: unknown): string | null {
  switch (rule.kind) {
    case "text":
      return textProblem(rule, value);
    case "boolean":
      return rule.values.some((v) => v === value) ? null : "la réponse doit être oui ou non.";
    case "rating":
      return (typeof value === "number" || typeof value === "string") && rule.values.has(String(value)) ? null : "la note n'est pas une des valeurs proposées.";
    case "computed":
    case "scalar":
      if (!isScalar(value)) return "la réponse doit être une valeur simple (texte, nombre ou oui/non).";
      if (typeof value === "string" && value.length > LIMITS.text) return `${LIMITS.text} caractères au plus.`;
      return typeof value === "string" && CONTROL.test(value) ? "la réponse contient des caractères de contrôle non autorisés." : null;
    case "none":
      return "cet élément n'attend pas de réponse.";
    default:
      return "format de réponse inattendu.";
  }
}

function checkValue(rule: Rule, value: unknown, where: string[], report: Report): boolean {
  if (isEmpty(value)) return true;
  switch (rule.kind) {
    case "choice":
      return checkChoice(rule, value, where, report);
    case "matrix": {
      if (!isObject(value)) return report(where, "la réponse doit associer chaque ligne à une colonne.");
      for (const [row, cell] of Object.entries(value)) {
        if (!rule.rows.has(row)) return report(where, `ligne inconnue « ${shown(row)} ».`);
        if (isEmpty(cell)) continue;
        if ((typeof cell !== "string" && typeof cell !== "number") || !rule.columns.has(String(cell))) {
          return report([...where, `ligne « ${rule.rows.get(row)} »`], "colonne inconnue.");
        }
      }
      return true;
    }
    case "matrixdropdown": {
      if (!isObject(value)) return report(where, "la réponse doit être un tableau de lignes.");
      for (const [row, cells] of Object.entries(value)) {
        if (!rule.rows.has(row)) return report(where, `ligne inconnue « ${shown(row)} ».`);
        if (!checkCells(rule.cells, cells, [...where, `ligne « ${rule.rows.get(row)} »`], report)) return false;
      }
      return true;
    }
    case "matrixdynamic": {
      if (!Array.isArray(value)) return report(where, "la réponse doit être une liste de lignes.");
      if (value.length > rule.maxRows) return report(where, `${rule.maxRows} lignes au plus.`);
      return value.every((cells, i) => checkCells(rule.cells, cells, [...where, `ligne ${i + 1}`], report));
    }
    case "paneldynamic": {
      if (!Array.isArray(value)) return report(where, "la réponse doit être une liste de fiches.");
      if (value.length > rule.maxPanels) return report(where, `${rule.maxPanels} fiches au plus.`);
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        const at = [...where, `n° ${i + 1}`];
        if (!isObject(item)) {
          if (!report(at, "chaque fiche doit être un ensemble de réponses.")) return false;
          continue;
        }
        if (!checkLevel(rule.items, item, at, report)) return false;
      }
      return true;
    }
    case "multipletext": {
      if (!isObject(value)) return report(where, "la réponse doit être un ensemble de champs.");
      for (const [name, cell] of Object.entries(value)) {
        const item = rule.items.get(name);
        if (!item) return report(where, `champ inconnu « ${shown(name)} ».`);
        if (!checkValue(item, cell, [...where, `« ${item.title} »`], report)) return false;
      }
      return true;
    }
    default: {
      const problem = valueProblem(rule, value);
      return problem ? report(where, problem) : true;
    }
  }
}

function checkCells(cells: Map<string, Rule>, value: unknown, where: string[], report: Report): boolean {
  if (isEmpty(value)) return true;
  if (!isObject(value)) return report(where, "chaque ligne doit associer ses colonnes à des réponses.");
  for (const [name, cell] of Object.entries(value)) {
    const rule = cells.get(name);
    if (!rule) return report(where, `colonne inconnue « ${shown(name)} ».`);
    if (!checkValue(rule, cell, [...where, `colonne « ${rule.title} »`], report)) return false;
  }
  return true;
}

function checkLevel(level: Questions, answers: Json, where: string[], report: Report): boolean {
  for (const [key, value] of Object.entries(answers)) {
    const rule = level.rules.get(key);
    if (rule) {
      if (!checkValue(rule, value, [...where, `« ${rule.title} »`], report)) return false;
      continue;
    }
    const commented = level.comments.get(key);
    if (commented !== undefined) {
      if (isEmpty(value)) continue;
      const at = [...where, `« ${commented} » (précision)`];
      if (typeof value !== "string") { if (!report(at, "la précision doit être un texte.")) return false; }
      else if (value.length > LIMITS.comment) { if (!report(at, `${LIMITS.comment} caractères au plus.`)) return false; }
      else if (CONTROL.test(value)) { if (!report(at, "la précision contient des caractères de contrôle non autorisés.")) return false; }
      continue;
    }
    const message = where.length
      ? `${where.join(", ")} : « ${shown(key)} » ne correspond à aucune question de cette fiche.`
      : `« ${shown(key)} » ne correspond à aucune question de ce questionnaire.`;
    if (!report.raw(message)) return false;
  }
  return true;
}

/**
 * The answers that do not fit their question's type, in French, naming the question's title (at most
 * LIMITS.errors of them). `question` is the top-level answer key each error belongs to.
 */
export function checkAnswerTypes(questions: Questions, answers: unknown): AnswerTypeError[] {
  if (!isObject(answers)) return [{ question: "", message: "Les réponses doivent être un objet JSON." }];
  const errors: AnswerTypeError[] = [];
  let current = "";
  const raw = (message: string) => {
    errors.push({ question: current, message });
    return errors.length < LIMITS.errors;
  };
  const report: Report = Object.assign((where: string[], message: string) => raw(`${where.join(", ")} : ${message}`), { raw });
  for (const key of Object.keys(answers)) {
    current = questions.rules.has(key) ? key : questions.comments.has(key) ? key.slice(0, -COMMENT_SUFFIX.length) : shown(key);
    if (!checkLevel(questions, { [key]: answers[key] }, [], report)) break;
  }
  return errors;
}
