// zod speaks French (issue 12, item 6). Every module that validates with zod takes `z` from here, never from
// "zod": a schema without its own message still answers in French, never "Invalid input: expected object,
// received null". Route schemas give their own messages naming the field; this is the safety net.
// zod 4's French locale (z.locales.fr) is the last fallback; the messages below come first because the locale
// echoes types and values ("null reçu", `"x"|"y"`) that mean nothing to a user.
import { z as zod } from "zod";

const EXPECTED: Record<string, string> = {
  string: "un texte est attendu",
  number: "un nombre est attendu",
  int: "un nombre entier est attendu",
  bigint: "un nombre entier est attendu",
  boolean: "oui ou non est attendu",
  object: "un ensemble de champs est attendu",
  array: "une liste est attendue",
  date: "une date est attendue",
  record: "un ensemble de champs est attendu",
};

const plural = (n: number | bigint, one: string, many: string) => `${n} ${Number(n) > 1 ? many : one}`;
const frNumber = (n: number | bigint) => String(n).replace(".", ",");

type Issue = zod.core.$ZodRawIssue;

/** A French message for the issue, or undefined to let the locale answer. */
export function frenchIssue(issue: Issue): string | undefined {
  const missing = issue.input === undefined && (issue.code === "invalid_type" || issue.code === "invalid_value" || issue.code === "invalid_union");
  if (missing) return "Champ obligatoire.";
  switch (issue.code) {
    case "invalid_type":
      return `Valeur invalide : ${EXPECTED[issue.expected] ?? "une autre valeur est attendue"}.`;
    case "too_small": {
      const { minimum, origin } = issue;
      if (origin === "string") return Number(minimum) <= 1 ? "Champ obligatoire." : `${plural(minimum, "caractère", "caractères")} au moins.`;
      if (origin === "array" || origin === "set") return `${plural(minimum, "élément", "éléments")} au moins.`;
      if (origin === "number" || origin === "int" || origin === "bigint") {
        return issue.inclusive ? `La valeur doit être supérieure ou égale à ${frNumber(minimum)}.` : `La valeur doit être supérieure à ${frNumber(minimum)}.`;
      }
      if (origin === "date") return "Date trop ancienne.";
      return "Valeur trop petite.";
    }
    case "too_big": {
      const { maximum, origin } = issue;
      if (origin === "string") return `${plural(maximum, "caractère", "caractères")} au plus.`;
      if (origin === "array" || origin === "set") return `${plural(maximum, "élément", "éléments")} au plus.`;
      if (origin === "number" || origin === "int" || origin === "bigint") {
        return issue.inclusive ? `La valeur doit être inférieure ou égale à ${frNumber(maximum)}.` : `La valeur doit être inférieure à ${frNumber(maximum)}.`;
      }
      if (origin === "date") return "Date trop lointaine.";
      return "Valeur trop grande.";
    }
    case "invalid_value":
    case "invalid_union":
    case "invalid_key":
    case "invalid_element":
      return "Valeur non reconnue.";
    case "invalid_format":
      if (issue.format === "email") return "Adresse électronique invalide (exemple : prenom.nom@ac-academie.fr).";
      if (issue.format === "url") return "Adresse web invalide.";
      if (issue.format === "date" || issue.format === "datetime") return "Date invalide.";
      return "Format invalide.";
    case "not_multiple_of":
      return `La valeur doit être un multiple de ${frNumber(issue.divisor as number)}.`;
    case "unrecognized_keys":
      return `${plural(issue.keys.length, "champ inconnu", "champs inconnus")}.`;
    default:
      return undefined;
  }
}

function french() {
  zod.config({ ...zod.locales.fr(), customError: frenchIssue });
  return zod;
}

/** zod, configured in French. Pure for the bundler: a client bundle that uses no schema does not carry zod. */
export const z = /* @__PURE__ */ french();
