// Linking a LimeSurvey response to an establishment (UAI checked with its letter) and to a person (email), from the
// token attributes first, then from the answers (ADR 015). Pure: the caller gives the rows and the lookup tables.
import { checkUai } from "../uai.ts";
import type { Row } from "./xml.ts";

const UAI_LIKE = /^\s*\d{7}\s*[A-Za-z]\s*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type UaiLookup = { ok: true; uai: string; source: string } | { ok: false; reason: string };

/** The token's attributes (`attribute_1`…, `email`) then the answers, in column order. */
function candidates(row: Row, token: Row | undefined): [string, string][] {
  const fromToken = token ? Object.entries(token).filter(([k]) => /^attribute_\d+$|^email$/i.test(k)).map(([k, v]) => [`jeton ${k}`, v] as [string, string]) : [];
  const fromRow = Object.entries(row).map(([k, v]) => [`réponse ${k}`, v] as [string, string]);
  return [...fromToken, ...fromRow];
}

export function findUai(row: Row, token: Row | undefined): UaiLookup {
  const wrong: string[] = [];
  for (const [source, value] of candidates(row, token)) {
    if (!value || !UAI_LIKE.test(value)) continue;
    const check = checkUai(value.replace(/\s+/g, ""));
    if (check.ok) return { ok: true, uai: check.uai, source };
    wrong.push(check.reason);
  }
  if (wrong.length) return { ok: false, reason: wrong[0] };
  return { ok: false, reason: "aucun UAI dans les réponses ni dans les attributs du jeton" };
}

export function findEmail(row: Row, token: Row | undefined): string | null {
  for (const [, value] of candidates(row, token)) if (value && EMAIL.test(value.trim())) return value.trim().toLowerCase();
  return null;
}
