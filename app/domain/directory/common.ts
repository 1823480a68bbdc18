// Shared pieces of the directory importers (annuaire de l'éducation, effectifs): header-name normalisation,
// recognition of the open-data file kinds from their headers, the error raised for a file that cannot be
// imported at all, and the row outcome types.

/** Raised when a whole file cannot be imported (wrong kind, missing columns, unsupported encoding). French message. */
export class DirectoryFileError extends Error {
  constructor(
    message: string,
    readonly code: "WRONG_KIND" | "MISSING_COLUMNS" | "ENCODING" | "EMPTY",
  ) {
    super(message);
    this.name = "DirectoryFileError";
  }
}

/** Establishment type, same values as the Prisma enum `EstablishmentType`. */
export type EstablishmentType = "COLLEGE" | "LYCEE" | "LYCEE_PRO" | "EREA" | "OTHER";
/** Sector, same values as the Prisma enum `EstablishmentSector`. */
export type EstablishmentSector = "PUBLIC" | "PRIVATE";

/** A row that could not be imported: the line of the file, the UAI when it could be read, a French reason. */
export type RowRejection = { kind: "rejected"; line: number; uai: string | null; reason: string };

/**
 * Header/field name → comparable key: case, accents, BOM, punctuation and spaces do not matter
 * ("Numéro du collège" → "numero_du_college", "REP +" → "rep_plus", "Nombre_d_eleves" → "nombre_d_eleves").
 */
export function normalizeName(name: string): string {
  return name
    .replace(/^\uFEFF/, "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\+/g, " plus ")
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
}

/** Values compared loosely: upper case, no accents, punctuation as single spaces ("COLLÈGE PRIVÉ" → "COLLEGE PRIVE"). */
export function normalizeLabel(value: string): string {
  return value
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toUpperCase()
    .replace(/[^A-Z0-9+]+/g, " ")
    .trim();
}

/** Trims and collapses inner white space (including non-breaking spaces). */
export function cleanText(value: string | undefined): string {
  return (value ?? "").replace(/[\s\u00a0\u202f]+/g, " ").trim();
}

export type DirectoryFileKind =
  | "annuaire"
  | "effectifs_college"
  | "effectifs_lycee_gt"
  | "effectifs_lycee_pro"
  | "effectifs_second_degre"
  | "geolocalisation"
  | "carte_scolaire"
  | "inconnu";

/** How each kind is named to the user. */
export const FILE_KIND_LABELS: Record<DirectoryFileKind, string> = {
  annuaire: "l'annuaire de l'éducation (fr-en-annuaire-education)",
  effectifs_college: "les effectifs des collèges (fr-en-college-effectifs-niveau-sexe-lv)",
  effectifs_lycee_gt: "les effectifs des lycées généraux et technologiques (fr-en-lycee_gt-effectifs-niveau-sexe-lv)",
  effectifs_lycee_pro: "les effectifs des lycées professionnels (fr-en-lycee_pro-effectifs-niveau-sexe-lv)",
  effectifs_second_degre: "les effectifs du second degré par établissement (fr-en-effectifs-second-degre)",
  geolocalisation:
    "l'adresse et la géolocalisation des établissements (fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre)",
  carte_scolaire: "la carte scolaire des collèges publics (fr-en-carte-scolaire-colleges-publics)",
  inconnu: "un fichier non reconnu",
};

/** Recognises which open-data file a header row belongs to. Works on CSV headers and on JSON field names. */
export function identifyFileKind(header: readonly string[]): DirectoryFileKind {
  const names = new Set(header.map(normalizeName));
  const has = (...candidates: string[]) => candidates.some((c) => names.has(c));
  const starts = (prefix: RegExp) => [...names].some((n) => prefix.test(n));
  if (has("identifiant_de_l_etablissement", "uai") && has("type_etablissement") && has("nom_etablissement")) {
    return "annuaire";
  }
  if (has("code_rne") && has("secteur_unique", "parite", "type_et_libelle")) return "carte_scolaire";
  if (has("code_etablissement", "numero_uai") && has("appellation_officielle", "coordonnee_x", "latitude")) {
    return "geolocalisation";
  }
  if (has("numero_d_etablissement", "numero_etablissement") && has("annee_scolaire", "type_d_etablissement")) {
    return "effectifs_second_degre";
  }
  if (has("numero_du_college", "numero_college") || starts(/^nombre_(total_)?de_6emes|^nombre_eleves_6eme/)) {
    return "effectifs_college";
  }
  if (starts(/^2ndes?_gt(_|$)|^2ndes?_generales?/)) return "effectifs_lycee_gt";
  if (starts(/^2ndes?_pro(_|$)|^cap_1ere_annee/)) return "effectifs_lycee_pro";
  return "inconnu";
}

/** French message for a file given to the wrong importer. */
export function wrongKindMessage(expected: string, found: DirectoryFileKind, lookedFor: string[]): string {
  if (found === "inconnu") {
    return `Ce fichier n'est pas reconnu comme ${expected} : colonnes attendues introuvables (${lookedFor.join(", ")}).`;
  }
  return `Ce fichier contient ${FILE_KIND_LABELS[found]}, pas ${expected}. Choisissez le bon fichier ou le bon import.`;
}

/** Index of header columns by normalised name (first occurrence wins). */
export function indexHeader(header: readonly string[]): Map<string, number> {
  const index = new Map<string, number>();
  header.forEach((name, i) => {
    const key = normalizeName(name);
    if (key && !index.has(key)) index.set(key, i);
  });
  return index;
}

/** Position of the first column whose normalised name is one of `aliases` (in alias order), or -1. */
export function findColumn(index: Map<string, number>, aliases: readonly string[]): number {
  for (const alias of aliases) {
    const position = index.get(alias);
    if (position !== undefined) return position;
  }
  return -1;
}

/** JSON export value → cell text (null/undefined → "", numbers as written, objects as JSON). */
export function jsonValueToCell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "bigint") return String(value);
  if (typeof value === "boolean") return value ? "1" : "0";
  return JSON.stringify(value);
}

/** Format a number the French way for messages ("21 700 000 000 000"). */
export function formatNumber(value: number): string {
  return new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 }).format(value).replace(/[\u202f\u00a0]/g, " ");
}

type CollectableEvent<H, R, S> =
  | { kind: "header"; header: H }
  | { kind: "record"; line: number; record: R; warnings?: string[] }
  | RowRejection
  | { kind: "ignored"; line: number; uai: string | null; label: string }
  | { kind: "end"; summary: S };

/** Convenience for small files and tests: gathers a reader's events in memory (ignored rows are only counted). */
export async function collectEvents<H, R, S>(events: AsyncIterable<CollectableEvent<H, R, S>>) {
  let header: H | undefined;
  let summary: S | undefined;
  const records: R[] = [];
  const rejections: RowRejection[] = [];
  const warnings: { line: number; warning: string }[] = [];
  for await (const event of events) {
    if (event.kind === "header") header = event.header;
    else if (event.kind === "record") {
      records.push(event.record);
      for (const warning of event.warnings ?? []) warnings.push({ line: event.line, warning });
    } else if (event.kind === "rejected") rejections.push(event);
    else if (event.kind === "end") summary = event.summary;
  }
  if (header === undefined || summary === undefined) throw new Error("collectEvents: incomplete event stream");
  return { header, records, rejections, warnings, summary };
}
