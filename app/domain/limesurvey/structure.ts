// One neutral model of a LimeSurvey survey structure, read from every export layout:
// - XML of LimeSurvey ≤ 3 (texts in the `questions`/`groups`/`answers` rows, one row per language),
// - XML of LimeSurvey ≥ 4 (texts in `question_l10ns`/`group_l10ns`/`answer_l10ns`),
// - the tab-separated structure export (.txt), with or without its `id`/`related_id` columns.
// Pure: rows in, model out.
import { LimeSurveyFormatError, type LsDocument, type Row } from "./xml.ts";

/** Language code → text. */
export type Texts = Record<string, string>;
export type LsAnswer = { code: string; order: number; scaleId: number; texts: Texts };
export type LsSubquestion = { qid: string; code: string; order: number; scaleId: number; relevance: string; texts: Texts };
export type LsQuestion = {
  qid: string;
  gid: string;
  type: string;
  code: string;
  order: number;
  /** "Y", "N" or "S" (soft mandatory, LimeSurvey ≥ 4). */
  mandatory: string;
  other: boolean;
  relevance: string;
  preg: string;
  texts: Texts;
  help: Texts;
  subquestions: LsSubquestion[];
  answers: LsAnswer[];
  /** Language-independent attributes, plus the base language's value of localized ones. */
  attributes: Record<string, string>;
};
export type LsGroup = { gid: string; order: number; relevance: string; names: Texts; descriptions: Texts };
export type LsSurvey = {
  docType: string;
  dbVersion: number;
  sid: string;
  baseLanguage: string;
  languages: string[];
  title: Texts;
  description: Texts;
  groups: LsGroup[];
  questions: LsQuestion[];
};

const num = (v: string | undefined) => (v && /^-?\d+$/.test(v.trim()) ? Number(v) : 0);
const setText = (texts: Texts, lang: string, value: string | undefined) => {
  if (value !== undefined && value !== "" && !(lang in texts)) texts[lang] = value;
};

/** The survey structure of an XML export (.lss, .lsg, .lsq). */
export function structureFromXml(doc: LsDocument): LsSurvey {
  const t = (name: string) => doc.tables.get(name) ?? [];
  const surveyRow = t("surveys")[0] ?? {};
  const base = surveyRow.language || doc.languages[0] || firstLanguage(doc) || "fr";
  const additional = (surveyRow.additional_languages ?? "").split(/\s+/).filter(Boolean);
  const languages = unique([base, ...additional, ...doc.languages]);

  const title: Texts = {};
  const description: Texts = {};
  for (const r of t("surveys_languagesettings")) {
    setText(title, r.surveyls_language || base, r.surveyls_title);
    setText(description, r.surveyls_language || base, r.surveyls_description);
  }

  const groups = new Map<string, LsGroup>();
  const groupOf = (gid: string, r: Row) => {
    let g = groups.get(gid);
    if (!g) groups.set(gid, (g = { gid, order: num(r.group_order), relevance: r.grelevance ?? "", names: {}, descriptions: {} }));
    if (!g.relevance && r.grelevance) g.relevance = r.grelevance;
    return g;
  };
  for (const r of t("groups")) {
    const g = groupOf(r.gid, r);
    setText(g.names, r.language || base, r.group_name);
    setText(g.descriptions, r.language || base, r.description);
  }
  for (const r of t("group_l10ns")) {
    const g = groupOf(r.gid, r);
    setText(g.names, r.language || base, r.group_name);
    setText(g.descriptions, r.language || base, r.description);
  }

  const questions = new Map<string, LsQuestion>();
  const subs = new Map<string, LsSubquestion & { parent: string }>();
  for (const r of [...t("questions"), ...t("subquestions")]) {
    const lang = r.language || base;
    if (r.parent_qid && r.parent_qid !== "0") {
      let s = subs.get(r.qid);
      if (!s) subs.set(r.qid, (s = { qid: r.qid, parent: r.parent_qid, code: r.title ?? "", order: num(r.question_order), scaleId: num(r.scale_id), relevance: r.relevance ?? "", texts: {} }));
      setText(s.texts, lang, r.question);
      continue;
    }
    let q = questions.get(r.qid);
    if (!q) {
      questions.set(r.qid, (q = {
        qid: r.qid, gid: r.gid ?? "", type: r.type ?? "", code: r.title ?? "", order: num(r.question_order),
        mandatory: r.mandatory || "N", other: r.other === "Y", relevance: r.relevance ?? "", preg: r.preg ?? "",
        texts: {}, help: {}, subquestions: [], answers: [], attributes: {},
      }));
    }
    setText(q.texts, lang, r.question);
    setText(q.help, lang, r.help);
  }
  for (const r of t("question_l10ns")) {
    const lang = r.language || base;
    const q = questions.get(r.qid);
    if (q) { setText(q.texts, lang, r.question); setText(q.help, lang, r.help); continue; }
    const s = subs.get(r.qid);
    if (s) setText(s.texts, lang, r.question);
  }
  for (const s of subs.values()) questions.get(s.parent)?.subquestions.push(s);

  // Answer options: LimeSurvey ≤ 3 has one row per language; ≥ 4 one row plus its l10ns rows (by aid).
  const answerL10n = new Map<string, Row[]>();
  for (const r of t("answer_l10ns")) answerL10n.set(r.aid, [...(answerL10n.get(r.aid) ?? []), r]);
  const answersByKey = new Map<string, LsAnswer>();
  for (const r of t("answers")) {
    const q = questions.get(r.qid);
    if (!q) continue;
    const key = `${r.qid}|${r.scale_id ?? "0"}|${r.code}`;
    let a = answersByKey.get(key);
    if (!a) {
      answersByKey.set(key, (a = { code: r.code ?? "", order: num(r.sortorder), scaleId: num(r.scale_id), texts: {} }));
      q.answers.push(a);
    }
    setText(a.texts, r.language || base, r.answer);
    for (const l of answerL10n.get(r.aid) ?? []) setText(a.texts, l.language || base, l.answer);
  }

  for (const r of t("question_attributes")) {
    const q = questions.get(r.qid);
    if (!q || !r.attribute) continue;
    if (r.language && r.language !== base && r.attribute in q.attributes) continue;
    q.attributes[r.attribute] = r.value ?? "";
  }

  return finish({ docType: doc.docType, dbVersion: doc.dbVersion, sid: surveyRow.sid ?? "", baseLanguage: base, languages, title, description, groups: [...groups.values()], questions: [...questions.values()] });
}

function firstLanguage(doc: LsDocument): string | undefined {
  for (const rows of doc.tables.values()) for (const r of rows) if (r.language) return r.language;
  return undefined;
}

function unique(values: string[]) {
  return [...new Set(values.filter(Boolean))];
}

function finish(s: LsSurvey): LsSurvey {
  s.groups.sort((a, b) => a.order - b.order || num(a.gid) - num(b.gid));
  s.questions.sort((a, b) => a.order - b.order || num(a.qid) - num(b.qid));
  for (const q of s.questions) {
    q.subquestions.sort((a, b) => a.scaleId - b.scaleId || a.order - b.order);
    q.answers.sort((a, b) => a.scaleId - b.scaleId || a.order - b.order);
  }
  return s;
}

// ---- tab-separated structure export (.txt) ---------------------------------------------------------------

const BASE_COLUMNS = new Set(["id", "related_id", "class", "type/scale", "name", "relevance", "text", "help", "language", "validation", "mandatory", "other", "default", "same_default"]);

function unquote(value: string | undefined): string {
  if (value === undefined) return "";
  const v = value;
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) return v.slice(1, -1).replace(/""/g, '"');
  return v;
}

/** The survey structure of LimeSurvey's tab-separated export. Throws with the line number on a broken file. */
export function structureFromTsv(text: string, fileLabel = "fichier"): LsSurvey {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  const header = lines[0]?.split("\t") ?? [];
  const col = (name: string) => header.indexOf(name);
  for (const required of ["class", "type/scale", "name", "text", "language"]) {
    if (col(required) < 0) throw new LimeSurveyFormatError(`${fileLabel} : colonne « ${required} » absente de l'en-tête`, "ligne 1");
  }
  const attributeColumns = header.map((h, i) => [h, i] as const).filter(([h]) => h && !BASE_COLUMNS.has(h));
  const surveyS: Record<string, string> = {};
  const title: Texts = {};
  const description: Texts = {};
  const groups = new Map<string, LsGroup>();
  const questions = new Map<string, LsQuestion>();
  const groupCountByLang = new Map<string, number>();
  const currentByLang = new Map<string, { group?: LsGroup; question?: LsQuestion }>();
  const answerIndex = new Map<string, LsAnswer>();
  const subIndex = new Map<string, LsSubquestion>();
  let base = "";

  lines.slice(1).forEach((line, index) => {
    if (!line.trim()) return;
    const cells = line.split("\t");
    const get = (name: string) => unquote(cells[col(name)]);
    const cls = get("class");
    const lang = get("language") || base || "en";
    const lineNo = index + 2;
    const current = currentByLang.get(lang) ?? {};
    currentByLang.set(lang, current);
    switch (cls) {
      case "S":
        surveyS[get("name")] = get("text");
        if (get("name") === "language") base = get("text");
        break;
      case "SL":
        if (get("name") === "surveyls_title") setText(title, lang, get("text"));
        if (get("name") === "surveyls_description") setText(description, lang, get("text"));
        break;
      case "G": {
        const n = (groupCountByLang.get(lang) ?? 0) + 1;
        groupCountByLang.set(lang, n);
        const gid = get("id") || String(n);
        let g = groups.get(gid);
        if (!g) groups.set(gid, (g = { gid, order: groups.size + 1, relevance: get("relevance"), names: {}, descriptions: {} }));
        setText(g.names, lang, get("name"));
        setText(g.descriptions, lang, get("text"));
        current.group = g;
        current.question = undefined;
        break;
      }
      case "Q": {
        const code = get("name");
        const qid = get("id") || code;
        let q = questions.get(qid);
        if (!q) {
          const attributes: Record<string, string> = {};
          for (const [name, i] of attributeColumns) if (cells[i] !== undefined && cells[i] !== "") attributes[name] = unquote(cells[i]);
          questions.set(qid, (q = {
            qid, gid: current.group?.gid ?? "1", type: get("type/scale"), code, order: questions.size + 1,
            mandatory: get("mandatory") || "N", other: get("other") === "Y", relevance: get("relevance"), preg: get("validation"),
            texts: {}, help: {}, subquestions: [], answers: [], attributes,
          }));
        }
        if (!q.type) throw new LimeSurveyFormatError(`${fileLabel} : question « ${code} » sans type`, `ligne ${lineNo}`);
        setText(q.texts, lang, get("text"));
        setText(q.help, lang, get("help"));
        current.question = q;
        break;
      }
      case "SQ":
      case "A": {
        const q = current.question;
        if (!q) throw new LimeSurveyFormatError(`${fileLabel} : ${cls === "A" ? "option de réponse" : "sous-question"} hors d'une question`, `ligne ${lineNo}`);
        const scaleId = num(get("type/scale"));
        const code = get("name");
        const key = `${q.qid}|${scaleId}|${code}`;
        if (cls === "A") {
          let a = answerIndex.get(key);
          if (!a) { answerIndex.set(key, (a = { code, order: q.answers.length + 1, scaleId, texts: {} })); q.answers.push(a); }
          setText(a.texts, lang, get("text"));
        } else {
          let s = subIndex.get(key);
          if (!s) { subIndex.set(key, (s = { qid: get("id") || key, code, order: q.subquestions.length + 1, scaleId, relevance: get("relevance"), texts: {} })); q.subquestions.push(s); }
          setText(s.texts, lang, get("text"));
        }
        break;
      }
      default:
        if (cls) throw new LimeSurveyFormatError(`${fileLabel} : classe de ligne inconnue « ${cls} »`, `ligne ${lineNo}`);
    }
  });
  if (!base) base = [...currentByLang.keys()][0] ?? "en";
  const languages = unique([base, ...(surveyS.additional_languages ?? "").split(/\s+/), ...currentByLang.keys()]);
  return finish({ docType: "Survey", dbVersion: 0, sid: surveyS.sid ?? "", baseLanguage: base, languages, title, description, groups: [...groups.values()], questions: [...questions.values()] });
}
