// Parsing of cell values as they appear in open-data files edited with a spreadsheet: French decimals and
// scientific notation ("2,17E+13"), thousands separators ("1 019"), dd/mm/yyyy dates, rentrée years.
// Every failure carries a French reason meant for the import report.
import { formatNumber } from "./common";

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: string): Parsed<T> => ({ ok: false, reason });

/**
 * A number written the French or the English way: "12", "12,5", "12.5", "1 019" (spaces, non-breaking spaces),
 * "2,17E+13", "1.2e3". Empty cell → null.
 */
export function parseNumber(raw: string): Parsed<number | null> {
  const text = raw.replace(/[\s\u00a0\u202f']/g, "");
  if (!text) return ok(null);
  if (/^[+-]?\d+([.,]\d+)?(e[+-]?\d+)?$/i.test(text)) {
    const value = Number(text.replace(",", "."));
    if (Number.isFinite(value)) return ok(value);
  }
  return fail(`« ${raw.trim()} » n'est pas un nombre.`);
}

/**
 * A count (pupils…): a whole number between 0 and `max`. Empty cell → null.
 * "2,17E+13" is a number but not a plausible pupil count: rejected with the value spelled out.
 */
export function parseCount(
  raw: string,
  options: { label?: string; max?: number } = {},
): Parsed<number | null> {
  const label = options.label ?? "nombre d'élèves";
  const max = options.max ?? 20_000;
  const parsed = parseNumber(raw);
  if (!parsed.ok) return fail(`${label} : ${parsed.reason}`);
  const value = parsed.value;
  if (value === null) return ok(null);
  const shown = /e/i.test(raw) ? `${raw.trim()} = ${formatNumber(value)}` : raw.trim();
  if (value < 0) return fail(`${label} négatif (« ${shown} »).`);
  if (!Number.isInteger(value)) return fail(`${label} non entier (« ${shown} »).`);
  if (value > max) {
    const limit = `maximum admis ${formatNumber(max)}`;
    return fail(`${label} invraisemblable (« ${shown} », ${limit}) : valeur sans doute abîmée par un tableur.`);
  }
  return ok(value);
}

/**
 * A date → ISO "yyyy-mm-dd". Accepts "2024-11-26", "2024-11-26T10:00:00", "26/11/2024", "6/9/2024", "26-11-2024",
 * "26.11.2024". Empty cell → null. Impossible dates (31/02/2024) are refused.
 */
export function parseDate(raw: string): Parsed<string | null> {
  const text = raw.trim();
  if (!text) return ok(null);
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(text);
  let year: number, month: number, day: number;
  if (match) {
    [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  } else {
    match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?: [\d:]+)?$/.exec(text);
    if (!match) return fail(`Date illisible : « ${text} » (attendu : jj/mm/aaaa ou aaaa-mm-jj).`);
    [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  }
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return fail(`Date impossible : « ${text} ».`);
  }
  return ok(date.toISOString().slice(0, 10));
}

/**
 * The school year of a "rentrée" cell → "2019-2020". Accepts "2019" (rentrée 2019), "2019-2020", "2019/2020",
 * "2019-20", a date (dd/mm/yyyy or ISO: the school year containing it) and spreadsheet numbers ("2019,0").
 */
export function parseSchoolYear(raw: string): Parsed<string> {
  const text = raw.trim();
  const span = /^(\d{4})\s*[-/_]\s*(\d{2}|\d{4})$/.exec(text);
  if (span) {
    const start = Number(span[1]);
    const end = Number(span[2]);
    const expected = span[2].length === 2 ? (start + 1) % 100 : start + 1;
    if (end !== expected || !plausibleYear(start)) {
      return fail(`Année scolaire incohérente : « ${text} » (attendu : 2019-2020).`);
    }
    return ok(`${start}-${start + 1}`);
  }
  if (/[/.-]/.test(text) && !/^\d+[.,]\d+$/.test(text)) {
    const date = parseDate(text);
    if (!date.ok || date.value === null) {
      return fail(`Rentrée scolaire illisible : « ${text} » (attendu : 2019 ou 2019-2020).`);
    }
    const [year, month] = date.value.split("-").map(Number);
    const start = month >= 9 ? year : year - 1;
    return ok(`${start}-${start + 1}`);
  }
  const number = parseNumber(text);
  if (number.ok && number.value !== null && Number.isInteger(number.value) && plausibleYear(number.value)) {
    return ok(`${number.value}-${number.value + 1}`);
  }
  if (!text) return fail("Rentrée scolaire non renseignée.");
  return fail(`Rentrée scolaire illisible : « ${text} » (attendu : 2019 ou 2019-2020).`);
}

function plausibleYear(year: number): boolean {
  return year >= 1960 && year <= 2100;
}

/** Light e-mail check: one "@", no spaces, a dot in the domain. */
export function parseEmail(raw: string): Parsed<string | null> {
  const text = raw.trim();
  if (!text) return ok(null);
  if (/^[^\s@;,]+@[^\s@;,]+\.[^\s@;,]+$/.test(text)) return ok(text);
  return fail(`Adresse électronique invalide : « ${text} ».`);
}
