// The national view (ADR 022): académies compared on the referents' load, participation and IMP, year over year,
// from pre-aggregated counts and sums, with small-cell suppression applied to every published table. Pure: the
// service feeds it the aggregate rows, the tests feed it hand-made ones.
//
// Suppression: each table is built from counts of referents (bilans, invited, people named in letters). A group of
// 1 to 4 is shown "< 5", and the secondary cells "s" (suppression.ts). Every other figure of a group (hours, shares,
// euros) is hidden with its count, so a published line never lets one subtract a hidden group's sums either: the
// sums follow the same lines as the counts.
import { ESTABLISHMENT_TYPE_LABELS } from "../labels.ts";
import { seriesOf, type BarChartSpec } from "./charts.ts";
import type { Cell, PanelTable } from "./table.ts";
import { round2, round3, share, WORKLOAD_KEYS, type WorkloadSums } from "./workload.ts";
import { publishedCount, suppressTable, type CellStatus } from "./suppression.ts";

export type Academy = { id: string; name: string };
export type EstablishmentTypeKey = keyof typeof ESTABLISHMENT_TYPE_LABELS;
export const TYPE_KEYS = Object.keys(ESTABLISHMENT_TYPE_LABELS) as EstablishmentTypeKey[];

export type WorkloadCell = { academyId: string; schoolYearId: string; type: EstablishmentTypeKey; responses: number; exceed: number; sums: WorkloadSums };
/** A (académie, year) group, all types together. */
export type WorkloadYearCell = Omit<WorkloadCell, "type">;
type Sums = { responses: number; exceed: number; sums: WorkloadSums };
export type ImpCell = {
  academyId: string; schoolYearId: string; letters: number; pupils: number;
  envelopeCents: number; attributedCents: number; topUpCents: number; referents: number; impReferents: number;
};
export type ParticipationCell = { academyId: string; invited: number; submitted: number };

export type NationalInput = {
  academies: Academy[];
  schoolYear: string;
  schoolYears: string[];
  /** The selected year's groups per (académie, type). */
  workload: WorkloadCell[];
  /** Every year's groups per (académie, year). */
  workloadByYear: WorkloadYearCell[];
  /** The selected year's validated letters per académie. */
  imp: ImpCell[];
  /** Every year's validated letters, nationally. */
  impByYear: { schoolYearId: string; pupils: number; attributedCents: number; referents: number }[];
  participation: ParticipationCell[];
  /** One académie's detail (types × years), when asked for, with its groups per (type, year). */
  academyId?: string;
  academyWorkload?: WorkloadCell[];
};

const NATIONAL = "France entière";
const typeLabel = (t: EstablishmentTypeKey) => ESTABLISHMENT_TYPE_LABELS[t];
const hidden = (s: CellStatus) => s !== "shown";
/** A measure of a group: its value when the group is published, its suppression mark otherwise. */
const measure = (status: CellStatus, value: number | null): Cell => (hidden(status) ? publishedCount(0, status) : value);
const count = (status: CellStatus, n: number): Cell => (hidden(status) ? publishedCount(n, status) : n);
const euros = (cents: number) => round2(cents / 100);

function sumBy<T>(items: T[], value: (t: T) => number) {
  return items.reduce((acc, t) => acc + value(t), 0);
}

/** Hours summed over cells. */
function hours(cells: Sums[]) {
  const sums = Object.fromEntries(WORKLOAD_KEYS.map((k) => [k, sumBy(cells, (c) => c.sums[k])])) as WorkloadSums;
  const responses = sumBy(cells, (c) => c.responses);
  const total = WORKLOAD_KEYS.reduce((a, k) => a + sums[k], 0);
  return {
    responses,
    exceed: sumBy(cells, (c) => c.exceed),
    assistanceMean: responses ? round2(sums.assistance / responses) : null,
    pedagogicalMean: responses ? round2(sums.pedagogical_support / responses) : null,
    assistanceShare: total > 0 ? round3(sums.assistance / total) : null,
  };
}

/** The load panel: académies (rows) × establishment types (columns) of the selected year. */
function loadPanels(input: NationalInput) {
  const cells = input.workload.filter((c) => c.schoolYearId === input.schoolYear);
  const types = TYPE_KEYS.filter((t) => cells.some((c) => c.type === t && c.responses > 0));
  const academies = input.academies.filter((a) => cells.some((c) => c.academyId === a.id && c.responses > 0));
  const at = (a: string, t: string) => cells.filter((c) => c.academyId === a && c.type === t);
  const counts = academies.map((a) => types.map((t) => sumBy(at(a.id, t), (c) => c.responses)));
  const p = suppressTable(counts);

  const countsTable: PanelTable = {
    columns: ["Académie", ...types.map(typeLabel), "Ensemble"],
    rows: [
      ...academies.map((a, i) => ({
        key: a.id,
        cells: [a.name, ...counts[i].map((n, j) => count(p.cells[i][j], n)), count(p.rowTotals[i], sumBy(counts[i], (n) => n))] as Cell[],
      })),
      {
        key: "total",
        cells: [NATIONAL, ...types.map((_, j) => count(p.columnTotals[j], sumBy(counts, (r) => r[j]))), count(p.grandTotal, sumBy(counts.flat(), (n) => n))],
      },
    ],
  };

  // Académie rows of the indicators: the académie's figures follow its row total's status.
  const line = (key: string, label: string, status: CellStatus, group: WorkloadCell[]) => {
    const h = hours(group);
    return {
      key,
      cells: [label, count(status, h.responses), measure(status, h.assistanceMean), measure(status, h.pedagogicalMean), measure(status, h.assistanceShare === null ? null : round2(h.assistanceShare * 100)), measure(status, h.responses ? round2((h.exceed / h.responses) * 100) : null)] as Cell[],
      chart: { label, assistance: hidden(status) ? null : h.assistanceMean, pedagogical_support: hidden(status) ? null : h.pedagogicalMean },
    };
  };
  const lines = [
    ...academies.map((a, i) => line(a.id, a.name, p.rowTotals[i], cells.filter((c) => c.academyId === a.id))),
    line("total", NATIONAL, p.grandTotal, cells.filter((c) => academies.some((a) => a.id === c.academyId))),
  ];
  const indicators: PanelTable = {
    columns: ["Académie", "Bilans", "Assistance (h/semaine, moyenne)", "Accompagnement pédagogique (h/semaine, moyenne)", "Part de l'assistance (%)", "Bilans où l'assistance dépasse l'accompagnement (%)"],
    rows: lines.map(({ key, cells }) => ({ key, cells })),
  };
  const chart: BarChartSpec = {
    kind: "bar",
    layout: "horizontal-bars",
    stacked: false,
    series: seriesOf([{ key: "assistance", label: "Assistance" }, { key: "pedagogical_support", label: "Accompagnement pédagogique" }]),
    data: lines.map((l) => l.chart),
    valueLabel: "Heures par semaine (moyenne par référent·e)",
  };
  return { counts: countsTable, indicators, chart, suppressed: p.cells.flat().filter(hidden).length + p.rowTotals.filter(hidden).length };
}

/** Participation of the selected year: answered and not answered per académie (both are counts of people). */
function participationPanel(input: NationalInput) {
  const rows = input.academies
    .map((a) => ({ a, c: input.participation.find((p) => p.academyId === a.id) }))
    .filter((r): r is { a: Academy; c: ParticipationCell } => Boolean(r.c && r.c.invited > 0));
  const counts = rows.map(({ c }) => [c.submitted, c.invited - c.submitted]);
  const p = suppressTable(counts);
  const rate = (status: CellStatus, submitted: number, invited: number) => measure(status, invited ? round2((submitted / invited) * 100) : null);
  const totalSubmitted = sumBy(counts, (r) => r[0]);
  const totalMissing = sumBy(counts, (r) => r[1]);
  const table: PanelTable = {
    columns: ["Académie", "Bilans envoyés", "Bilans non envoyés", "Référents invités", "Taux de réponse (%)"],
    rows: [
      ...rows.map(({ a, c }, i) => ({
        key: a.id,
        cells: [a.name, count(p.cells[i][0], c.submitted), count(p.cells[i][1], c.invited - c.submitted), count(p.rowTotals[i], c.invited), rate(hidden(p.cells[i][0]) ? p.cells[i][0] : p.rowTotals[i], c.submitted, c.invited)] as Cell[],
      })),
      { key: "total", cells: [NATIONAL, count(p.columnTotals[0], totalSubmitted), count(p.columnTotals[1], totalMissing), count(p.grandTotal, totalSubmitted + totalMissing), rate(hidden(p.columnTotals[0]) ? p.columnTotals[0] : p.grandTotal, totalSubmitted, totalSubmitted + totalMissing)] },
    ],
  };
  const chart: BarChartSpec = {
    kind: "bar",
    layout: "horizontal-bars",
    stacked: false,
    series: seriesOf([{ key: "rate", label: "Taux de réponse (%)" }]),
    data: table.rows.map((r) => ({ label: String(r.cells[0]), rate: typeof r.cells[4] === "number" ? r.cells[4] : null })),
    valueLabel: "Taux de réponse (%)",
  };
  return { table, chart };
}

/** IMP of the validated letters of the selected year, per académie: the people named are the protected count. */
function impPanel(input: NationalInput) {
  const cells = input.imp.filter((c) => c.schoolYearId === input.schoolYear);
  const academies = input.academies.filter((a) => cells.some((c) => c.academyId === a.id && c.letters > 0));
  const groups = academies.map((a) => cells.filter((c) => c.academyId === a.id));
  const p = suppressTable(groups.map((g) => [sumBy(g, (c) => c.referents)]));
  const line = (key: string, label: string, status: CellStatus, g: ImpCell[]) => {
    const letters = sumBy(g, (c) => c.letters);
    const pupils = sumBy(g, (c) => c.pupils);
    const attributed = sumBy(g, (c) => c.attributedCents);
    const envelope = sumBy(g, (c) => c.envelopeCents);
    return {
      key,
      cells: [
        label, measure(status, letters), count(status, sumBy(g, (c) => c.referents)), measure(status, euros(envelope)), measure(status, euros(attributed)),
        measure(status, letters ? euros(attributed / letters) : null), measure(status, pupils ? round2(attributed / 100 / pupils) : null),
        measure(status, share(attributed, envelope) === null ? null : round2((attributed / envelope) * 100)),
      ] as Cell[],
    };
  };
  const table: PanelTable = {
    columns: ["Académie", "Lettres validées", "Référents nommés", "Enveloppes (€)", "IMP attribuées (€)", "IMP par établissement (€)", "IMP par élève (€)", "Part de l'enveloppe attribuée (%)"],
    rows: [...academies.map((a, i) => line(a.id, a.name, p.rowTotals[i], groups[i])), line("total", NATIONAL, p.grandTotal, groups.flat())],
  };
  const chart: BarChartSpec = {
    kind: "bar",
    layout: "horizontal-bars",
    stacked: false,
    series: seriesOf([{ key: "perPupil", label: "IMP par élève (€)" }]),
    data: table.rows.map((r) => ({ label: String(r.cells[0]), perPupil: typeof r.cells[6] === "number" ? r.cells[6] : null })),
    valueLabel: "IMP attribuées par élève (€)",
  };
  return { table, chart };
}

/** Year over year: bilans per académie and year (suppressed), and the national figures per year. */
function yearPanels(input: NationalInput) {
  const years = [...input.schoolYears].sort();
  // One pass to group the cells: the tables below read 30 académies × 10 years of them.
  const byAcademyYear = new Map<string, WorkloadYearCell[]>();
  const byYear = new Map<string, WorkloadYearCell[]>();
  for (const c of input.workloadByYear) {
    const key = `${c.academyId}|${c.schoolYearId}`;
    byAcademyYear.set(key, [...(byAcademyYear.get(key) ?? []), c]);
  }
  const academies = input.academies.filter((a) => years.some((y) => (byAcademyYear.get(`${a.id}|${y}`) ?? []).some((c) => c.responses > 0)));
  for (const a of academies) for (const y of years) byYear.set(y, [...(byYear.get(y) ?? []), ...(byAcademyYear.get(`${a.id}|${y}`) ?? [])]);
  const cellsOf = (a: string, y: string) => byAcademyYear.get(`${a}|${y}`) ?? [];
  const counts = academies.map((a) => years.map((y) => sumBy(cellsOf(a.id, y), (c) => c.responses)));
  const p = suppressTable(counts);
  const shares = academies.map((a, i) => years.map((y, j) => {
    const h = hours(cellsOf(a.id, y));
    return measure(p.cells[i][j], h.assistanceShare === null ? null : round2(h.assistanceShare * 100));
  }));
  const byAcademy: PanelTable = {
    columns: ["Académie", ...years.map((y) => `${y} : bilans`), ...years.map((y) => `${y} : part de l'assistance (%)`)],
    rows: academies.map((a, i) => ({ key: a.id, cells: [a.name, ...counts[i].map((n, j) => count(p.cells[i][j], n)), ...shares[i]] })),
  };
  const national = years.map((y, j) => {
    const h = hours(byYear.get(y) ?? []);
    const imp = input.impByYear.filter((c) => c.schoolYearId === y);
    const pupils = sumBy(imp, (c) => c.pupils);
    const attributed = sumBy(imp, (c) => c.attributedCents);
    const shown = !hidden(p.columnTotals[j]);
    return {
      key: y,
      cells: [y, count(p.columnTotals[j], h.responses), shown ? h.assistanceMean : publishedCount(0, p.columnTotals[j]), shown ? h.pedagogicalMean : publishedCount(0, p.columnTotals[j]),
        shown && h.assistanceShare !== null ? round2(h.assistanceShare * 100) : shown ? null : publishedCount(0, p.columnTotals[j]),
        sumBy(imp, (c) => c.referents) >= 5 && pupils ? round2(attributed / 100 / pupils) : null] as Cell[],
      chart: { label: y, assistance: shown ? h.assistanceMean : null, pedagogical_support: shown ? h.pedagogicalMean : null },
    };
  });
  const nationalTable: PanelTable = {
    columns: ["Année scolaire", "Bilans", "Assistance (h/semaine, moyenne)", "Accompagnement pédagogique (h/semaine, moyenne)", "Part de l'assistance (%)", "IMP attribuées par élève (€, lettres validées)"],
    rows: national.map(({ key, cells }) => ({ key, cells })),
  };
  const chart: BarChartSpec = {
    kind: "bar",
    layout: "columns",
    stacked: false,
    series: seriesOf([{ key: "assistance", label: "Assistance" }, { key: "pedagogical_support", label: "Accompagnement pédagogique" }]),
    data: national.map((n) => n.chart),
    valueLabel: "Heures par semaine (moyenne par référent·e)",
  };
  return { byAcademy, national: nationalTable, chart };
}

/** One académie in detail: its bilans per establishment type and year (suppressed). */
function academyDetail(input: NationalInput, academyId: string) {
  const cells = (input.academyWorkload ?? []).filter((c) => c.academyId === academyId);
  const years = [...input.schoolYears].sort().filter((y) => cells.some((c) => c.schoolYearId === y && c.responses > 0));
  const types = TYPE_KEYS.filter((t) => cells.some((c) => c.type === t && c.responses > 0));
  const counts = types.map((t) => years.map((y) => sumBy(cells.filter((c) => c.type === t && c.schoolYearId === y), (c) => c.responses)));
  const p = suppressTable(counts);
  const table: PanelTable = {
    columns: ["Type d'établissement", ...years, "Ensemble"],
    rows: [
      ...types.map((t, i) => ({ key: t, cells: [typeLabel(t), ...counts[i].map((n, j) => count(p.cells[i][j], n)), count(p.rowTotals[i], sumBy(counts[i], (n) => n))] as Cell[] })),
      { key: "total", cells: ["Ensemble", ...years.map((_, j) => count(p.columnTotals[j], sumBy(counts, (r) => r[j]))), count(p.grandTotal, sumBy(counts.flat(), (n) => n))] },
    ],
  };
  const chart: BarChartSpec = {
    kind: "bar",
    layout: "columns",
    stacked: true,
    series: seriesOf(types.map((t) => ({ key: t, label: typeLabel(t) }))),
    data: years.map((y, j) => ({ label: y, ...Object.fromEntries(types.map((t, i) => [t, hidden(p.cells[i][j]) ? null : counts[i][j]])) })),
    valueLabel: "Bilans envoyés",
  };
  return { table, chart };
}

export function nationalView(input: NationalInput) {
  const academy = input.academyId ? input.academies.find((a) => a.id === input.academyId) ?? null : null;
  return {
    schoolYear: input.schoolYear,
    load: loadPanels(input),
    participation: participationPanel(input),
    imp: impPanel(input),
    years: yearPanels(input),
    academy: academy ? { ...academy, ...academyDetail(input, academy.id) } : null,
  };
}

export type NationalView = ReturnType<typeof nationalView>;
