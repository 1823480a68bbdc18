// Streaming reader of the `;`-separated open-data files: bytes (Buffer, Node Readable, any async iterable of chunks)
// → decoded text (decode.ts) → csv-parse → header event, then row events numbered by file line, with the rows that do
// not fit the header (wrong number of cells, truncated last line, unclosed quote) reported instead of thrown.
// Memory stays bounded: one decoded block and one record at a time.
import { once } from "node:events";
import { parse, type CsvError } from "csv-parse";
import { DirectoryFileError } from "./common";
import { LineTextDecoder, type DecodeReport } from "./decode";

export type CsvInput =
  | Uint8Array
  | string
  | AsyncIterable<Uint8Array | string>
  | Iterable<Uint8Array | string>;

export type CsvEvent =
  | { kind: "header"; line: number; cells: string[]; delimiter: string }
  | { kind: "row"; line: number; cells: string[] }
  | { kind: "malformed"; line: number; cells: string[]; reason: string }
  | { kind: "end"; decoding: DecodeReport; blankLines: number };

/** Records longer than this are reported (usually an opening quote that is never closed). */
const MAX_RECORD_CHARS = 1 << 20;

/** Reads a delimited file as events. Throws `DirectoryFileError` only for an empty or undecodable file. */
export async function* readDelimited(input: CsvInput): AsyncGenerator<CsvEvent> {
  const decoder = new LineTextDecoder();
  const texts = decodeInput(input, decoder)[Symbol.asyncIterator]();

  let head = "";
  let exhausted = false;
  while (!head.includes("\n")) {
    const next = await texts.next();
    if (next.done) {
      exhausted = true;
      break;
    }
    head += next.value;
  }
  if (!head.trim()) throw new DirectoryFileError("Fichier vide : aucune ligne d'en-tête.", "EMPTY");
  const delimiter = detectDelimiter(head.slice(0, head.includes("\n") ? head.indexOf("\n") : head.length));

  const parser = parse({
    delimiter,
    record_delimiter: "\n",
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: MAX_RECORD_CHARS,
    info: true,
    raw: true,
  });
  const parseErrors: { line: number; cells: string[]; error: CsvError }[] = [];
  let lastEndLine = 0;
  parser.on("skip", (error: CsvError) => {
    const raw = typeof error.raw === "string" ? error.raw : "";
    // `lines` is where the parser stopped; the record started as many lines earlier as it holds line breaks.
    const stoppedAt = Number(error.lines);
    const line = Number.isFinite(stoppedAt) && stoppedAt > 0 ? stoppedAt - countNewlines([raw]) : lastEndLine + 1;
    parseErrors.push({ line, cells: raw.split(delimiter).map((c) => c.replace(/^"|"$/g, "")), error });
  });

  const abort = new AbortController();
  const feeding = (async () => {
    try {
      if (!parser.write(head)) await once(parser, "drain", { signal: abort.signal });
      while (!exhausted) {
        const next = await texts.next();
        if (next.done || abort.signal.aborted || parser.destroyed) break;
        if (!parser.write(next.value)) await once(parser, "drain", { signal: abort.signal });
      }
      if (!parser.destroyed) parser.end();
    } catch (error) {
      if (!abort.signal.aborted) parser.destroy(error as Error);
    }
  })();

  let header: string[] | null = null;
  let held: { line: number; cells: string[] } | null = null;
  let blankLines = 0;
  const fits = (row: { line: number; cells: string[] }, isLast: boolean): CsvEvent =>
    checkWidth(row, header as string[], isLast && !decoder.report().endsWithNewline);
  const flushErrors = function* (beforeLine: number): Generator<CsvEvent> {
    while (parseErrors.length && parseErrors[0].line < beforeLine) {
      const { line, cells, error } = parseErrors.shift()!;
      yield { kind: "malformed", line, cells, reason: parseErrorReason(error) };
    }
  };

  try {
    for await (const item of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      const cells = item.record;
      const endLine = item.info.lines;
      const line = endLine - countNewlines(cells);
      lastEndLine = endLine;
      yield* flushErrors(line);
      if (!header) {
        header = cells.map((c) => c.replace(/^\uFEFF/, "").trim());
        yield { kind: "header", line, cells: header, delimiter };
        continue;
      }
      if (cells.every((c) => !c.trim())) {
        blankLines++;
        continue;
      }
      if (held) yield fits(held, false);
      held = { line, cells };
    }
    await feeding;
    if (!header) throw new DirectoryFileError("Fichier vide : aucune ligne d'en-tête.", "EMPTY");
    if (held) {
      yield* flushErrors(held.line);
      yield fits(held, parseErrors.length === 0);
    }
    yield* flushErrors(Number.POSITIVE_INFINITY);
    yield { kind: "end", decoding: decoder.report(), blankLines };
  } finally {
    abort.abort();
    parser.on("error", () => {}); // a late error after the consumer stopped reading has nobody to report to
    if (!parser.destroyed) parser.destroy();
  }
}

/** Rows must have exactly the header's number of cells; empty trailing cells beyond it are tolerated. */
function checkWidth(row: { line: number; cells: string[] }, header: string[], unterminatedLast: boolean): CsvEvent {
  let cells = row.cells;
  if (cells.length > header.length && cells.slice(header.length).every((c) => !c.trim())) {
    cells = cells.slice(0, header.length);
  }
  if (cells.length === header.length) return { kind: "row", line: row.line, cells };
  const counts = `${cells.length} colonne${cells.length > 1 ? "s" : ""} au lieu de ${header.length}`;
  const reason =
    unterminatedLast && cells.length < header.length
      ? `Dernière ligne tronquée (${counts}) : le fichier semble incomplet.`
      : `Ligne mal formée (${counts}) : point-virgule en trop ou ligne coupée ?`;
  return { kind: "malformed", line: row.line, cells, reason };
}

function parseErrorReason(error: CsvError): string {
  switch (error.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "Dernière ligne tronquée : un guillemet ouvert n'est jamais refermé (fichier incomplet ?).";
    case "CSV_MAX_RECORD_SIZE":
      return "Ligne anormalement longue (guillemet jamais refermé ?) : lecture de la suite impossible.";
    case "CSV_INVALID_CLOSING_QUOTE":
      return "Guillemet mal placé dans la ligne : ligne illisible.";
    default:
      return `Ligne illisible (erreur CSV ${error.code}).`;
  }
}

/** The separator is the most frequent of `;`, tab and `,` in the header line (`;` when none). */
export function detectDelimiter(headerLine: string): string {
  let best = ";";
  let bestCount = 0;
  for (const candidate of [";", "\t", ","]) {
    const count = headerLine.split(candidate).length - 1;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}

function countNewlines(cells: string[]): number {
  let n = 0;
  for (const cell of cells) for (let i = cell.indexOf("\n"); i >= 0; i = cell.indexOf("\n", i + 1)) n++;
  return n;
}

const utf8Encoder = new TextEncoder();

async function* decodeInput(input: CsvInput, decoder: LineTextDecoder): AsyncGenerator<string> {
  const toBytes = (chunk: Uint8Array | string) => (typeof chunk === "string" ? utf8Encoder.encode(chunk) : chunk);
  if (typeof input === "string" || input instanceof Uint8Array) {
    const text = decoder.push(toBytes(input));
    if (text) yield text;
  } else {
    for await (const chunk of input as AsyncIterable<Uint8Array | string>) {
      const text = decoder.push(toBytes(chunk));
      if (text) yield text;
    }
  }
  const rest = decoder.end();
  if (rest) yield rest;
}
