// Payroll lines of the IMP attributions of one validated lettre de mission (issue 5, point 6): who is paid how
// much in which month, from the attributions as stored (ImpAttribution rows) and the schedule rules of
// payments.ts. A referent who replaces another (replacesEmail + startsOn) takes over the IMP of the person
// replaced from that day: the replaced person's row carries the amount, the payments move (handover).
// Allègements de service are not paid: they are not payroll lines.
import type { Cents } from "./money.ts";
import { type Handover, type Payment, paymentSchedule } from "./payments.ts";
import { type CalendarDay, type YearMonth, formatDay, formatMonth, monthOrdinal } from "./school-month.ts";

export interface PayrollAttribution {
  firstName: string;
  lastName: string;
  /** Identifies the person within the letter (lower case). */
  email: string;
  staffStatus: string;
  impCents: Cents | null;
  /** ISO days "YYYY-MM-DD"; null = from the rentrée / to the end of the school year. */
  startsOn: string | null;
  endsOn: string | null;
  replacesEmail: string | null;
}

export interface PayrollLine {
  firstName: string;
  lastName: string;
  email: string;
  staffStatus: string;
  /** The annual IMP the payments come from (the replaced person's IMP for a replacing person). */
  annualRate: Cents;
  role: "HOLDER" | "REPLACEMENT";
  /** French: how the amount is paid (ninths, after service, replacement from a date). */
  note: string;
  payments: { month: YearMonth; amount: Cents }[];
  total: Cents;
}

export interface LetterPayroll {
  lines: PayrollLine[];
  /** French messages for IMPs whose schedule cannot be computed (not exported as payments). */
  problems: string[];
}

export const STAFF_STATUS_LABELS: Record<string, string> = {
  enseignant: "Enseignant·e",
  cpe: "CPE",
  documentaliste: "Professeur·e documentaliste",
};

export function staffStatusLabel(status: string): string {
  return STAFF_STATUS_LABELS[status] ?? status;
}

const fullName = (a: Pick<PayrollAttribution, "firstName" | "lastName">) => `${a.firstName} ${a.lastName}`.trim();

function toDay(iso: string): CalendarDay {
  const [year, month, day] = iso.split("-").map(Number);
  return { year, month, day };
}

function toMonth(iso: string | null): YearMonth | undefined {
  if (!iso) return undefined;
  const { year, month } = toDay(iso);
  return { year, month };
}

/** Every payroll line of one letter: the IMP holders, then the people who take over an IMP, in letter order. */
export function letterPayroll(attributions: readonly PayrollAttribution[], schoolYear: string): LetterPayroll {
  const lines: PayrollLine[] = [];
  const problems: string[] = [];
  const holders = attributions.filter((a) => a.impCents !== null && a.impCents > 0 && !a.replacesEmail);
  for (const holder of holders) {
    const replacements = attributions
      .filter((a) => a.replacesEmail?.toLowerCase() === holder.email.toLowerCase() && a.startsOn)
      .sort((a, b) => (a.startsOn! < b.startsOn! ? -1 : 1));
    const handovers: Handover[] = replacements.map((r) => ({ from: toDay(r.startsOn!), to: r.email.toLowerCase() }));
    const result = paymentSchedule({
      schoolYear,
      annualAmount: holder.impCents!,
      holder: holder.email.toLowerCase(),
      start: toMonth(holder.startsOn),
      end: toMonth(holder.endsOn),
      handovers,
    });
    if (!result.ok) {
      problems.push(`IMP de ${fullName(holder)} (${holder.email}) : ${result.error.message}`);
      continue;
    }
    const paidTo = (email: string) => result.payments.filter((p) => p.payee === email.toLowerCase());
    const basis = result.fullYear
      ? "année complète, neuf neuvièmes de novembre à juillet"
      : `mission ${periodText(holder)}, versée après service fait`;
    const replacedBy = replacements.map((r) => `remplacé·e par ${fullName(r)} à partir du ${formatDay(toDay(r.startsOn!))}`);
    lines.push(line(holder, holder.impCents!, "HOLDER", [basis, ...replacedBy].join(" ; "), paidTo(holder.email)));
    for (const replacement of replacements) {
      const note = `remplace ${fullName(holder)} à partir du ${formatDay(toDay(replacement.startsOn!))} (${basis})`;
      lines.push(line(replacement, holder.impCents!, "REPLACEMENT", note, paidTo(replacement.email)));
    }
  }
  return { lines, problems };
}

function periodText(holder: PayrollAttribution): string {
  const from = holder.startsOn ? `du ${formatDay(toDay(holder.startsOn))}` : "de la rentrée";
  const to = holder.endsOn ? `au ${formatDay(toDay(holder.endsOn))}` : "à la fin de l'année";
  return `${from} ${to}`;
}

function line(person: PayrollAttribution, annualRate: Cents, role: PayrollLine["role"], note: string, payments: Payment[]): PayrollLine {
  return {
    firstName: person.firstName,
    lastName: person.lastName,
    email: person.email,
    staffStatus: person.staffStatus,
    annualRate,
    role,
    note,
    payments: payments.map((p) => ({ month: p.month, amount: p.amount })),
    total: payments.reduce((sum, p) => sum + p.amount, 0),
  };
}

export const monthKey = (month: YearMonth) => `${month.year}-${String(month.month).padStart(2, "0")}`;

/** The months that carry at least one payment, in calendar order (the export's month columns). */
export function paymentMonths(lines: readonly PayrollLine[]): YearMonth[] {
  const seen = new Map<string, YearMonth>();
  for (const l of lines) for (const p of l.payments) seen.set(monthKey(p.month), p.month);
  return [...seen.values()].sort((a, b) => monthOrdinal(a) - monthOrdinal(b));
}

export function monthHeader(month: YearMonth): string {
  return formatMonth(month);
}
