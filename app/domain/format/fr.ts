// One French formatting module for the whole product (UI, mails, PDF): dates and times always in Europe/Paris
// whatever the server's or the browser's time zone, "1er" for the first day of a month, decimal commas,
// "académie de Rennes" / "académie d'Aix-Marseille", plurals that agree with their count, no repeated titles.
// Pure: no I/O, usable on the server and in the browser.

export const PARIS = "Europe/Paris";

const dateLong = new Intl.DateTimeFormat("fr-FR", { day: "numeric", month: "long", year: "numeric", timeZone: PARIS });
const dateWeekday = new Intl.DateTimeFormat("fr-FR", { weekday: "long", day: "numeric", month: "long", year: "numeric", timeZone: PARIS });
const dateShort = new Intl.DateTimeFormat("fr-FR", { day: "2-digit", month: "2-digit", year: "numeric", timeZone: PARIS });
const timeMinutes = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: PARIS });
const timeSeconds = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23", timeZone: PARIS });

type DateLike = Date | string | number;
const toDate = (value: DateLike) => (value instanceof Date ? value : new Date(value));

/** "1" → "1er" (French ordinal for the first day of a month), other day numbers unchanged. */
export function dayOrdinal(day: number): string {
  return day === 1 ? "1er" : String(day);
}

/** Replaces a leading day "1" of a formatted long date by "1er" ("1 septembre" → "1er septembre"). */
function firstDay(text: string): string {
  return text.replace(/(^|\s)1(?=\s)/, "$1" + "1er");
}

/** "1er septembre 2026", "15 mars 2027" (Paris calendar day). */
export function formatDate(value: DateLike): string {
  return firstDay(dateLong.format(toDate(value)));
}

/** "mardi 1er septembre 2026". */
export function formatDateWithWeekday(value: DateLike): string {
  return firstDay(dateWeekday.format(toDate(value)));
}

/** "01/09/2026" (tables, exports). */
export function formatShortDate(value: DateLike): string {
  return dateShort.format(toDate(value));
}

/** "14:27", or "14:27:06" with seconds; always the Paris wall clock. */
export function formatTime(value: DateLike, options: { seconds?: boolean } = {}): string {
  return (options.seconds ? timeSeconds : timeMinutes).format(toDate(value));
}

/** "1er septembre 2026 à 14:27" (Paris time). */
export function formatDateTime(value: DateLike): string {
  return `${formatDate(value)} à ${formatTime(value)}`;
}

// Intl writes French thousands with U+202F (narrow no-break space), missing from the PDF's standard fonts and
// from many mail clients' fonts: use the ordinary no-break space, which keeps "1 234" on one line everywhere.
const NBSP = "\u00a0";
const numberFormats = new Map<number, Intl.NumberFormat>();

/** "9,5", "1 234", "0,25": decimal comma, no-break space between thousands, at most `maxDecimals` decimals. */
export function formatNumber(value: number, maxDecimals = 2): string {
  let format = numberFormats.get(maxDecimals);
  if (!format) {
    format = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: maxDecimals });
    numberFormats.set(maxDecimals, format);
  }
  return format.format(value).replace(/[\u202f\u00a0]/g, NBSP);
}

/** "9,5 h" (hours, no-break space before the unit). */
export function formatHours(value: number, maxDecimals = 2): string {
  return `${formatNumber(value, maxDecimals)}${NBSP}h`;
}

const pluralRules = new Intl.PluralRules("fr-FR");

/**
 * The count and its noun, agreeing: plural(1, "destinataire") → "1 destinataire", plural(3, "destinataire") →
 * "3 destinataires", plural(2, "nouveau référent", "nouveaux référents"). French uses the singular for 0 and 1.
 */
export function plural(count: number, singular: string, pluralForm?: string): string {
  return `${formatNumber(count)} ${pluralWord(count, singular, pluralForm)}`;
}

/** Only the word: pluralWord(2, "inscrite") → "inscrites" (for agreeing participles and adjectives). */
export function pluralWord(count: number, singular: string, pluralForm?: string): string {
  if (pluralRules.select(count) === "one" || count === 0) return singular;
  return pluralForm ?? defaultPlural(singular);
}

function defaultPlural(phrase: string): string {
  // The head of a short noun phrase and its adjectives ("référent désigné" → "référents désignés"), up to the first
  // preposition ("personne de la liste" → "personnes de la liste"); words ending in s, x or z do not change.
  // Irregular phrases ("nouveau référent") pass their plural form explicitly.
  const words = phrase.split(" ");
  const stop = words.findIndex((w) => /^(de|du|des|d'.*|à|au|aux|en|et|pour|par|sur|dans|avec)$/i.test(w));
  return words.map((w, i) => ((stop === -1 || i < stop) && !/[sxz]$/i.test(w) ? `${w}s` : w)).join(" ");
}

// Académies whose name takes an article, as the Ministry writes them.
const ACADEMY_ARTICLES: Record<string, string> = {
  Guadeloupe: "de la Guadeloupe",
  Martinique: "de la Martinique",
  Guyane: "de la Guyane",
  "La Réunion": "de La Réunion",
  Réunion: "de La Réunion",
};

/** "académie de Rennes", "académie d'Aix-Marseille", "académie d'Orléans-Tours", "académie de la Guadeloupe". */
export function academyLabel(name: string): string {
  return `académie ${academyOf(name)}`;
}

/** The preposition and the name alone: "de Rennes", "d'Aix-Marseille" (for "la DANE de l'académie …"). */
export function academyOf(name: string): string {
  const trimmed = name.trim().replace(/^académie\s+(de\s+|d['’]\s*)?/i, "");
  if (ACADEMY_ARTICLES[trimmed]) return ACADEMY_ARTICLES[trimmed];
  // Elision before a vowel (no académie name starts with an h).
  return /^[aeiouyàâäéèêëîïôöûü]/i.test(trimmed) ? `d'${trimmed}` : `de ${trimmed}`;
}

/** A title followed by its subtitle, unless they say the same thing: "Entrer dans la fonction de RUPN". */
export function titleWithSubtitle(title: string, subtitle: string | null | undefined, separator = " — "): string {
  const norm = (s: string) => s.trim().toLocaleLowerCase("fr-FR").replace(/\s+/g, " ");
  if (!subtitle || !subtitle.trim() || norm(subtitle) === norm(title)) return title;
  if (norm(title).includes(norm(subtitle))) return title;
  if (norm(subtitle).includes(norm(title))) return subtitle.trim();
  return `${title}${separator}${subtitle.trim()}`;
}

/** "académie de Rennes" → "Académie de Rennes" (start of a sentence or a heading). */
export function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase("fr-FR") + text.slice(1);
}
