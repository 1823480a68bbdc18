// Annuaire de l'éducation (data.education.gouv.fr, `fr-en-annuaire-education`): CSV export (69, 71 or 72 columns
// depending on the vintage, always mapped by header name) and JSON export (lowercase field names, null fields left
// out). Keeps the secondary establishments (collège, lycée, lycée professionnel, EREA), public and private; every
// other kind of row (écoles, services, médico-social…) is counted by its label and skipped.
import { checkUai } from "../uai";
import {
  DirectoryFileError,
  cleanText,
  findColumn,
  identifyFileKind,
  indexHeader,
  jsonValueToCell,
  normalizeLabel,
  normalizeName,
  wrongKindMessage,
  type EstablishmentSector,
  type EstablishmentType,
  type RowRejection,
} from "./common";
import { readDelimited, type CsvInput } from "./csv";
import type { DecodeReport } from "./decode";
import { parseCount, parseDate, parseEmail } from "./values";

export interface AnnuaireRecord {
  uai: string;
  name: string;
  type: EstablishmentType;
  sector: EstablishmentSector;
  academyCode: string;
  academyName: string | null;
  departmentCode: string | null;
  departmentName: string | null;
  commune: string | null;
  communeCode: string | null;
  basinCode: string | null;
  basinName: string | null;
  priorityEducation: "REP" | "REP+" | null;
  email: string | null;
  /** Null when the file has no pupil column or the cell is empty. */
  pupilCount: number | null;
  /** `etat` = FERME. ("A FERMER" is still open.) */
  closed: boolean;
  closedOn: string | null;
  openedOn: string | null;
  /** Nature of the establishment (e.g. 306 LYCEE POLYVALENT, 334 SECTION D ENSEIGNEMENT PROFESSIONNEL). */
  natureCode: string | null;
  natureLabel: string | null;
  /** Ministère de tutelle (EDUCATION NATIONALE, AGRICULTURE, MER…). */
  ministry: string | null;
  /** Establishment this one is attached to (sections, annexes). */
  parentUai: string | null;
  line: number;
}

export type AnnuaireRowResult =
  | { kind: "record"; line: number; record: AnnuaireRecord; warnings: string[] }
  | RowRejection
  | { kind: "ignored"; line: number; uai: string | null; label: string };

export interface AnnuaireHeader {
  /** Original header name used for each field (absent fields are not listed). */
  columns: Partial<Record<AnnuaireField, string>>;
  unknownColumns: string[];
  hasPupilCount: boolean;
  /** French notes for the import report (unknown columns, missing optional columns). */
  messages: string[];
}

export interface AnnuaireSummary {
  records: number;
  byType: Record<EstablishmentType, number>;
  bySector: Record<EstablishmentSector, number>;
  withPupilCount: number;
  closed: number;
  rejected: number;
  ignored: number;
  ignoredByLabel: Record<string, number>;
  warnings: number;
  decoding: DecodeReport | null;
}

export type AnnuaireEvent =
  | { kind: "header"; header: AnnuaireHeader }
  | AnnuaireRowResult
  | { kind: "end"; summary: AnnuaireSummary };

const FIELDS = {
  uai: ["identifiant_de_l_etablissement", "uai", "code_uai"],
  name: ["nom_etablissement"],
  type: ["type_etablissement"],
  sector: ["statut_public_prive", "secteur_public_prive"],
  academyCode: ["code_academie"],
  academyName: ["libelle_academie"],
  departmentCode: ["code_departement"],
  departmentName: ["libelle_departement"],
  commune: ["nom_commune"],
  communeCode: ["code_commune"],
  basinCode: ["code_bassin_formation"],
  basinName: ["libelle_bassin_formation"],
  priority: ["appartenance_education_prioritaire"],
  email: ["mail", "email"],
  pupils: ["nombre_d_eleves", "nombre_eleves"],
  state: ["etat"],
  natureCode: ["code_nature"],
  natureLabel: ["libelle_nature"],
  ministry: ["ministere_tutelle"],
  parentUai: ["etablissement_mere"],
  multiLine: ["multi_uai", "etablissement_multi_lignes"],
  openedOn: ["date_ouverture"],
  closedOn: ["date_fermeture"],
} as const;
export type AnnuaireField = keyof typeof FIELDS;

const REQUIRED: AnnuaireField[] = ["uai", "name", "type", "sector", "academyCode"];
const REQUIRED_LABELS: Partial<Record<AnnuaireField, string>> = {
  uai: "Identifiant_de_l_etablissement",
  name: "Nom_etablissement",
  type: "Type_etablissement",
  sector: "Statut_public_prive",
  academyCode: "Code_academie",
};

/** Columns of the 69/71/72-column vintages that are known and deliberately not imported. */
const KNOWN_IGNORED = new Set(
  `adresse_1 adresse_2 adresse_3 code_postal code_region libelle_region ecole_maternelle ecole_elementaire voie_generale
  voie_technologique voie_professionnelle telephone fax web restauration hebergement ulis apprentissage segpa
  section_arts section_cinema section_theatre section_sport section_internationale section_europeenne lycee_agricole
  lycee_militaire lycee_des_metiers post_bac greta siren_siret fiche_onisep position type_contrat_prive
  code_type_contrat_prive coordx_origine coordy_origine epsg_origine coordonnee_x coordonnee_y epsg latitude longitude
  precision_localisation nom_circonscription code_circonscription date_maj_ligne rpi_concentre rpi_disperse pial
  type_rattachement_etablissement_mere code_zone_animation_pedagogique libelle_zone_animation_pedagogique`.split(/\s+/),
);
const KNOWN = new Set<string>([...KNOWN_IGNORED, ...Object.values(FIELDS).flat()]);

/** Code nature of lycées professionnels (320) and sections d'enseignement professionnel (334). */
const PRO_NATURES = new Set(["320", "334"]);
const NATURE_TYPES: Record<string, EstablishmentType> = {
  "340": "COLLEGE", "350": "COLLEGE", "352": "COLLEGE",
  "300": "LYCEE", "301": "LYCEE", "302": "LYCEE", "306": "LYCEE", "307": "LYCEE", "310": "LYCEE", "335": "LYCEE",
  "320": "LYCEE_PRO", "334": "LYCEE_PRO",
  "370": "EREA",
};

/**
 * In-scope type from `Type_etablissement` ("Collège", "Lycée", "EREA"), refined by `code_nature` (a lycée of nature
 * 320/334 is a LYCEE_PRO). Without a type label the nature code decides. Null = out of scope.
 */
export function classifyAnnuaireType(typeLabel: string, natureCode: string): EstablishmentType | null {
  const type = normalizeLabel(typeLabel);
  const nature = natureCode.trim();
  if (!type) return NATURE_TYPES[nature] ?? null;
  if (type.startsWith("COLLEGE")) return "COLLEGE";
  if (type === "EREA" || type.includes("ENSEIGNEMENT ADAPTE")) return "EREA";
  if (type.startsWith("LYCEE")) {
    return PRO_NATURES.has(nature) || type.includes("PROFESSIONNEL") ? "LYCEE_PRO" : "LYCEE";
  }
  return null;
}

function parseSector(value: string): EstablishmentSector | null {
  const sector = normalizeLabel(value);
  if (sector.startsWith("PUBLIC") || sector === "PU") return "PUBLIC";
  if (sector.startsWith("PRIVE") || sector === "PR") return "PRIVATE";
  return null;
}

function parsePriority(value: string): { value: "REP" | "REP+" | null; unknown: boolean } {
  const label = normalizeLabel(value).replace(/\s+/g, "");
  if (label === "REP+" || label === "REPPLUS") return { value: "REP+", unknown: false };
  if (label === "REP") return { value: "REP", unknown: false };
  return { value: null, unknown: !["", "HORSEP", "NON", "0", "SANSOBJET"].includes(label) };
}

export interface AnnuaireMapper {
  header: AnnuaireHeader;
  /** Maps one CSV row (cells in header order). */
  mapRow(cells: string[], line: number): AnnuaireRowResult;
  /** Maps one object of the JSON export (any of the known field names, case-insensitive). */
  mapObject(object: Record<string, unknown>, line: number): AnnuaireRowResult;
  /** Rejection of a row the CSV layer could not read, with the UAI when the row shows one. */
  rejectRow(cells: string[], line: number, reason: string): RowRejection;
  summary(decoding?: DecodeReport | null): AnnuaireSummary;
}

/** Header row → mapper. Throws `DirectoryFileError` (French message) for another kind of file or missing columns. */
export function createAnnuaireMapper(headerCells: string[]): AnnuaireMapper {
  const kind = identifyFileKind(headerCells);
  const index = indexHeader(headerCells);
  const positions = {} as Record<AnnuaireField, number>;
  const columns: Partial<Record<AnnuaireField, string>> = {};
  for (const field of Object.keys(FIELDS) as AnnuaireField[]) {
    positions[field] = findColumn(index, FIELDS[field]);
    if (positions[field] >= 0) columns[field] = headerCells[positions[field]];
  }
  const expected = "l'annuaire de l'éducation (fr-en-annuaire-education)";
  if (kind !== "annuaire") {
    throw new DirectoryFileError(wrongKindMessage(expected, kind, Object.values(REQUIRED_LABELS) as string[]), "WRONG_KIND");
  }
  const missing = REQUIRED.filter((field) => positions[field] < 0).map((field) => REQUIRED_LABELS[field]);
  if (missing.length) {
    throw new DirectoryFileError(`Colonnes obligatoires absentes de l'annuaire : ${missing.join(", ")}.`, "MISSING_COLUMNS");
  }
  const unknownColumns = headerCells.filter((name) => name && !KNOWN.has(normalizeName(name)));
  const header: AnnuaireHeader = {
    columns,
    unknownColumns,
    hasPupilCount: positions.pupils >= 0,
    messages: [
      ...(unknownColumns.length
        ? [`Colonnes non reconnues, ignorées : ${unknownColumns.map((c) => `« ${c} »`).join(", ")}.`]
        : []),
      ...(positions.pupils < 0 ? ["Pas de colonne Nombre_d_eleves : aucun effectif n'est lu dans ce fichier."] : []),
    ],
  };
  return buildMapper(header, (cells) => (field) => {
    const position = positions[field];
    return position >= 0 ? cleanText(cells[position]) : "";
  });
}

function buildMapper(
  header: AnnuaireHeader,
  accessorForCells: (cells: string[]) => (field: AnnuaireField) => string,
): AnnuaireMapper {
  const seen = new Map<string, number>();
  const keyCache = new Map<string, string>();
  const summary: AnnuaireSummary = {
    records: 0,
    byType: { COLLEGE: 0, LYCEE: 0, LYCEE_PRO: 0, EREA: 0, OTHER: 0 },
    bySector: { PUBLIC: 0, PRIVATE: 0 },
    withPupilCount: 0,
    closed: 0,
    rejected: 0,
    ignored: 0,
    ignoredByLabel: {},
    warnings: 0,
    decoding: null,
  };
  const reject = (line: number, uai: string | null, reason: string): RowRejection => {
    summary.rejected++;
    return { kind: "rejected", line, uai: uai || null, reason };
  };

  const map = (get: (field: AnnuaireField) => string, line: number): AnnuaireRowResult => {
    const rawUai = get("uai");
    const type = classifyAnnuaireType(get("type"), get("natureCode"));
    if (!type) {
      const label = get("type") || get("natureLabel") || "Type non renseigné";
      summary.ignored++;
      summary.ignoredByLabel[label] = (summary.ignoredByLabel[label] ?? 0) + 1;
      return { kind: "ignored", line, uai: rawUai || null, label };
    }
    if (!rawUai) return reject(line, null, "UAI manquant : ligne ignorée.");
    const checked = checkUai(rawUai);
    if (!checked.ok) return reject(line, rawUai, checked.reason);
    const uai = checked.uai;
    const first = seen.get(uai);
    if (first !== undefined) {
      const multi = get("multiLine") === "1" ? " (établissement décrit sur plusieurs lignes : annexe ou cité scolaire)" : "";
      return reject(line, uai, `UAI ${uai} en double, déjà lu ligne ${first}${multi} : seule la première ligne est importée.`);
    }
    const name = get("name");
    if (!name) return reject(line, uai, "Nom de l'établissement manquant.");
    const sector = parseSector(get("sector"));
    if (!sector) {
      const raw = get("sector");
      return reject(line, uai, raw ? `Statut public/privé non reconnu : « ${raw} ».` : "Statut public/privé non renseigné.");
    }
    const academyCode = get("academyCode");
    if (!academyCode) return reject(line, uai, "Code académie manquant.");

    const warnings: string[] = [];
    const optional = <T>(parsed: { ok: true; value: T } | { ok: false; reason: string }): T | null => {
      if (parsed.ok) return parsed.value;
      warnings.push(parsed.reason);
      return null;
    };
    const pupilCount = optional(parseCount(get("pupils")));
    const email = optional(parseEmail(get("email")));
    const openedOn = optional(parseDate(get("openedOn")));
    const closedOn = optional(parseDate(get("closedOn")));
    const priority = parsePriority(get("priority"));
    if (priority.unknown) warnings.push(`Éducation prioritaire non reconnue : « ${get("priority")} » (ignorée).`);
    const parent = get("parentUai") ? checkUai(get("parentUai")) : null;
    const orNull = (value: string) => value || null;
    const record: AnnuaireRecord = {
      uai,
      name,
      type,
      sector,
      academyCode,
      academyName: orNull(get("academyName")),
      departmentCode: orNull(get("departmentCode")),
      departmentName: orNull(get("departmentName")),
      commune: orNull(get("commune")),
      communeCode: orNull(get("communeCode")),
      basinCode: orNull(get("basinCode")),
      basinName: orNull(get("basinName")),
      priorityEducation: priority.value,
      email,
      pupilCount,
      closed: normalizeLabel(get("state")) === "FERME",
      closedOn,
      openedOn,
      natureCode: orNull(get("natureCode")),
      natureLabel: orNull(get("natureLabel")),
      ministry: orNull(get("ministry")),
      parentUai: parent?.ok ? parent.uai : null,
      line,
    };
    seen.set(uai, line);
    summary.records++;
    summary.byType[type]++;
    summary.bySector[sector]++;
    if (pupilCount !== null) summary.withPupilCount++;
    if (record.closed) summary.closed++;
    summary.warnings += warnings.length;
    return { kind: "record", line, record, warnings };
  };

  return {
    header,
    mapRow: (cells, line) => map(accessorForCells(cells), line),
    mapObject: (object, line) => {
      const values = new Map<string, unknown>();
      for (const [key, value] of Object.entries(object)) {
        let normalized = keyCache.get(key);
        if (normalized === undefined) keyCache.set(key, (normalized = normalizeName(key)));
        values.set(normalized, value);
      }
      return map((field) => {
        for (const alias of FIELDS[field]) {
          if (values.has(alias)) return cleanText(jsonValueToCell(values.get(alias)));
        }
        return "";
      }, line);
    },
    rejectRow: (cells, line, reason) => reject(line, cleanText(accessorForCells(cells)("uai")) || null, reason),
    summary: (decoding = null) => ({ ...summary, decoding, ignoredByLabel: { ...summary.ignoredByLabel } }),
  };
}

/** Streams the annuaire CSV (Buffer, string, Node Readable…): a header event, one event per row, an end event. */
export async function* readAnnuaire(input: CsvInput): AsyncGenerator<AnnuaireEvent> {
  let mapper: AnnuaireMapper | null = null;
  for await (const event of readDelimited(input)) {
    if (event.kind === "header") {
      mapper = createAnnuaireMapper(event.cells);
      yield { kind: "header", header: mapper.header };
    } else if (event.kind === "row") yield mapper!.mapRow(event.cells, event.line);
    else if (event.kind === "malformed") yield mapper!.rejectRow(event.cells, event.line, event.reason);
    else yield { kind: "end", summary: mapper!.summary(event.decoding) };
  }
}

/** The JSON export (array of objects, lowercase names): `line` is the 1-based position of the object. */
export async function* readAnnuaireJson(
  objects: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>,
): AsyncGenerator<AnnuaireEvent> {
  let mapper: AnnuaireMapper | null = null;
  let position = 0;
  for await (const object of objects) {
    position++;
    if (!mapper) {
      const keys = Object.keys(object);
      const names = new Set(keys.map(normalizeName));
      const looksRight = FIELDS.uai.some((k) => names.has(k)) && names.has("nom_etablissement");
      const kind = identifyFileKind(keys);
      if (!looksRight || (kind !== "annuaire" && kind !== "inconnu")) {
        const expected = "l'annuaire de l'éducation (fr-en-annuaire-education)";
        const lookedFor = ["identifiant_de_l_etablissement", "nom_etablissement"];
        throw new DirectoryFileError(wrongKindMessage(expected, kind, lookedFor), "WRONG_KIND");
      }
      const unknownColumns = keys.filter((key) => !KNOWN.has(normalizeName(key)));
      const columns: Partial<Record<AnnuaireField, string>> = {};
      for (const field of Object.keys(FIELDS) as AnnuaireField[]) {
        const key = keys.find((k) => (FIELDS[field] as readonly string[]).includes(normalizeName(k)));
        if (key) columns[field] = key;
      }
      const header: AnnuaireHeader = {
        columns,
        unknownColumns,
        hasPupilCount: columns.pupils !== undefined,
        messages: unknownColumns.length
          ? [`Champs non reconnus, ignorés : ${unknownColumns.map((c) => `« ${c} »`).join(", ")}.`]
          : [],
      };
      mapper = buildMapper(header, () => () => "");
      yield { kind: "header", header };
    }
    yield mapper.mapObject(object, position);
  }
  if (!mapper) throw new DirectoryFileError("Export JSON vide : aucun établissement.", "EMPTY");
  yield { kind: "end", summary: mapper.summary(null) };
}
