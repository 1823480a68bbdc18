// Bytes → text for the open-data CSV files, chunk by chunk so that a national file never has to be held whole.
// - UTF-8 with or without BOM (BOM removed), and Latin-1 / Windows-1252 files (Excel "CSV (séparateur : point-virgule)"):
//   each block of complete lines is decoded as strict UTF-8 (`TextDecoder` fatal mode); when that fails, the block is
//   decoded line by line and only the lines that are not valid UTF-8 are read as Windows-1252. A file mixing both
//   (lines pasted from another file) therefore still reads correctly.
// - Line breaks CRLF, CR and LF all come out as "\n".
// - Whether the last line ends with a line break is recorded: a last line without one may be truncated, which the
//   CSV layer confirms by counting its cells (see csv.ts).
import { DirectoryFileError } from "./common";

export type DetectedEncoding = "utf-8" | "windows-1252" | "mixed" | "ascii";

export interface DecodeReport {
  /** "ascii" when no byte above 0x7F was seen, "mixed" when both valid UTF-8 and Latin-1 lines were seen. */
  encoding: DetectedEncoding;
  bom: boolean;
  /** Lines that were not valid UTF-8 and were read as Windows-1252 (Latin-1). */
  latin1Lines: number;
  lineBreak: "LF" | "CRLF" | "CR" | "mixed" | "none";
  /** Number of text lines (a last line without line break counts). */
  lines: number;
  bytes: number;
  /** False when the file does not end with a line break (possible truncation of the last line). */
  endsWithNewline: boolean;
}

const LF = 0x0a;
const CR = 0x0d;
/** Without any LF in this many bytes, a block is cut at the last CR (old Mac files use CR only). */
const CR_ONLY_THRESHOLD = 1 << 16;
const MAX_LINE_BYTES = 16 << 20;

/** Incremental decoder: `push` byte chunks, then `end`; each call returns the text of the lines completed so far. */
export class LineTextDecoder {
  private pending: Uint8Array = new Uint8Array(0);
  private started = false;
  private ended = false;
  private readonly utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private bom = false;
  private latin1Lines = 0;
  private utf8NonAscii = false;
  private crlf = 0;
  private lf = 0;
  private cr = 0;
  private bytes = 0;
  private lastChar = "";

  push(chunk: Uint8Array): string {
    if (this.ended) throw new Error("LineTextDecoder: push after end");
    this.bytes += chunk.length;
    let data = this.pending.length ? concat(this.pending, chunk) : chunk;
    if (!this.started) {
      if (data.length < 3) {
        this.pending = data.slice();
        return "";
      }
      data = this.start(data);
    }
    let cut = data.lastIndexOf(LF);
    if (cut < 0 && data.length > CR_ONLY_THRESHOLD) cut = data.lastIndexOf(CR);
    if (cut < 0) {
      if (data.length > MAX_LINE_BYTES) {
        const message = "Ligne de plus de 16 Mo sans retour à la ligne : ce n'est pas un fichier CSV lisible.";
        throw new DirectoryFileError(message, "ENCODING");
      }
      this.pending = data.slice();
      return "";
    }
    this.pending = data.slice(cut + 1);
    return this.decodeBlock(data.subarray(0, cut + 1));
  }

  end(): string {
    if (this.ended) return "";
    this.ended = true;
    let data = this.pending;
    this.pending = new Uint8Array(0);
    if (!this.started) data = this.start(data);
    return data.length ? this.decodeBlock(data) : "";
  }

  report(): DecodeReport {
    const kinds = [this.crlf > 0, this.lf > 0, this.cr > 0].filter(Boolean).length;
    const lineBreak =
      kinds === 0 ? "none" : kinds > 1 ? "mixed" : this.crlf > 0 ? "CRLF" : this.lf > 0 ? "LF" : "CR";
    const breaks = this.crlf + this.lf + this.cr;
    const endsWithNewline = this.lastChar === "\n" || this.lastChar === "\r";
    const encoding: DetectedEncoding =
      this.latin1Lines > 0 ? (this.utf8NonAscii ? "mixed" : "windows-1252") : this.utf8NonAscii ? "utf-8" : "ascii";
    return {
      encoding,
      bom: this.bom,
      latin1Lines: this.latin1Lines,
      lineBreak,
      lines: breaks + (this.lastChar && !endsWithNewline ? 1 : 0),
      bytes: this.bytes,
      endsWithNewline,
    };
  }

  private start(data: Uint8Array): Uint8Array {
    this.started = true;
    if ((data[0] === 0xff && data[1] === 0xfe) || (data[0] === 0xfe && data[1] === 0xff)) {
      throw new DirectoryFileError(
        "Fichier encodé en UTF-16 (« texte Unicode » d'Excel) : enregistrez-le en CSV UTF-8 ou en CSV " +
          "point-virgule, puis recommencez.",
        "ENCODING",
      );
    }
    if (data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) {
      this.bom = true;
      return data.subarray(3);
    }
    return data;
  }

  private decodeBlock(block: Uint8Array): string {
    let text: string;
    try {
      text = this.utf8.decode(block);
      if (!this.utf8NonAscii && hasHighByte(block)) this.utf8NonAscii = true;
    } catch {
      text = this.decodeLineByLine(block);
    }
    return this.normalizeBreaks(text);
  }

  private decodeLineByLine(block: Uint8Array): string {
    const parts: string[] = [];
    let start = 0;
    for (let i = 0; i <= block.length; i++) {
      if (i < block.length && block[i] !== LF && block[i] !== CR) continue;
      const end = i < block.length ? i + 1 : i;
      if (end > start) {
        const line = block.subarray(start, end);
        try {
          parts.push(this.utf8.decode(line));
          if (hasHighByte(line)) this.utf8NonAscii = true;
        } catch {
          parts.push(decodeWindows1252(line));
          this.latin1Lines++;
        }
      }
      start = end;
    }
    return parts.join("");
  }

  /** CRLF and lone CR → LF, counting each kind. */
  private normalizeBreaks(text: string): string {
    let input = text;
    if (this.lastChar === "\r" && input.startsWith("\n")) {
      // The previous block was cut after a CR (CR-only stretch) and this one starts with its LF: one CRLF.
      this.cr--;
      this.crlf++;
      input = input.slice(1);
      this.lastChar = "\n";
    }
    if (!input) return "";
    const out = input.replace(/\r\n|\r|\n/g, (match) => {
      if (match === "\r\n") this.crlf++;
      else if (match === "\r") this.cr++;
      else this.lf++;
      return "\n";
    });
    this.lastChar = input[input.length - 1];
    return out;
  }
}

/** Whole-buffer decoding (small files, tests). */
export function decodeBytes(bytes: Uint8Array): { text: string; report: DecodeReport } {
  const decoder = new LineTextDecoder();
  const text = decoder.push(bytes) + decoder.end();
  return { text, report: decoder.report() };
}

/** Streaming decoding of byte chunks (e.g. a Node `Readable`); `onReport` receives the summary at the end. */
export async function* decodeChunks(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  onReport?: (report: DecodeReport) => void,
): AsyncGenerator<string> {
  const decoder = new LineTextDecoder();
  for await (const chunk of source) {
    const text = decoder.push(chunk);
    if (text) yield text;
  }
  const rest = decoder.end();
  if (rest) yield rest;
  onReport?.(decoder.report());
}

// Windows-1252 differs from ISO-8859-1 on 0x80-0x9F (€, ’, œ, Œ…). Node 20's TextDecoder("windows-1252") decodes
// those bytes as C1 control characters, so the table is applied here.
const CP1252_80_9F =
  "\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F" +
  "\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178";

/** Windows-1252 bytes → text (every byte is one character). */
export function decodeWindows1252(bytes: Uint8Array): string {
  let out = "";
  for (let start = 0; start < bytes.length; start += 8192) {
    const codes = Array.from(bytes.subarray(start, start + 8192), (b) =>
      b >= 0x80 && b <= 0x9f ? CP1252_80_9F.charCodeAt(b - 0x80) : b,
    );
    out += String.fromCharCode(...codes);
  }
  return out;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function hasHighByte(bytes: Uint8Array): boolean {
  for (let i = 0; i < bytes.length; i++) if (bytes[i] >= 0x80) return true;
  return false;
}
