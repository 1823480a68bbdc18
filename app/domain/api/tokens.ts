// Read API tokens (ADR 021): what a token may read, and the bounds of its life. Pure.

/** The resources of the read API, as they appear in its URLs and in a token's scope. */
export const API_RESOURCES = ["etablissements", "campagnes", "reponses", "lettres", "formations", "tableaux-de-bord"] as const;
export type ApiResource = (typeof API_RESOURCES)[number];

export const API_RESOURCE_LABELS: Record<ApiResource, string> = {
  etablissements: "Établissements et effectifs",
  campagnes: "Campagnes de bilans",
  reponses: "Réponses aux bilans (réponses et indicateurs)",
  lettres: "Lettres de mission et attributions d'IMP",
  formations: "Sessions de formation et inscriptions",
  "tableaux-de-bord": "Agrégats des tableaux de bord",
};

/** Every clear token starts with this, so that a leaked one is recognisable (secret scanners, logs). */
export const TOKEN_PREFIX = "rupn_";
/** `rupn_` + 32 random bytes in base64url (43 characters). */
export const TOKEN_PATTERN = /^rupn_[A-Za-z0-9_-]{43}$/;
/** Characters kept in the list to recognise a token: the prefix and four characters, far too few to guess it. */
export const SHOWN_PREFIX_LENGTH = TOKEN_PREFIX.length + 4;

/** A token lives one day at least and one year at most: an expiry is required, never "forever". */
export const MIN_TOKEN_DAYS = 1;
export const MAX_TOKEN_DAYS = 365;

const DAY_MS = 24 * 3600 * 1000;

/**
 * The expiry instant of a token valid through the given Paris calendar day (its end, 23:59:59 in Paris, approximated
 * as 22:59:59 UTC in winter and 21:59:59 UTC in summer), or a French reason to refuse it.
 */
export function tokenExpiry(day: string, now: Date): { expiresAt: Date } | { error: string } {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return { error: "Date d'expiration : une date est attendue (jj/mm/aaaa)." };
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const utc = new Date(Date.UTC(y, m - 1, d));
  if (utc.getUTCFullYear() !== y || utc.getUTCMonth() !== m - 1 || utc.getUTCDate() !== d) return { error: "Date d'expiration : cette date n'existe pas." };
  const today = Date.parse(parisDay(now));
  if (utc.getTime() < today + MIN_TOKEN_DAYS * DAY_MS) return { error: "Date d'expiration : choisissez une date à venir (demain au plus tôt)." };
  if (utc.getTime() > today + MAX_TOKEN_DAYS * DAY_MS) return { error: `Date d'expiration : un jeton vit ${MAX_TOKEN_DAYS} jours au plus ; choisissez une date plus proche.` };
  const expiresAt = new Date(utc.getTime() + DAY_MS - 1 - parisOffsetMs(utc));
  return { expiresAt };
}

/** The Paris calendar day of an instant, "YYYY-MM-DD". */
export function parisDay(instant: Date): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris", year: "numeric", month: "2-digit", day: "2-digit" }).format(instant);
}

/** Offset of Paris from UTC on that day (1 h in winter, 2 h in summer), from the platform's time zone data. */
function parisOffsetMs(day: Date): number {
  const parts = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", timeZoneName: "shortOffset" }).formatToParts(new Date(day.getTime() + 12 * 3600 * 1000));
  const name = parts.find((p) => p.type === "timeZoneName")?.value ?? "GMT+1";
  const hours = Number(/GMT([+-]\d+)/.exec(name)?.[1] ?? "1");
  return hours * 3600 * 1000;
}

/** Why a stored token cannot be used now, in French, or null when it can. */
export function tokenRefusal(token: { expiresAt: Date; revokedAt: Date | null }, now: Date): string | null {
  if (token.revokedAt) return "Ce jeton d'API a été révoqué. Demandez un nouveau jeton à la DANE de votre académie.";
  if (token.expiresAt <= now) return "Ce jeton d'API a expiré. Demandez un nouveau jeton à la DANE de votre académie.";
  return null;
}

export function isApiResource(value: string): value is ApiResource {
  return (API_RESOURCES as readonly string[]).includes(value);
}
