// Pupil counts per establishment and rentrée from the open-data effectifs files:
//   fr-en-college-effectifs-niveau-sexe-lv     (1er cycle pupils: 6e-3e, SEGPA, ULIS)
//   fr-en-lycee_gt-effectifs-niveau-sexe-lv    (2ndes GT, 1res and terminales générales et technologiques)
//   fr-en-lycee_pro-effectifs-niveau-sexe-lv   (2ndes/1res/terminales pro, CAP, BMA, MC)
//   fr-en-effectifs-second-degre               (older file: one total per establishment)
// Each niveau file holds one *part* of an establishment's pupils: a lycée polyvalent appears in the GT and the pro
// files, a lycée professionnel with 3e prépa-métiers classes also appears in the collège file with its 3e only.
// A record therefore says which part it counts and whether, for that kind of establishment, the part is its whole
// population (`scope: "total"`) or not (`"partial"`). `consolidateEffectifs` adds the parts up per establishment/year.
import { checkUai } from "../uai";
import {
  DirectoryFileError,
  cleanText,
  findColumn,
  identifyFileKind,
  indexHeader,
  normalizeLabel,
  normalizeName,
  wrongKindMessage,
  type RowRejection,
} from "./common";
import { readDelimited, type CsvInput } from "./csv";
import type { DecodeReport } from "./decode";
import { parseCount, parseSchoolYear } from "./values";

export type EffectifsFileKind = "college" | "lycee_gt" | "lycee_pro" | "second_degre";
/** Which pupils a figure counts: one level file's part, or the whole establishment. */
export type EffectifPart = "college" | "lycee_gt" | "lycee_pro" | "etablissement";
/** Kind of establishment read from its "Dénomination principale" (or "Type_d_etablissement"). */
export type DenominationKind =
  | "college"
  | "lycee_gt"
  | "lycee_polyvalent"
  | "lycee_pro"
  | "erea"
  | "cite_scolaire"
  | "autre";

export interface EffectifRecord {
  uai: string;
  /** "2019-2020" for rentrée 2019. */
  schoolYearId: string;
  pupilCount: number;
  /** Dataset the figure comes from (e.g. "fr-en-college-effectifs-niveau-sexe-lv"). */
  source: string;
  /** "total": the establishment's whole population for this kind of establishment; "partial": one part only. */
  scope: "total" | "partial";
  part: EffectifPart;
  denominationKind: DenominationKind;
  denomination: string;
  name: string;
  line: number;
}

export type EffectifRowResult = { kind: "record"; line: number; record: EffectifRecord; warnings: string[] } | RowRejection;

export interface EffectifsHeader {
  fileKind: EffectifsFileKind;
  source: string;
  /** Original header name used for each field. */
  columns: { uai: string; year: string; pupils: string; denomination: string | null; name: string | null };
  unknownColumns: string[];
  messages: string[];
}

export interface EffectifsSummary {
  fileKind: EffectifsFileKind;
  records: number;
  rejected: number;
  /** Per school year: number of records and sum of their pupil counts. */
  byYear: Record<string, { records: number; pupils: number }>;
  byScope: { total: number; partial: number };
  decoding: DecodeReport | null;
}

export type EffectifsEvent =
  | { kind: "header"; header: EffectifsHeader }
  | EffectifRowResult
  | { kind: "end"; summary: EffectifsSummary };

export const EFFECTIFS_SOURCES: Record<EffectifsFileKind, string> = {
  college: "fr-en-college-effectifs-niveau-sexe-lv",
  lycee_gt: "fr-en-lycee_gt-effectifs-niveau-sexe-lv",
  lycee_pro: "fr-en-lycee_pro-effectifs-niveau-sexe-lv",
  second_degre: "fr-en-effectifs-second-degre",
};

const PART_OF_FILE: Record<EffectifsFileKind, EffectifPart> = {
  college: "college",
  lycee_gt: "lycee_gt",
  lycee_pro: "lycee_pro",
  second_degre: "etablissement",
};

/** Parts making up the whole population of each kind of establishment (null: unknown kind, never "total"). */
export const EXPECTED_PARTS: Record<DenominationKind, EffectifPart[] | null> = {
  college: ["college"],
  lycee_gt: ["lycee_gt"],
  lycee_pro: ["lycee_pro"],
  lycee_polyvalent: ["lycee_gt", "lycee_pro"],
  erea: ["college", "lycee_pro"],
  cite_scolaire: ["college", "lycee_gt"],
  autre: null,
};

const UAI_ALIASES = [
  "numero_du_college", "numero_college", "numero_du_lycee", "numero_lycee", "numero_d_etablissement",
  "numero_etablissement", "uai", "numero_uai", "code_uai",
];
const YEAR_ALIASES = ["rentree_scolaire", "annee_scolaire", "rentree", "annee"];
const DENOMINATION_ALIASES = ["denomination_principale", "type_d_etablissement", "nature"];
const NAME_ALIASES = ["patronyme", "nom_etablissement", "nom_de_l_etablissement"];
const PUPIL_ALIASES: Record<EffectifsFileKind, string[]> = {
  college: ["nombre_d_eleves_total", "nombre_eleves_total", "nombre_total_d_eleves", "nombre_d_eleves"],
  lycee_gt: ["nombre_d_eleves", "nombre_eleves", "nombre_d_eleves_total", "nombre_eleves_total"],
  lycee_pro: ["nombre_d_eleves", "nombre_eleves", "nombre_d_eleves_total", "nombre_eleves_total"],
  second_degre: ["nombre_d_eleves", "nombre_eleves"],
};
/** The collège total in the long-label vintage: "Nombre d'élèves total (nombre d'élèves dans les formations…)". */
const COLLEGE_TOTAL_LONG = /^nombre_d_?eleves_total_(?!hors|segpa|ulis)/;

const KNOWN_IDENTITY = new Set(
  `region_academique academie departement commune denomination_principale patronyme secteur rep rep_plus rep0
  code_postal code_departement code_dept code_departement_pays code_aca code_academie code_commune code_region
  libelle_region libelle_departement libelle_academie localite_acheminement adresse nom_etablissement
  type_d_etablissement secteur_d_enseignement`.split(/\s+/),
);
const DETAIL_COLUMNS: Record<EffectifsFileKind, RegExp | null> = {
  college: /^nombre_/,
  lycee_gt: /^(2ndes?|1eres?|terminales?|cap|bma|mc|bt)(_|$)/,
  lycee_pro: /^(2ndes?|1eres?|terminales?|cap|bma|mc|bt)(_|$)/,
  second_degre: null,
};

const FILE_KIND_OF: Partial<Record<ReturnType<typeof identifyFileKind>, EffectifsFileKind>> = {
  effectifs_college: "college",
  effectifs_lycee_gt: "lycee_gt",
  effectifs_lycee_pro: "lycee_pro",
  effectifs_second_degre: "second_degre",
};

/** Which effectifs file a header belongs to. Throws `DirectoryFileError` (French) for any other file. */
export function detectEffectifsKind(headerCells: string[]): EffectifsFileKind {
  const found = identifyFileKind(headerCells);
  const kind = FILE_KIND_OF[found];
  if (!kind) {
    const expected = "un fichier d'effectifs (collèges, lycées GT, lycées professionnels ou second degré)";
    throw new DirectoryFileError(
      wrongKindMessage(expected, found, ["Numéro du collège / numero_lycee", "Rentrée scolaire", "Nombre d'élèves"]),
      "WRONG_KIND",
    );
  }
  return kind;
}

const PRO = new RegExp(
  [
    "^ (LP|SEP|CETAD) ",
    "^ LYCEE (PROF|ENSEIGNEMENT PROF|D ENSEIGNEMENT PROF|DES METIERS )",
    "^ LYC PROF",
    "^ SECTION (D )?ENSEIGN?T? PROF",
    "^ SECTION D ENSEIGNEMENT PROF",
    "^ ECOLE 2D DEGRE PROF",
  ].join("|"),
);
const GT = /^ (LGT|LG|LT) |^ LYCEE (GEN|TECHN|D ENS|ENS|CLIMATIQUE)|^ LYC (GEN|TECHN)|^ SECTION ENSEIGN?T? GEN|^ ECOLE GEN/;

/** Kind of establishment from its denomination ("LPO LYCEE DES METIERS", "ETAB.REGIONAL ENSEIGNT ADAPTE"…). */
export function classifyDenomination(denomination: string): DenominationKind {
  const d = ` ${normalizeLabel(denomination)} `;
  if (/ CITE SCOLAIRE /.test(d) || (/ COLLEGE /.test(d) && / LYCEE /.test(d))) return "cite_scolaire";
  if (/^ COLLEGE /.test(d)) return "college";
  if (/ADAPTE|^ EREA |^ ETAB(LISSEMENT)? REGIONAL /.test(d)) return "erea";
  if (/POLYVAL|^ LPO /.test(d)) return "lycee_polyvalent";
  if (PRO.test(d)) return "lycee_pro";
  if (GT.test(d)) return "lycee_gt";
  return "autre";
}

/** Scope of one figure: total when this part is, on its own, the whole population of this kind of establishment. */
export function scopeOf(part: EffectifPart, kind: DenominationKind): "total" | "partial" {
  if (part === "etablissement") return "total";
  const expected = EXPECTED_PARTS[kind];
  return expected !== null && expected.length === 1 && expected[0] === part ? "total" : "partial";
}

export interface EffectifsMapper {
  header: EffectifsHeader;
  mapRow(cells: string[], line: number): EffectifRowResult;
  rejectRow(cells: string[], line: number, reason: string): RowRejection;
  summary(decoding?: DecodeReport | null): EffectifsSummary;
}

/** Header row → mapper. `source` overrides the dataset name recorded with each figure. */
export function createEffectifsMapper(headerCells: string[], options: { source?: string } = {}): EffectifsMapper {
  const fileKind = detectEffectifsKind(headerCells);
  const index = indexHeader(headerCells);
  const uaiAt = findColumn(index, UAI_ALIASES);
  const yearAt = findColumn(index, YEAR_ALIASES);
  let pupilsAt = findColumn(index, PUPIL_ALIASES[fileKind]);
  if (pupilsAt < 0 && fileKind === "college") {
    pupilsAt = headerCells.findIndex((name) => COLLEGE_TOTAL_LONG.test(normalizeName(name)));
  }
  const denominationAt = findColumn(index, DENOMINATION_ALIASES);
  const nameAt = findColumn(index, NAME_ALIASES);
  const detail = DETAIL_COLUMNS[fileKind];
  const used = new Set([uaiAt, yearAt, pupilsAt, denominationAt, nameAt]);
  const unknownColumns = headerCells.filter((name, i) => {
    const key = normalizeName(name);
    return name && !used.has(i) && !KNOWN_IDENTITY.has(key) && !(detail && detail.test(key));
  });
  const missing = [
    uaiAt < 0 ? "numéro de l'établissement (Numéro du collège, numero_lycee, Numero_d_etablissement…)" : null,
    yearAt < 0 ? "rentrée scolaire (Rentrée scolaire, rentree_scolaire, Annee_scolaire)" : null,
    pupilsAt < 0 ? "nombre d'élèves (Nombre d'élèves total, nombre_eleves_total, nombre_d_eleves…)" : null,
  ].filter((m): m is string => m !== null);
  if (missing.length) {
    const unknown = unknownColumns.length ? ` Colonnes non reconnues : ${unknownColumns.join(", ")}.` : "";
    throw new DirectoryFileError(`Colonnes introuvables : ${missing.join(" ; ")}.${unknown}`, "MISSING_COLUMNS");
  }
  const source = options.source ?? EFFECTIFS_SOURCES[fileKind];
  const part = PART_OF_FILE[fileKind];
  const header: EffectifsHeader = {
    fileKind,
    source,
    columns: {
      uai: headerCells[uaiAt],
      year: headerCells[yearAt],
      pupils: headerCells[pupilsAt],
      denomination: denominationAt >= 0 ? headerCells[denominationAt] : null,
      name: nameAt >= 0 ? headerCells[nameAt] : null,
    },
    unknownColumns,
    messages: unknownColumns.length
      ? [`Colonnes non reconnues, ignorées : ${unknownColumns.map((c) => `« ${c} »`).join(", ")}.`]
      : [],
  };

  const seen = new Map<string, number>();
  const summary: EffectifsSummary = {
    fileKind,
    records: 0,
    rejected: 0,
    byYear: {},
    byScope: { total: 0, partial: 0 },
    decoding: null,
  };
  const reject = (line: number, uai: string | null, reason: string): RowRejection => {
    summary.rejected++;
    return { kind: "rejected", line, uai: uai || null, reason };
  };
  const cell = (cells: string[], at: number) => (at >= 0 ? cleanText(cells[at]) : "");

  return {
    header,
    mapRow(cells, line) {
      const rawUai = cell(cells, uaiAt);
      if (!rawUai) return reject(line, null, "Numéro d'établissement (UAI) manquant : ligne ignorée.");
      const checked = checkUai(rawUai);
      if (!checked.ok) return reject(line, rawUai, checked.reason);
      const uai = checked.uai;
      const year = parseSchoolYear(cell(cells, yearAt));
      if (!year.ok) return reject(line, uai, year.reason);
      const count = parseCount(cell(cells, pupilsAt));
      if (!count.ok) return reject(line, uai, count.reason);
      if (count.value === null) return reject(line, uai, `Nombre d'élèves non renseigné (${year.value}) : ligne ignorée.`);
      const key = `${uai}|${year.value}`;
      const first = seen.get(key);
      if (first !== undefined) {
        const reason = `UAI ${uai} en double pour ${year.value}, déjà lu ligne ${first} : seule la première ligne est importée.`;
        return reject(line, uai, reason);
      }
      seen.set(key, line);
      const denomination = cell(cells, denominationAt);
      const denominationKind = classifyDenomination(denomination);
      const scope = scopeOf(part, denominationKind);
      const name = fileKind === "second_degre" ? cell(cells, nameAt) : cleanText(`${denomination} ${cell(cells, nameAt)}`);
      const record: EffectifRecord = {
        uai,
        schoolYearId: year.value,
        pupilCount: count.value,
        source,
        scope,
        part,
        denominationKind,
        denomination,
        name,
        line,
      };
      summary.records++;
      summary.byScope[scope]++;
      const bucket = (summary.byYear[year.value] ??= { records: 0, pupils: 0 });
      bucket.records++;
      bucket.pupils += count.value;
      return { kind: "record", line, record, warnings: [] };
    },
    rejectRow: (cells, line, reason) => reject(line, cell(cells, uaiAt) || null, reason),
    summary: (decoding = null) => ({
      ...summary,
      decoding,
      byYear: Object.fromEntries(Object.entries(summary.byYear).map(([y, v]) => [y, { ...v }])),
      byScope: { ...summary.byScope },
    }),
  };
}

/** Streams an effectifs CSV (Buffer, string, Node Readable…): header event, one event per row, end event. */
export async function* readEffectifs(input: CsvInput, options: { source?: string } = {}): AsyncGenerator<EffectifsEvent> {
  let mapper: EffectifsMapper | null = null;
  for await (const event of readDelimited(input)) {
    if (event.kind === "header") {
      mapper = createEffectifsMapper(event.cells, options);
      yield { kind: "header", header: mapper.header };
    } else if (event.kind === "row") yield mapper!.mapRow(event.cells, event.line);
    else if (event.kind === "malformed") yield mapper!.rejectRow(event.cells, event.line, event.reason);
    else yield { kind: "end", summary: mapper!.summary(event.decoding) };
  }
}
