// The time split of the referents (bilan indicators `workload.*`): categories, means and shares, the
// assistance-share histogram. Pure: the service feeds it SQL aggregates, the tests feed it hand-made ones.
import { formatHours as formatHoursFr } from "../format/fr.ts";
export const WORKLOAD_CATEGORIES = [
  { key: "pedagogical_support", indicator: "workload.pedagogical_support", label: "Accompagnement des pratiques pédagogiques", short: "Accompagnement pédagogique" },
  { key: "leadership_advice", indicator: "workload.leadership_advice", label: "Conseil à la direction et pilotage", short: "Conseil à la direction" },
  { key: "assistance", indicator: "workload.assistance", label: "Assistance et maintenance de niveau 1", short: "Assistance" },
  { key: "online_services", indicator: "workload.online_services", label: "Administration des services en ligne", short: "Services en ligne" },
  { key: "communication", indicator: "workload.communication", label: "Communication et relais de la DANE", short: "Communication" },
  { key: "training", indicator: "workload.training", label: "Formation suivie", short: "Formation suivie" },
] as const;

export type WorkloadKey = (typeof WORKLOAD_CATEGORIES)[number]["key"];
export const WORKLOAD_KEYS = WORKLOAD_CATEGORIES.map((c) => c.key) as WorkloadKey[];
export type WorkloadSums = Record<WorkloadKey, number>;

/** Sums of weekly hours over `responses` bilans of one group (one bar). */
export type WorkloadAggregate = { key: string; label: string; responses: number; sums: WorkloadSums };

export type WorkloadRow = {
  key: string;
  label: string;
  responses: number;
  /** Mean weekly hours per referent, per category, rounded to the hundredth (what the bar shows). */
  means: WorkloadSums;
  totalMean: number;
  /** Share of assistance in all declared hours of the group (0..1, rounded to the thousandth). */
  assistanceShare: number | null;
};

export const round2 = (x: number) => Math.round(x * 100) / 100;
export const round3 = (x: number) => Math.round(x * 1000) / 1000;

export function sumHours(s: WorkloadSums): number {
  return WORKLOAD_KEYS.reduce((acc, k) => acc + s[k], 0);
}

export function workloadRow(a: WorkloadAggregate): WorkloadRow {
  const means = Object.fromEntries(WORKLOAD_KEYS.map((k) => [k, a.responses ? round2(a.sums[k] / a.responses) : 0])) as WorkloadSums;
  const total = sumHours(a.sums);
  return {
    key: a.key,
    label: a.label,
    responses: a.responses,
    means,
    totalMean: a.responses ? round2(total / a.responses) : 0,
    assistanceShare: total > 0 ? round3(a.sums.assistance / total) : null,
  };
}

/** Ten bins of 10 points: [0 %, 10 %[, …, [90 %, 100 %] (100 % falls in the last one). */
export const SHARE_BINS = 10;

/** Bin of a bilan's assistance share, or null when it declares no hours at all. Same arithmetic as the SQL. */
export function assistanceBin(assistance: number, total: number): number | null {
  if (!(total > 0)) return null;
  return Math.min(Math.floor((10 * assistance) / total), SHARE_BINS - 1);
}

export function binLabel(bin: number): string {
  return bin === SHARE_BINS - 1 ? "90 à 100 %" : `${bin * 10} à moins de ${(bin + 1) * 10} %`;
}

export function binShortLabel(bin: number): string {
  return `${bin * 10}–${(bin + 1) * 10} %`;
}

/** The histogram with every bin present (empty bins at zero), in order. */
export function histogram(counts: { bin: number; count: number }[]): { bin: number; label: string; short: string; count: number }[] {
  return Array.from({ length: SHARE_BINS }, (_, bin) => ({
    bin,
    label: binLabel(bin),
    short: binShortLabel(bin),
    count: counts.filter((c) => c.bin === bin).reduce((acc, c) => acc + c.count, 0),
  }));
}

/** Share (0..1, rounded to the thousandth) of a count, or null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? round3(part / whole) : null;
}

const percentFormat = new Intl.NumberFormat("fr-FR", { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function formatShare(x: number | null): string {
  return x === null ? "—" : percentFormat.format(x);
}

export function formatHours(x: number | null): string {
  return x === null ? "—" : formatHoursFr(x);
}
