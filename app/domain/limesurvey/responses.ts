// LimeSurvey responses: a streaming reader of .lsr files (row by row, so that 20 000 responses never sit in memory
// as one XML tree), a reader of CSV response exports, and the mapping of one response row onto the SurveyJS
// answers of the converted survey (fields.ts). Pure: text in, rows and answers out.
import { parse as parseCsv } from "csv-parse/sync";
import { decodeEntities } from "./text.ts";
import type { FieldTarget, ResponseField } from "./fields.ts";
import { LimeSurveyFormatError, type Row } from "./xml.ts";

/** Incremental reader of `<responses><rows><row>…</row>…` (also `<tokens>` of .lst files): push text, get rows. */
export class LsrRowScanner {
  private buffer = "";
  private rowCount = 0;
  private header = true;
  docType = "";
  readonly fieldNames: string[] = [];
  constructor(private readonly fileLabel = "fichier") {}

  push(chunk: string): Row[] {
    this.buffer += chunk;
    const rows: Row[] = [];
    if (this.header) {
      const start = this.buffer.indexOf("<row>");
      const headerEnd = start >= 0 ? start : this.buffer.lastIndexOf(">") + 1;
      const head = this.buffer.slice(0, headerEnd);
      const docType = /<LimeSurveyDocType>([^<]*)<\/LimeSurveyDocType>/.exec(head)?.[1];
      if (docType) this.docType = docType.trim();
      if (start < 0) return rows;
      for (const m of head.matchAll(/<fieldname>([^<]*)<\/fieldname>/g)) this.fieldNames.push(decodeEntities(m[1]));
      if (!this.docType) throw new LimeSurveyFormatError(`${this.fileLabel} : élément <LimeSurveyDocType> absent`, "en-tête");
      this.header = false;
      this.buffer = this.buffer.slice(start);
    }
    let from = 0;
    for (;;) {
      const start = this.buffer.indexOf("<row>", from);
      if (start < 0) break;
      const end = this.buffer.indexOf("</row>", start);
      if (end < 0) { from = start; break; }
      this.rowCount++;
      rows.push(this.parseRow(this.buffer.slice(start + 5, end)));
      from = end + 6;
    }
    this.buffer = this.buffer.slice(from);
    return rows;
  }

  /** Checks that the document ended properly (a truncated file is refused, naming the last complete row). */
  end(): void {
    const rest = this.buffer.trim();
    if (this.header) {
      if (!/<\/document>\s*$/.test(rest)) throw new LimeSurveyFormatError(`${this.fileLabel} : fichier tronqué ou mal formé`, "fin du fichier");
      if (!this.docType) throw new LimeSurveyFormatError(`${this.fileLabel} : élément <LimeSurveyDocType> absent`, "en-tête");
      return;
    }
    if (rest.includes("<row>")) throw new LimeSurveyFormatError(`${this.fileLabel} : réponse n° ${this.rowCount + 1} incomplète (fichier tronqué)`, `après la réponse n° ${this.rowCount}`);
    if (!/<\/rows>\s*<\/(responses|tokens)>\s*<\/document>\s*$/.test(rest)) {
      throw new LimeSurveyFormatError(`${this.fileLabel} : fin de document attendue (</rows></responses></document>)`, `après la réponse n° ${this.rowCount}`);
    }
  }

  private parseRow(inner: string): Row {
    const row: Row = {};
    const re = /<([A-Za-z_][\w#.-]*)\s*(\/>|>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>)/g;
    let last = 0;
    for (let m = re.exec(inner); m; m = re.exec(inner)) {
      if (inner.slice(last, m.index).trim()) break;
      last = re.lastIndex;
      const key = /^_\d/.test(m[1]) ? m[1].slice(1) : m[1];
      // XML parsers read every line end as "\n" (XML 1.0, § 2.11): so does this one.
      row[key] = (m[2] === "/>" ? "" : m[3] !== undefined ? m[3] : decodeEntities(m[4] ?? "")).replace(/\r\n?/g, "\n");
    }
    if (inner.slice(last).trim()) {
      throw new LimeSurveyFormatError(`${this.fileLabel} : réponse n° ${this.rowCount} mal formée`, `réponse n° ${this.rowCount}, près de « ${inner.slice(last, last + 40).trim()} »`);
    }
    return row;
  }
}

/**
 * The rows of a response file, read again from its text on each pass rather than held as objects: 20 000 rows of
 * an .lsr as JavaScript objects weigh far more than their text (bench/limesurvey.ts, ADR 015). The text is read and
 * checked once when the source is made, so a broken file fails there, before anything is written.
 */
export type ResponseSource = {
  readonly count: number;
  readonly columns: string[];
  /** The latest submission of the file (for the default school year). */
  readonly latestSubmitted: Date | null;
  rows(): Generator<Row>;
};

const SLICE = 1 << 20;

/** A response source over an .lsr text; throws LimeSurveyFormatError (French, located) on a broken or foreign file. */
export function lsrSource(text: string, fileLabel = "fichier"): ResponseSource {
  const body = text.replace(/^\uFEFF/, "");
  const scan = function* (): Generator<Row, LsrRowScanner> {
    const scanner = new LsrRowScanner(fileLabel);
    for (let i = 0; i < body.length; i += SLICE) yield* scanner.push(body.slice(i, i + SLICE));
    scanner.end();
    return scanner;
  };
  let count = 0;
  let latest: Date | null = null;
  const first = scan();
  let step = first.next();
  for (; !step.done; step = first.next()) {
    count++;
    latest = later(latest, parseLsDate(step.value.submitdate));
  }
  const scanner = step.value;
  if (scanner.docType !== "Responses") throw new LimeSurveyFormatError(`${fileLabel} : document LimeSurvey de type « ${scanner.docType} », attendu des réponses`, "<LimeSurveyDocType>");
  return { count, columns: scanner.fieldNames, latestSubmitted: latest, rows: function* () { yield* scan(); } };
}

/** A response source over rows already read (a CSV export). */
export function arraySource(rows: Row[], columns: string[]): ResponseSource {
  const latest = rows.reduce<Date | null>((max, r) => later(max, parseLsDate(r.submitdate)), null);
  return { count: rows.length, columns, latestSubmitted: latest, rows: function* () { yield* rows; } };
}

const later = (a: Date | null, b: Date | null) => (!a || (b && b > a) ? b : a);

/** All rows of a complete .lsr or .lst text. */
export function readLsr(text: string, fileLabel = "fichier"): { docType: string; fieldNames: string[]; rows: Row[] } {
  const scanner = new LsrRowScanner(fileLabel);
  const rows = scanner.push(text.replace(/^\uFEFF/, ""));
  scanner.end();
  return { docType: scanner.docType, fieldNames: scanner.fieldNames, rows };
}

/** LimeSurvey's English headings of the CSV export ("full headings"), for the response metadata. */
const META_HEADINGS: Record<string, string> = {
  "response id": "id", "date submitted": "submitdate", "last page": "lastpage", "start language": "startlanguage",
  "date started": "startdate", "date last action": "datestamp", "ip address": "ipaddr", "referrer url": "refurl", token: "token",
  "access code": "token", seed: "seed",
};

/** A CSV response export: comma, semicolon or tab separated, with a header row. */
export function readResponseCsv(text: string, fileLabel = "fichier"): { header: string[]; rows: Row[] } {
  const body = text.replace(/^\uFEFF/, "");
  const firstLine = body.slice(0, body.search(/\r?\n/) >>> 0 || body.length);
  const delimiter = [",", ";", "\t"].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0][0];
  let records: string[][];
  try {
    records = parseCsv(body, { delimiter, relax_column_count: false, skip_empty_lines: true, bom: true }) as string[][];
  } catch (error) {
    const e = error as { lines?: number; message: string };
    throw new LimeSurveyFormatError(`${fileLabel} : CSV illisible — ${e.message}`, e.lines ? `ligne ${e.lines}` : "fichier");
  }
  if (!records.length) throw new LimeSurveyFormatError(`${fileLabel} : fichier CSV vide`, "ligne 1");
  const header = records[0].map((h) => META_HEADINGS[h.trim().toLowerCase()] ?? h.trim());
  const rows = records.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ""])));
  return { header, rows };
}

export const META_COLUMNS = new Set(["id", "token", "submitdate", "lastpage", "startlanguage", "startdate", "datestamp", "ipaddr", "refurl", "seed"]);

export type FieldIndex = Map<string, FieldTarget>;
export function indexFields(fields: ResponseField[]): FieldIndex {
  const index: FieldIndex = new Map();
  for (const f of fields) for (const n of f.names) if (!index.has(n)) index.set(n, f.target);
  return index;
}

export type MappedResponse = { data: Record<string, unknown>; ignored: string[] };

/** The SurveyJS answers of one LimeSurvey response row. Empty cells give nothing (LimeSurvey writes "" for "no answer"). */
export function mapResponse(row: Row, index: FieldIndex): MappedResponse {
  const data: Record<string, unknown> = {};
  const ignored: string[] = [];
  const obj = (q: string) => (data[q] && typeof data[q] === "object" && !Array.isArray(data[q]) ? data[q] : (data[q] = {})) as Record<string, unknown>;
  const others: { question: string; text: string }[] = [];
  for (const [column, raw] of Object.entries(row)) {
    const target = index.get(column);
    if (!target || raw === undefined || raw === "") continue;
    const value = raw;
    switch (target.kind) {
      case "value":
        data[target.question] = target.numeric && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value === "-oth-" ? "other" : value;
        break;
      case "date":
        data[target.question] = /^\d{4}-\d{2}-\d{2} 00:00:00$/.test(value) ? value.slice(0, 10) : value.replace(" ", "T");
        break;
      case "otherText":
        others.push({ question: target.question, text: value });
        break;
      case "comment": {
        const key = `${target.question}-Comment`;
        data[key] = data[key] ? `${data[key]}\n${value}` : value;
        break;
      }
      case "choice":
        if (value === "Y") ((data[target.question] ??= []) as unknown[]).push(target.code);
        break;
      case "item":
        obj(target.question)[target.key] = target.numeric && /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : value;
        break;
      case "cell": {
        const rowObj = obj(target.question);
        ((rowObj[target.row] ??= {}) as Record<string, unknown>)[target.column] = /^-?\d+(\.\d+)?$/.test(value) && !/^0\d/.test(value) ? Number(value) : value;
        break;
      }
      case "rank": {
        const list = (data[target.question] ??= []) as unknown[];
        list[target.position - 1] = value;
        break;
      }
      case "ignored":
        ignored.push(`${column} : ${target.reason}`);
        break;
    }
  }
  for (const { question, text } of others) {
    data[`${question}-Comment`] = text;
    const current = data[question];
    if (Array.isArray(current)) current.push("other");
    else if (current === undefined || current === "other") data[question] = "other";
  }
  for (const [key, value] of Object.entries(data)) if (Array.isArray(value)) data[key] = value.filter((v) => v !== undefined);
  return { data, ignored };
}

/** Columns of a response file that match no converted question (reported, not silently lost). */
export function unmatchedColumns(columns: string[], index: FieldIndex): string[] {
  return columns.filter((c) => !META_COLUMNS.has(c) && !index.has(c) && !/^attribute_\d+$|^(firstname|lastname|email)$/i.test(c));
}

/** "2014-08-21 20:49:02" (LimeSurvey server time, taken as Europe/Paris) as a Date; null when absent or invalid. */
export function parseLsDate(value: string | undefined): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2}))?/.exec(value ?? "");
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((x) => Number(x ?? 0));
  if (y < 1990) return null;
  // Paris offset of that instant: CET (+1) or CEST (+2), computed from the EU rule (last Sundays of March/October).
  const lastSunday = (month: number) => { const t = new Date(Date.UTC(y, month + 1, 0)); return t.getUTCDate() - t.getUTCDay(); };
  const utcGuess = Date.UTC(y, mo - 1, d, h, mi, s || 0);
  const dstStart = Date.UTC(y, 2, lastSunday(2), 1);
  const dstEnd = Date.UTC(y, 9, lastSunday(9), 1);
  const offset = utcGuess - 2 * 3600_000 >= dstStart && utcGuess - 2 * 3600_000 < dstEnd ? 2 : 1;
  return new Date(utcGuess - offset * 3600_000);
}
