// Independent reading of the fixture files for the directory tests: a naive `;` split over text decoded with the
// platform TextDecoder, with its own UAI key check, so that expected figures do not come from the importer.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = fileURLToPath(new URL("../../../../shared/fixtures/", import.meta.url));

/** Every .csv file under a fixtures sub-directory, recursively, sorted. */
export function listCsv(subdir: string): string[] {
  const root = path.join(FIXTURES, subdir);
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.toLowerCase().endsWith(".csv")) out.push(full);
    }
  };
  walk(root);
  return out;
}

export interface NaiveTable {
  header: string[];
  rows: { line: number; cells: string[] }[];
  /** Lines whose naive split does not give the header's width (the oracle cannot be trusted for them). */
  irregular: number[];
}

/** Text lines split on ";"; a cell fully wrapped in quotes is unquoted (the fixtures have no ";" inside quotes). */
export function naiveTable(file: string): NaiveTable {
  const bytes = readFileSync(file);
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder("windows-1252").decode(bytes);
  }
  text = text.replace(/^\uFEFF/, "");
  const lines = text.split(/\r\n|\n|\r/);
  if (lines[lines.length - 1] === "") lines.pop();
  const unquote = (cell: string) => (/^".*"$/.test(cell) ? cell.slice(1, -1).replace(/""/g, '"') : cell);
  const header = lines[0].split(";").map(unquote);
  const rows: NaiveTable["rows"] = [];
  const irregular: number[] = [];
  lines.slice(1).forEach((text, i) => {
    const cells = text.split(";").map(unquote);
    if (cells.every((c) => c.trim() === "")) return;
    if (cells.length !== header.length) irregular.push(i + 2);
    rows.push({ line: i + 2, cells });
  });
  return { header, rows, irregular };
}

/** Lower case, no accents: enough to find a column by a known name in the oracle. */
export function plain(name: string): string {
  return name.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
}

export function column(header: string[], ...names: string[]): number {
  const wanted = names.map(plain);
  return header.findIndex((h) => wanted.includes(plain(h)));
}

/** UAI check written again here: 7 digits, then the letter of (number mod 23) in "ABCDEFGHJKLMNPRSTUVWXYZ". */
export function uaiLooksValid(uai: string): boolean {
  const m = /^(\d{7})([A-Z])$/.exec(uai.trim().toUpperCase());
  return m !== null && "ABCDEFGHJKLMNPRSTUVWXYZ"[Number(m[1]) % 23] === m[2];
}

/** Feeds bytes in fixed-size chunks, as a network or file stream would. */
export async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** Latin-1 bytes of a text made only of Latin-1 characters (U+0000-U+00FF). */
export function latin1Bytes(text: string): Uint8Array {
  return Uint8Array.from([...text].map((c) => c.charCodeAt(0)));
}
