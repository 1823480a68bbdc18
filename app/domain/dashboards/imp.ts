// The IMP panel: envelopes, attributions and top-ups of the lettres de mission, per establishment and per pupil,
// IMP against the hours the referents report, and the distribution of the rates attributed. Pure.
import type { Cents } from "../imp/money.ts";
import { LEGAL_IMP_RATES_2015 } from "../imp/rates.ts";
import { seriesOf, type BarChartSpec, type ScatterChartSpec } from "./charts.ts";
import type { PanelTable } from "./table.ts";
import { LETTER_PROGRESS_LABELS, LETTER_PROGRESS_STATUSES, isSigned, type LetterProgressStatus } from "../imp/letter-progress.ts";

export const LETTER_STATUS_FILTERS = {
  toutes: "Toutes les lettres (brouillons compris)",
  signees: "Lettres signées ou validées",
  validees: "Lettres validées (DANE ou rectorat)",
} as const;
export type LetterStatusFilter = keyof typeof LETTER_STATUS_FILTERS;

export function parseLetterStatusFilter(value: string | null): LetterStatusFilter {
  return value && Object.hasOwn(LETTER_STATUS_FILTERS, value) ? (value as LetterStatusFilter) : "toutes";
}

/** Letter statuses a filter keeps. */
export function statusesOf(filter: LetterStatusFilter): string[] {
  return filter === "validees" ? ["VALIDATED"] : filter === "signees" ? ["SIGNED", "VALIDATED"] : ["DRAFT", "SUBMITTED", "SIGNED", "VALIDATED"];
}

/** Sums over the letters of one group. */
export type ImpAggregate = {
  key: string;
  label: string;
  letters: number;
  /** Envelope of the letters whose envelope is known, and how many are not. */
  envelope: Cents;
  envelopeUnknown: number;
  attributed: Cents;
  topUp: Cents;
  /** Pupils of the letters whose pupil count is known, and what those letters attribute. */
  pupils: number;
  attributedWithPupils: Cents;
};

export type ImpRow = ImpAggregate & {
  /** Euros, rounded to the cent: mean attribution per letter (establishment) and per pupil. */
  perEstablishment: number | null;
  perPupil: number | null;
  /** Attributed / envelope (0..1, to the thousandth), over the letters whose envelope is known. */
  envelopeUse: number | null;
};

const euros = (cents: number) => Math.round(cents) / 100;

export function impRow(a: ImpAggregate): ImpRow {
  return {
    ...a,
    perEstablishment: a.letters ? Math.round(a.attributed / a.letters) / 100 : null,
    perPupil: a.pupils ? Math.round((a.attributedWithPupils / a.pupils)) / 100 : null,
    envelopeUse: a.envelope ? Math.round((a.attributed / a.envelope) * 1000) / 1000 : null,
  };
}

/** Grouped bars: envelope, attributed and top-up in euros, one group per row. */
export function impTotalsChart(rows: ImpRow[]): BarChartSpec {
  return {
    kind: "bar",
    layout: "columns",
    stacked: false,
    series: seriesOf([
      { key: "envelope", label: "Enveloppe notifiée" },
      { key: "attributed", label: "IMP attribuées" },
      { key: "topUp", label: "Complément de l'établissement" },
    ]),
    data: rows.map((r) => ({ label: r.label, envelope: euros(r.envelope), attributed: euros(r.attributed), topUp: euros(r.topUp) })),
    valueLabel: "Euros par an",
  };
}

export function impTotalsTable(rows: ImpRow[], groupLabel: string): PanelTable {
  return {
    columns: [groupLabel, "Lettres", "Enveloppe notifiée (€)", "Lettres sans enveloppe calculable", "IMP attribuées (€)", "Complément de l'établissement (€)", "Part de l'enveloppe attribuée (%)"],
    rows: rows.map((r) => ({
      key: r.key || "none",
      cells: [r.label, r.letters, euros(r.envelope), r.envelopeUnknown, euros(r.attributed), euros(r.topUp), r.envelopeUse === null ? null : Math.round(r.envelopeUse * 1000) / 10],
    })),
  };
}

/** One bar per group: mean IMP per establishment, or per pupil. */
export function impMeanChart(rows: ImpRow[], per: "establishment" | "pupil"): BarChartSpec {
  return {
    kind: "bar",
    layout: "horizontal-bars",
    stacked: false,
    series: seriesOf([{ key: "value", label: per === "establishment" ? "IMP attribuées par établissement" : "IMP attribuées par élève" }]),
    data: rows.map((r) => ({ label: r.label, value: per === "establishment" ? r.perEstablishment : r.perPupil })),
    valueLabel: per === "establishment" ? "Euros par établissement et par an" : "Euros par élève et par an",
  };
}

export function impMeanTable(rows: ImpRow[], groupLabel: string): PanelTable {
  return {
    columns: [groupLabel, "Lettres", "IMP attribuées (€)", "IMP par établissement (€)", "Élèves (lettres à effectif connu)", "IMP par élève (€)"],
    rows: rows.map((r) => ({ key: r.key || "none", cells: [r.label, r.letters, euros(r.attributed), r.perEstablishment, r.pupils, r.perPupil] })),
  };
}

/** A recognition attributed to a referent: one of the legal IMP rates, another amount, or an allègement. */
export type RateCount = { impCents: number | null; relief: boolean; count: number };

export function rateLabel(r: { impCents: number | null; relief: boolean }): string {
  if (r.impCents !== null) return new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" }).format(r.impCents / 100);
  return r.relief ? "Allègement de service" : "Aucune reconnaissance";
}

/** Every legal rate appears (at zero when unused), then other amounts, then allègements and nothing. */
export function rateDistribution(counts: RateCount[]): { key: string; label: string; count: number }[] {
  const legal = LEGAL_IMP_RATES_2015.map((c) => ({ key: String(c), label: rateLabel({ impCents: c, relief: false }), count: counts.filter((x) => x.impCents === c).reduce((a, x) => a + x.count, 0) }));
  const others = counts
    .filter((x) => x.impCents !== null && !LEGAL_IMP_RATES_2015.includes(x.impCents))
    .sort((a, b) => a.impCents! - b.impCents!)
    .map((x) => ({ key: String(x.impCents), label: `${rateLabel(x)} (hors taux légaux)`, count: x.count }));
  const relief = counts.filter((x) => x.impCents === null && x.relief).reduce((a, x) => a + x.count, 0);
  const none = counts.filter((x) => x.impCents === null && !x.relief).reduce((a, x) => a + x.count, 0);
  return [...legal, ...others, ...(relief ? [{ key: "relief", label: "Allègement de service", count: relief }] : []), ...(none ? [{ key: "none", label: "Aucune reconnaissance", count: none }] : [])];
}

export function rateChart(rows: { label: string; count: number }[]): BarChartSpec {
  return {
    kind: "bar",
    layout: "columns",
    stacked: false,
    series: seriesOf([{ key: "count", label: "Référents" }]),
    data: rows.map((r) => ({ label: r.label, count: r.count })),
    valueLabel: "Nombre de référents",
  };
}

export function rateTable(rows: { key: string; label: string; count: number }[]): PanelTable {
  return { columns: ["Reconnaissance attribuée", "Référents"], rows: rows.map((r) => ({ key: r.key, cells: [r.label, r.count] })) };
}

export type ScatterPoint = { key: string; uai: string; name: string; type: string; typeLabel: string; schoolYearId: string; hours: number; imp: number };

/** IMP attributed (€) against the weekly hours the establishment's referents report, one series per type. */
export function impHoursChart(points: ScatterPoint[], typeLabels: Record<string, string>): ScatterChartSpec {
  const types = [...new Set(points.map((p) => p.type))].sort((a, b) => Object.keys(typeLabels).indexOf(a) - Object.keys(typeLabels).indexOf(b));
  return {
    kind: "scatter",
    series: seriesOf(types.map((t) => ({ key: t, label: typeLabels[t] ?? t }))),
    xLabel: "Heures hebdomadaires déclarées (tous les référents)",
    yLabel: "IMP attribuées (€ par an)",
    points: Object.fromEntries(types.map((t) => [t, points.filter((p) => p.type === t).map((p) => ({ x: p.hours, y: p.imp, label: p.name }))])),
  };
}

export function impHoursTable(points: ScatterPoint[]): PanelTable {
  return {
    columns: ["Établissement", "UAI", "Type", "Année", "Heures hebdomadaires déclarées", "IMP attribuées (€)"],
    rows: points.map((p) => ({ key: p.key, cells: [p.name, p.uai, p.typeLabel, p.schoolYearId, p.hours, p.imp] })),
  };
}

export type LetterStatusRow = { key: string; label: string; counts: Record<LetterProgressStatus, number>; total: number; signedShare: number | null };

/** Counts of letters by status per establishment type (type null = all types), in type order, "Ensemble" last. */
export function letterStatusRows(rows: { type: string | null; typeLabel: string; status: string; count: number }[], typeOrder: string[]): LetterStatusRow[] {
  const keys = [...new Set(rows.map((r) => r.type))].sort((a, b) => (a === null ? 1 : b === null ? -1 : typeOrder.indexOf(a) - typeOrder.indexOf(b)));
  return keys.map((type) => {
    const mine = rows.filter((r) => r.type === type);
    const counts = Object.fromEntries(LETTER_PROGRESS_STATUSES.map((s) => [s, mine.filter((r) => r.status === s).reduce((a, r) => a + r.count, 0)])) as Record<LetterProgressStatus, number>;
    const total = LETTER_PROGRESS_STATUSES.reduce((a, s) => a + counts[s], 0);
    const signed = LETTER_PROGRESS_STATUSES.filter(isSigned).reduce((a, s) => a + counts[s], 0);
    return { key: type ?? "total", label: mine[0]?.typeLabel ?? "Ensemble", counts, total, signedShare: total ? Math.round((signed / total) * 1000) / 1000 : null };
  });
}

export function letterStatusChart(rows: LetterStatusRow[]): BarChartSpec {
  return {
    kind: "bar",
    layout: "horizontal-bars",
    stacked: true,
    series: seriesOf(LETTER_PROGRESS_STATUSES.map((s) => ({ key: s, label: LETTER_PROGRESS_LABELS[s] }))),
    data: rows.filter((r) => r.key !== "total").map((r) => ({ label: r.label, ...r.counts })),
    valueLabel: "Établissements",
  };
}

export function letterStatusTable(rows: LetterStatusRow[]): PanelTable {
  return {
    columns: ["Type d'établissement", ...LETTER_PROGRESS_STATUSES.map((s) => LETTER_PROGRESS_LABELS[s]), "Établissements", "Part signée ou validée (%)"],
    rows: rows.map((r) => ({ key: r.key, cells: [r.label, ...LETTER_PROGRESS_STATUSES.map((s) => r.counts[s]), r.total, r.signedShare === null ? null : Math.round(r.signedShare * 1000) / 10] })),
  };
}
