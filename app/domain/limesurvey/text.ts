// Texts of a LimeSurvey export for SurveyJS: HTML reduced to plain text (the platform never renders imported
// HTML, so no script or handler of an imported file can run), and the choice of the language (ADR 015).
import type { Texts } from "./structure.ts";

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: "\u00a0", eacute: "é", egrave: "è", agrave: "à", ccedil: "ç", ecirc: "ê", ocirc: "ô", rsquo: "’", lsquo: "‘", laquo: "«", raquo: "»", hellip: "…", ndash: "–", mdash: "—" };

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === "#") {
      const code = name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Plain text of an HTML fragment: scripts and styles removed with their content, block ends become line breaks. */
export function htmlToText(html: string): string {
  return decodeEntities(
    html
      .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, "")
      .replace(/<(br|\/p|\/div|\/li|\/h\d|\/tr)\b[^>]*>/gi, "\n")
      .replace(/<[^>]*>/g, ""),
  )
    .replace(/[ \t\u00a0]+/g, " ")
    .replace(/ *\n */g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

export function hasHtml(text: string): boolean {
  return /<[a-z!/][^>]*>/i.test(text);
}

/** A SurveyJS localizable string: the main language as `default`, the others by code when they differ. */
export type Localizable = string | Record<string, string>;

export function pickLanguage(languages: string[], base: string): string {
  return languages.find((l) => l === "fr" || l.startsWith("fr-")) ?? base;
}

export function localize(texts: Texts, main: string, others: string[], fallback = ""): Localizable {
  const clean: Record<string, string> = {};
  for (const [lang, value] of Object.entries(texts)) {
    const text = htmlToText(value);
    if (text) clean[lang] = text;
  }
  const first = clean[main] ?? Object.values(clean)[0] ?? fallback;
  const extra: Record<string, string> = {};
  for (const lang of others) if (clean[lang] && clean[lang] !== first) extra[lang] = clean[lang];
  return Object.keys(extra).length ? { default: first, ...extra } : first;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
