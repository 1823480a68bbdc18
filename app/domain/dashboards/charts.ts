// What a chart draws, as plain data shared by the server (which builds it) and the browser (which draws it).
// The same rows feed the data table and the CSV, so the three always show the same numbers. Pure.
import { DSFR_SERIES, type SeriesStyle } from "./palette.ts";
import { WORKLOAD_CATEGORIES, WORKLOAD_KEYS, formatShare, type WorkloadRow } from "./workload.ts";
import type { PanelTable } from "./table.ts";

export type Series = { key: string; label: string; style: SeriesStyle };

export type BarChartSpec = {
  kind: "bar";
  /** Bars along the vertical axis (long labels, many groups) or the horizontal one. */
  layout: "horizontal-bars" | "columns";
  stacked: boolean;
  series: Series[];
  /** One object per group: `label` and one number per series key. */
  data: ({ label: string } & Record<string, number | string | null>)[];
  valueLabel: string;
};

export type ScatterChartSpec = {
  kind: "scatter";
  series: Series[];
  xLabel: string;
  yLabel: string;
  /** One list of points per series key. */
  points: Record<string, { x: number; y: number; label: string }[]>;
};

export type ChartSpec = BarChartSpec | ScatterChartSpec;

export const seriesOf = (items: { key: string; label: string }[]): Series[] =>
  items.map((s, i) => ({ ...s, style: DSFR_SERIES[i % DSFR_SERIES.length] }));

/** Stacked bars of the mean weekly hours per referent, one bar per group. */
export function workloadChart(rows: WorkloadRow[]): BarChartSpec {
  return {
    kind: "bar",
    layout: "horizontal-bars",
    stacked: true,
    series: seriesOf(WORKLOAD_CATEGORIES.map((c) => ({ key: c.key, label: c.short }))),
    data: rows.map((r) => ({ label: r.label, ...r.means })),
    valueLabel: "Heures par semaine (moyenne par référent·e)",
  };
}

/** The data table of a workload panel: the drawn means, plus the number of bilans, the total and the share. */
export function workloadTable(rows: WorkloadRow[], groupLabel: string): PanelTable {
  return {
    columns: [
      groupLabel,
      "Bilans",
      ...WORKLOAD_CATEGORIES.map((c) => `${c.short} (h/semaine)`),
      "Total (h/semaine)",
      "Part de l'assistance (%)",
    ],
    rows: rows.map((r) => ({
      key: r.key || "none",
      cells: [
        r.label,
        r.responses,
        ...WORKLOAD_KEYS.map((k) => r.means[k]),
        r.totalMean,
        r.assistanceShare === null ? null : Math.round(r.assistanceShare * 1000) / 10,
      ],
    })),
  };
}

/** One sentence per group for the caption (the main figure, readable without the chart). */
export function workloadSummary(rows: WorkloadRow[]): string {
  return rows.map((r) => `${r.label} : part de l'assistance ${formatShare(r.assistanceShare)}`).join(" ; ");
}

/** Round axis ticks from 0 covering `max`: a step of 1, 2, 2.5 or 5 × 10^k, about `count` ticks. */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / (count - 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * power >= raw) ?? 10) * power;
  const ticks: number[] = [];
  for (let i = 0; i * step < max + step / 2 && ticks.length <= count + 1; i++) ticks.push(Math.round(i * step * 1e6) / 1e6);
  if (ticks[ticks.length - 1] < max) ticks.push(Math.round(ticks.length * step * 1e6) / 1e6);
  return ticks;
}

/** Distribution of the assistance share of the bilans, in ten bins of 10 points. */
export function histogramChart(bins: { short: string; count: number }[]): BarChartSpec {
  return {
    kind: "bar",
    layout: "columns",
    stacked: false,
    series: seriesOf([{ key: "count", label: "Bilans" }]),
    data: bins.map((b) => ({ label: b.short, count: b.count })),
    valueLabel: "Nombre de bilans",
  };
}

export function histogramTable(bins: { bin: number; label: string; count: number }[]): PanelTable {
  return {
    columns: ["Part de l'assistance dans les heures déclarées", "Bilans"],
    rows: bins.map((b) => ({ key: String(b.bin), cells: [b.label, b.count] })),
  };
}

type Participation = { key: string; label: string; invited: number; submitted: number; drafts: number; notStarted: number; rate: number | null };

/** Stacked bars: sent, in progress, not started — together the invited. */
export function participationChart(rows: Participation[]): BarChartSpec {
  return {
    kind: "bar",
    layout: "horizontal-bars",
    stacked: true,
    series: seriesOf([
      { key: "submitted", label: "Bilan envoyé" },
      { key: "drafts", label: "Bilan commencé" },
      { key: "notStarted", label: "Non commencé" },
    ]),
    data: rows.map((r) => ({ label: r.label, submitted: r.submitted, drafts: r.drafts, notStarted: r.notStarted })),
    valueLabel: "Référents invités",
  };
}

export function participationTable(rows: Participation[], groupLabel: string): PanelTable {
  return {
    columns: [groupLabel, "Invités", "Bilan envoyé", "Bilan commencé", "Non commencé", "Taux de réponse (%)"],
    rows: rows.map((r) => ({
      key: r.key || "none",
      cells: [r.label, r.invited, r.submitted, r.drafts, r.notStarted, r.rate === null ? null : Math.round(r.rate * 1000) / 10],
    })),
  };
}
