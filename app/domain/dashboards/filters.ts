// Dashboard filters: read from the URL (so a view can be shared) and written back into links. Pure.

export const ESTABLISHMENT_TYPES = ["COLLEGE", "LYCEE", "LYCEE_PRO", "EREA", "OTHER"] as const;
export type EstablishmentTypeName = (typeof ESTABLISHMENT_TYPES)[number];
export const REFERENT_BUCKETS = ["1", "2", "3+"] as const;
export type ReferentBucket = (typeof REFERENT_BUCKETS)[number];
export const PRIORITY_VALUES = ["REP+", "REP", "hors"] as const;
export const ZONE_LEVELS = ["departement", "bassin"] as const;
export type ZoneLevel = (typeof ZONE_LEVELS)[number];

export type DashboardFilters = {
  /** Restrict to one académie of the actor's scope (only offered when the scope holds several). */
  academyId?: string;
  /** School years the bilans are about; empty means "the latest year with data" (resolved by the service). */
  schoolYears: string[];
  types: EstablishmentTypeName[];
  departmentCode?: string;
  basinCode?: string;
  sector?: "PUBLIC" | "PRIVATE";
  priority?: (typeof PRIORITY_VALUES)[number];
  /** Number of referents declared in the bilan (`context.referent_count`). */
  referents?: ReferentBucket;
  /** Breakdown level of the "by zone" panels. */
  zoneLevel: ZoneLevel;
};

const yearRe = /^\d{4}-\d{4}$/;
const codeRe = /^[\w.+-]{1,20}$/;
const idRe = /^[\w-]{1,40}$/;
// Plain checks rather than a schema library: this module ships to the browser with the filter form.
const oneOf = <T extends string>(values: readonly T[], v: string | undefined): T | undefined => (values as readonly string[]).includes(v ?? "") ? (v as T) : undefined;
const matching = (re: RegExp, v: string | undefined) => (v !== undefined && re.test(v.trim()) ? v.trim() : undefined);

/** Unknown or malformed values are dropped (a shared link never errors); lists keep their valid members. */
export function parseDashboardFilters(params: URLSearchParams): DashboardFilters {
  const first = (key: string) => params.get(key) || undefined;
  const schoolYears = [...new Set(params.getAll("annee").filter((y) => yearRe.test(y) && Number(y.slice(5)) === Number(y.slice(0, 4)) + 1))].sort();
  const types = [...new Set(params.getAll("type"))].filter((t): t is EstablishmentTypeName => (ESTABLISHMENT_TYPES as readonly string[]).includes(t));
  return {
    academyId: matching(idRe, first("academie")),
    schoolYears,
    types: ESTABLISHMENT_TYPES.filter((t) => types.includes(t)),
    departmentCode: matching(codeRe, first("departement")),
    basinCode: matching(codeRe, first("bassin")),
    sector: oneOf(["PUBLIC", "PRIVATE"] as const, first("secteur")),
    priority: oneOf(PRIORITY_VALUES, first("ep")),
    referents: oneOf(REFERENT_BUCKETS, first("referents")),
    zoneLevel: oneOf(ZONE_LEVELS, first("decoupage")) ?? "departement",
  };
}

/** The query string of a filter set (stable order), e.g. for links that keep the current view. */
export function filtersToSearch(f: DashboardFilters, extra: Record<string, string | undefined> = {}): string {
  const p = new URLSearchParams();
  if (f.academyId) p.set("academie", f.academyId);
  for (const y of f.schoolYears) p.append("annee", y);
  for (const t of f.types) p.append("type", t);
  if (f.departmentCode) p.set("departement", f.departmentCode);
  if (f.basinCode) p.set("bassin", f.basinCode);
  if (f.sector) p.set("secteur", f.sector);
  if (f.priority) p.set("ep", f.priority);
  if (f.referents) p.set("referents", f.referents);
  if (f.zoneLevel !== "departement") p.set("decoupage", f.zoneLevel);
  for (const [k, v] of Object.entries(extra)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : "";
}

/** Referent bucket of a declared count: 1, 2, or 3 and more. */
export function referentBucket(count: number): ReferentBucket {
  return count >= 3 ? "3+" : count >= 2 ? "2" : "1";
}

export const REFERENT_BUCKET_LABELS: Record<ReferentBucket, string> = { "1": "1 référent·e", "2": "2 référent·es", "3+": "3 référent·es ou plus" };
export const PRIORITY_LABELS: Record<(typeof PRIORITY_VALUES)[number], string> = { "REP+": "REP+", REP: "REP", hors: "Hors éducation prioritaire" };

/** Orders of the "assistance above accompaniment" table (`tri` in the URL), with their French labels. */
export const EXCEEDING_SORT_LABELS = {
  ecart: "écart décroissant",
  part: "part de l'assistance décroissante",
  assistance: "heures d'assistance décroissantes",
  nom: "nom de l'établissement",
  annee: "année, la plus récente d'abord",
} as const;
export type ExceedingSort = keyof typeof EXCEEDING_SORT_LABELS;
export function parseExceedingSort(value: string | null): ExceedingSort {
  return value && Object.hasOwn(EXCEEDING_SORT_LABELS, value) ? (value as ExceedingSort) : "ecart";
}
