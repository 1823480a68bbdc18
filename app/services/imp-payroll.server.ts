// Payroll export of the IMP of validated lettres de mission (issue 5, point 6; ADR 009b): for one académie and
// school year, one line per person paid (the IMP holders and the people who take over an IMP), one column
// per month that carries a payment, the total per line and per month. CSV (French spreadsheet: ";", decimal
// comma, UTF-8 with BOM) and XLSX (amounts as numbers; a second sheet per establishment; the anomalies).
import ExcelJS from "exceljs";
import { db } from "../db/db.server.ts";
import { type PayrollLine, letterPayroll, monthHeader, monthKey, paymentMonths, staffStatusLabel } from "../domain/imp/payroll.ts";
import type { YearMonth } from "../domain/imp/school-month.ts";

export type PayrollEstablishment = {
  uai: string;
  name: string;
  letterId: string;
  envelopeCents: number | null;
  topUpCents: number;
  attributedCents: number;
  lines: PayrollLine[];
  problems: string[];
};

export type Payroll = {
  academy: { name: string; code: string };
  schoolYearId: string;
  establishments: PayrollEstablishment[];
  months: YearMonth[];
  totalCents: number;
  lineCount: number;
};

const iso = (date: Date | null) => (date ? date.toISOString().slice(0, 10) : null);

/** The payments of every IMP attribution of the académie's VALIDATED letters of the year. */
export async function payrollOf(academy: { id: string; name: string; code: string }, schoolYearId: string): Promise<Payroll> {
  const letters = await db.missionLetter.findMany({
    where: { schoolYearId, status: "VALIDATED", establishment: { academyId: academy.id } },
    orderBy: [{ establishment: { name: "asc" } }, { establishment: { uai: "asc" } }],
    select: {
      id: true, envelopeCents: true, topUpCents: true, attributedCents: true,
      establishment: { select: { uai: true, name: true } },
      attributions: { orderBy: { position: "asc" } },
    },
  });
  const establishments = letters.map((letter): PayrollEstablishment => {
    const { lines, problems } = letterPayroll(
      letter.attributions.map((a) => ({
        firstName: a.firstName,
        lastName: a.lastName,
        email: a.email,
        staffStatus: a.staffStatus,
        impCents: a.impCents,
        startsOn: iso(a.startsOn),
        endsOn: iso(a.endsOn),
        replacesEmail: a.replacesEmail,
      })),
      schoolYearId,
    );
    return {
      uai: letter.establishment.uai,
      name: letter.establishment.name,
      letterId: letter.id,
      envelopeCents: letter.envelopeCents,
      topUpCents: letter.topUpCents,
      attributedCents: letter.attributedCents,
      lines,
      problems,
    };
  });
  const all = establishments.flatMap((e) => e.lines);
  return {
    academy: { name: academy.name, code: academy.code },
    schoolYearId,
    establishments,
    months: paymentMonths(all),
    totalCents: all.reduce((sum, l) => sum + l.total, 0),
    lineCount: all.length,
  };
}

export const PAYROLL_FIXED_HEADERS = ["UAI", "Établissement", "Nom", "Prénom", "Adresse électronique", "Statut", "Taux annuel (€)", "Modalité de versement"];
export const PAYROLL_TOTAL_HEADER = "Total versé (€)";
export const PAYROLL_TOTAL_LABEL = "Total de l'académie";

export function payrollFileName(payroll: Payroll, extension: "csv" | "xlsx"): string {
  return `versements-imp-${payroll.academy.code}-${payroll.schoolYearId}.${extension}`;
}

type Cell = string | number | null;

/** The export's table as values (amounts in cents), shared by the CSV and the XLSX. */
function table(payroll: Payroll): { header: string[]; rows: Cell[][]; total: Cell[] } {
  const header = [...PAYROLL_FIXED_HEADERS, ...payroll.months.map(monthHeader), PAYROLL_TOTAL_HEADER];
  const rows = payroll.establishments.flatMap((e) =>
    e.lines.map((l) => {
      const byMonth = new Map(l.payments.map((p) => [monthKey(p.month), p.amount]));
      return [
        e.uai, e.name, l.lastName, l.firstName, l.email, staffStatusLabel(l.staffStatus), l.annualRate, l.note,
        ...payroll.months.map((m) => byMonth.get(monthKey(m)) ?? null),
        l.total,
      ];
    }),
  );
  const monthTotals = payroll.months.map((m) => {
    const key = monthKey(m);
    return payroll.establishments.reduce((sum, e) => sum + e.lines.reduce((s, l) => s + (l.payments.find((p) => monthKey(p.month) === key)?.amount ?? 0), 0), 0);
  });
  const total: Cell[] = ["", PAYROLL_TOTAL_LABEL, "", "", "", "", null, "", ...monthTotals, payroll.totalCents];
  return { header, rows, total };
}

/** "1250,00": decimal comma, no thousands separator, so French spreadsheets read it as a number. */
export function csvAmount(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)},${String(abs % 100).padStart(2, "0")}`;
}

function csvField(value: Cell): string {
  let text = value === null ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const AMOUNT_FROM = PAYROLL_FIXED_HEADERS.indexOf("Taux annuel (€)");

export function payrollCsv(payroll: Payroll): string {
  const { header, rows, total } = table(payroll);
  const line = (cells: Cell[]) =>
    cells.map((c, i) => csvField(typeof c === "number" && (i === AMOUNT_FROM || i >= PAYROLL_FIXED_HEADERS.length) ? csvAmount(c) : c)).join(";") + "\r\n";
  return "\uFEFF" + [header, ...rows, total].map(line).join("");
}

const EUROS_FORMAT = '#,##0.00 "€"';

export async function payrollXlsx(payroll: Payroll): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Plateforme RUPN";
  const { header, rows, total } = table(payroll);
  const sheet = workbook.addWorksheet("Versements IMP", { views: [{ state: "frozen", ySplit: 1, xSplit: 2 }] });
  const euros = (cells: Cell[]) => cells.map((c, i) => (typeof c === "number" && (i === AMOUNT_FROM || i >= PAYROLL_FIXED_HEADERS.length) ? c / 100 : c));
  sheet.addRow(header).font = { bold: true };
  for (const row of rows) sheet.addRow(euros(row));
  sheet.addRow(euros(total)).font = { bold: true };
  header.forEach((_, i) => {
    const column = sheet.getColumn(i + 1);
    if (i === AMOUNT_FROM || i >= PAYROLL_FIXED_HEADERS.length) {
      column.numFmt = EUROS_FORMAT;
      column.width = 14;
    } else column.width = i === 7 ? 50 : i === 1 || i === 4 ? 32 : 16;
  });

  const byEstablishment = workbook.addWorksheet("Par établissement", { views: [{ state: "frozen", ySplit: 1 }] });
  byEstablishment.addRow(["UAI", "Établissement", "Enveloppe (€)", "Complément (€)", "IMP attribuées (€)", "Total versé (€)", "Bénéficiaires"]).font = { bold: true };
  for (const e of payroll.establishments) {
    byEstablishment.addRow([
      e.uai, e.name, e.envelopeCents === null ? null : e.envelopeCents / 100, e.topUpCents / 100, e.attributedCents / 100,
      e.lines.reduce((s, l) => s + l.total, 0) / 100, e.lines.length,
    ]);
  }
  [3, 4, 5, 6].forEach((c) => (byEstablishment.getColumn(c).numFmt = EUROS_FORMAT));
  byEstablishment.getColumn(2).width = 40;

  const problems = payroll.establishments.flatMap((e) => e.problems.map((p) => [e.uai, e.name, p]));
  if (problems.length) {
    const sheetProblems = workbook.addWorksheet("Anomalies");
    sheetProblems.addRow(["UAI", "Établissement", "IMP non exportée"]).font = { bold: true };
    for (const p of problems) sheetProblems.addRow(p);
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
