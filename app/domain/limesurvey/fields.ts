// The response columns of a LimeSurvey survey (SGQA names `<sid>X<gid>X<qid><suffix>` of .lsr files and
// "SGQA" CSV exports, and the question-code headings `Q1`, `Q1[SQ001]`, `Q1_SQ001` of CSV exports), each with
// where its value goes in the SurveyJS answers of the converted survey.
import type { LsQuestion, LsSurvey } from "./structure.ts";

export type FieldTarget =
  | { kind: "value"; question: string; numeric?: boolean }
  | { kind: "date"; question: string }
  | { kind: "otherText"; question: string }
  | { kind: "comment"; question: string }
  | { kind: "choice"; question: string; code: string }
  | { kind: "item"; question: string; key: string; numeric?: boolean }
  | { kind: "cell"; question: string; row: string; column: string }
  | { kind: "rank"; question: string; position: number }
  | { kind: "ignored"; question: string; reason: string };
export type ResponseField = { names: string[]; target: FieldTarget };

export function fieldsOf(survey: LsSurvey, names: Map<string, string>): ResponseField[] {
  const out: ResponseField[] = [];
  for (const q of survey.questions) {
    const question = names.get(q.qid);
    if (!question) continue;
    const sgqa = `${survey.sid}X${q.gid}X${q.qid}`;
    const add = (suffixes: { sgqa: string; code: string[] }, target: FieldTarget) =>
      out.push({ names: [`${sgqa}${suffixes.sgqa}`, ...suffixes.code], target });
    const whole = { sgqa: "", code: [q.code] };
    const sub = (s: string, extra = "") => ({ sgqa: `${s}${extra}`, code: [`${q.code}[${s}${extra}]`, `${q.code}_${s}${extra}`] });
    const rows = q.subquestions.filter((s) => s.scaleId === 0);
    const columns = q.subquestions.filter((s) => s.scaleId === 1);
    fieldsOfQuestion(q, question, { add, whole, sub, rows, columns });
  }
  return out;
}

type Helpers = {
  add: (suffixes: { sgqa: string; code: string[] }, target: FieldTarget) => void;
  whole: { sgqa: string; code: string[] };
  sub: (s: string, extra?: string) => { sgqa: string; code: string[] };
  rows: LsQuestion["subquestions"];
  columns: LsQuestion["subquestions"];
};

function fieldsOfQuestion(q: LsQuestion, question: string, h: Helpers) {
  const { add, whole, sub, rows, columns } = h;
  switch (q.type) {
    case "L": case "!": case "G": case "Y": case "S": case "T": case "U": case "*":
      add(whole, { kind: "value", question });
      break;
    case "N": case "5":
      add(whole, { kind: "value", question, numeric: true });
      break;
    case "D":
      add(whole, { kind: "date", question });
      break;
    case "O":
      add(whole, { kind: "value", question });
      add(sub("comment"), { kind: "comment", question });
      break;
    case "M": case "P":
      for (const r of rows) {
        add(sub(r.code), { kind: "choice", question, code: r.code });
        if (q.type === "P") add(sub(r.code, "comment"), { kind: "comment", question });
      }
      break;
    case "K": case "Q": case "F": case "H": case "A": case "B": case "C": case "E":
      for (const r of rows) add(sub(r.code), { kind: "item", question, key: r.code, ...(q.type === "K" ? { numeric: true } : {}) });
      break;
    case "1":
      for (const r of rows) for (const scale of ["0", "1"]) {
        add({ sgqa: `${r.code}#${scale}`, code: [`${q.code}[${r.code}][${Number(scale) + 1}]`, `${q.code}[${r.code}#${scale}]`, `${q.code}_${r.code}#${scale}`] }, { kind: "cell", question, row: r.code, column: scale });
      }
      break;
    case ":": case ";":
      for (const r of rows) for (const c of columns) add(sub(`${r.code}_${c.code}`), { kind: "cell", question, row: r.code, column: c.code });
      break;
    case "R": {
      const n = q.answers.filter((a) => a.scaleId === 0).length;
      for (let i = 1; i <= n; i++) add({ sgqa: String(i), code: [`${q.code}[${i}]`, `${q.code}_${i}`] }, { kind: "rank", question, position: i });
      break;
    }
    case "|":
      add(whole, { kind: "ignored", question, reason: "fichier déposé non repris" });
      add({ sgqa: "_filecount", code: [`${q.code}_filecount`, `${q.code}[filecount]`] }, { kind: "ignored", question, reason: "nombre de fichiers non repris" });
      break;
  }
  if (q.other && ["L", "!", "M", "P"].includes(q.type)) add(sub("other"), { kind: "otherText", question });
  if (q.other && q.type === "P") add(sub("other", "comment"), { kind: "comment", question });
}
