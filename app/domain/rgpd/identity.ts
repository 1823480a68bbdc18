// Identity of a person in the RGPD tools (ADR 020): French validation of the rectified fields, the placeholders
// that replace an erased identity, and the text patterns that find a person's name or address in stored text.
import { z } from "../zod-fr.ts";

// Letters (accents included), spaces, hyphens and apostrophes: what French names are made of. No quote, backslash
// or angle bracket, so that a name can be searched and replaced inside stored JSON text safely.
const NAME = /^[\p{L}][\p{L}\p{M} '’.-]*$/u;

const name = (label: string) =>
  z
    .string({ error: `${label} : champ obligatoire.` })
    .trim()
    .min(1, { error: `${label} : champ obligatoire.`, abort: true })
    .max(100, { error: `${label} : 100 caractères au plus.` })
    .regex(NAME, { error: `${label} : seuls les lettres, espaces, traits d'union et apostrophes sont acceptés.` });

export const rectificationSchema = z.object({
  firstName: name("Prénom"),
  lastName: name("Nom"),
  email: z
    .string({ error: "Adresse électronique : champ obligatoire." })
    .trim()
    .toLowerCase()
    .max(254, { error: "Adresse électronique : 254 caractères au plus." })
    .pipe(z.email({ error: "Adresse électronique invalide (exemple : prenom.nom@ac-academie.fr)." })),
  // Decimal digits only: "0x1" or "1e0" are not the version the page showed.
  version: z
    .string({ error: "Version de la fiche manquante : rechargez la page." })
    .regex(/^[1-9][0-9]{0,9}$/, { error: "Version de la fiche invalide : rechargez la page." })
    .transform(Number)
    .pipe(z.number().max(2_000_000_000, { error: "Version de la fiche invalide : rechargez la page." })),
});
export type Rectification = ReturnType<typeof rectificationSchema.parse>;

export const erasureSchema = z.object({
  reason: z
    .string({ error: "Motif : champ obligatoire." })
    .trim()
    .min(5, { error: "Motif : 5 caractères au moins (par exemple « Demande de l'intéressé du 2 décembre »)." })
    .max(500, { error: "Motif : 500 caractères au plus." }),
  confirm: z.literal("EFFACER", { error: "Confirmation : saisissez EFFACER en majuscules pour confirmer l'effacement." }),
});

export const ERASED_FIRST_NAME = "Personne";
export const ERASED_LAST_NAME = "effacée";
export const ERASED_LABEL = `${ERASED_FIRST_NAME} ${ERASED_LAST_NAME}`;

/** The address that replaces an erased one: unique (the column is), undeliverable by construction (RFC 2606). */
export function erasedEmail(key: string): string {
  return `effacee-${key.toLowerCase().replace(/[^a-z0-9]/g, "")}@anonyme.invalid`;
}

function escapeRegExp(text: string) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// A name matches only as whole words: "Maëlle Kerhervé" is not found inside "Maëlle Kerhervé-Le Goff" (another
// person). The letter classes are spelled out because PostgreSQL's [[:alpha:]] is ASCII-only under the C locale.
const PG_WORD = "A-Za-z0-9À-ÖØ-öø-ÿŒœ_-";
const PG_EMAIL = "A-Za-z0-9._%+-";

function namePattern(name: string) {
  return name.trim().split(/\s+/).map(escapeRegExp).join("\\s+");
}

/** PostgreSQL regular expressions (ARE, used case-insensitively) for a person's address and full name in either order. */
export function identityPatterns(person: { firstName: string; lastName: string; email: string }): { email: string; names: string[] } {
  const first = person.firstName.trim();
  const last = person.lastName.trim();
  const names = first && last ? [`${first} ${last}`, `${last} ${first}`] : [];
  return {
    email: `(?<![${PG_EMAIL}])${escapeRegExp(person.email.trim())}(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`,
    names: names.map((n) => `(?<![${PG_WORD}])${namePattern(n)}(?![${PG_WORD}])`),
  };
}

/** The same replacement in JavaScript, for values read and rewritten by the erasure. */
export function scrubText(text: string, person: { firstName: string; lastName: string; email: string }, emailReplacement: string): string {
  const email = new RegExp(`(?<![A-Za-z0-9._%+-])${escapeRegExp(person.email.trim())}(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`, "giu");
  let out = text.replace(email, emailReplacement);
  const first = person.firstName.trim();
  const last = person.lastName.trim();
  if (!first || !last) return out;
  for (const n of [`${first} ${last}`, `${last} ${first}`]) {
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}_-])${namePattern(n)}(?![\\p{L}\\p{N}_-])`, "giu"), ERASED_LABEL);
  }
  return out;
}

const FIRST_NAME_KEYS = ["prenom", "firstName"];
const LAST_NAME_KEYS = ["nom", "lastName"];

/**
 * A letter's answers without the person: in every object whose `email` is the person's (a referent of the letter),
 * the name fields and the address are replaced; a `remplace` naming the address too. Then the free text.
 */
export function scrubAnswers(value: unknown, person: { firstName: string; lastName: string; email: string }, emailReplacement: string): unknown {
  const target = person.email.trim().toLowerCase();
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === "object") {
      const entries = Object.entries(v as Record<string, unknown>);
      const isPerson = entries.some(([k, x]) => k === "email" && typeof x === "string" && x.trim().toLowerCase() === target);
      const out: Record<string, unknown> = {};
      for (const [k, x] of entries) {
        if (isPerson && FIRST_NAME_KEYS.includes(k)) out[k] = ERASED_FIRST_NAME;
        else if (isPerson && LAST_NAME_KEYS.includes(k)) out[k] = ERASED_LAST_NAME;
        else if (typeof x === "string" && x.trim().toLowerCase() === target) out[k] = emailReplacement;
        else out[k] = walk(x);
      }
      return out;
    }
    if (typeof v === "string") return scrubText(v, person, emailReplacement);
    return v;
  };
  return walk(value);
}
