// Reading LimeSurvey XML exports (.lss, .lsg, .lsq, .lsr, .lst) as named tables of string rows.
// Every LimeSurvey XML export is `<document>` + `<LimeSurveyDocType>` + `<DBVersion>` + `<languages>` + one element
// per database table (`<questions><fields>…</fields><rows><row>…</row></rows></questions>`). Pure: text in, rows out.
import { XMLParser, XMLValidator } from "fast-xml-parser";

export type Row = Record<string, string>;
export type LsDocument = { docType: string; dbVersion: number; languages: string[]; tables: Map<string, Row[]> };

/** A broken or unexpected file; `where` names the place in the file (line, column, element), in French. */
export class LimeSurveyFormatError extends Error {
  constructor(message: string, readonly where?: string) {
    super(where ? `${message} (${where})` : message);
  }
}

const parser = new XMLParser({
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  isArray: (name) => name === "row" || name === "language" || name === "fieldname",
});

/** Checks well-formedness first, so that a truncated file gets the line and column of the fault. */
export function parseLimeSurveyXml(text: string, fileLabel = "fichier"): LsDocument {
  const body = text.replace(/^\uFEFF/, "");
  if (!body.trimStart().startsWith("<")) throw new LimeSurveyFormatError(`${fileLabel} : ce n'est pas un fichier XML LimeSurvey`, "ligne 1");
  const valid = XMLValidator.validate(body);
  if (valid !== true) {
    const { line, col, msg } = valid.err;
    throw new LimeSurveyFormatError(`${fileLabel} : XML mal formé — ${translateXmlError(msg)}`, `ligne ${line}, colonne ${col}`);
  }
  const parsed = parser.parse(body) as { document?: Record<string, unknown> };
  const doc = parsed.document;
  if (!doc || typeof doc !== "object") throw new LimeSurveyFormatError(`${fileLabel} : élément racine <document> absent`, "racine");
  const docType = text_(doc.LimeSurveyDocType);
  if (!docType) throw new LimeSurveyFormatError(`${fileLabel} : élément <LimeSurveyDocType> absent`, "<document>");
  const tables = new Map<string, Row[]>();
  for (const [name, value] of Object.entries(doc)) {
    if (!value || typeof value !== "object" || !("rows" in (value as object))) continue;
    const rows = (value as { rows?: { row?: unknown[] } }).rows;
    const list = rows && typeof rows === "object" && Array.isArray(rows.row) ? rows.row : [];
    tables.set(name, list.map((r, i) => toRow(r, `<${name}>, ligne de données n° ${i + 1}`)));
  }
  const languagesNode = doc.languages as { language?: unknown[] } | undefined;
  const languages = (languagesNode?.language ?? []).map(text_).filter(Boolean);
  return { docType, dbVersion: Number(text_(doc.DBVersion)) || 0, languages, tables };
}

function toRow(raw: unknown, where: string): Row {
  if (raw === "" || raw === undefined || raw === null) return {};
  if (typeof raw !== "object") throw new LimeSurveyFormatError("ligne de données inattendue", where);
  const row: Row = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    // Column names that start with a digit (SGQA codes of .lsr files) are written with a leading "_".
    row[/^_\d/.test(key) ? key.slice(1) : key] = text_(value);
  }
  return row;
}

function text_(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.map(text_).join("");
  if (typeof value === "object" && "#text" in (value as object)) return text_((value as { "#text": unknown })["#text"]);
  return "";
}

function translateXmlError(message: string): string {
  if (/unclosed|not closed/i.test(message)) return `balise non fermée (${message})`;
  if (/expected closing tag/i.test(message)) return `balise de fermeture inattendue (${message})`;
  return message;
}
