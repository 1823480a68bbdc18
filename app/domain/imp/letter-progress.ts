// Progress of the lettres de mission of an académie for one school year, as the DANE follows it (issue 5,
// point 7): one line per establishment, its letter's state (or none yet), its IMP envelope against what the
// letter attributes and the establishment's own top-up, and totals. Pure: the service loads, this sums.
import type { Cents } from "./money.ts";

export type LetterProgressStatus = "NONE" | "DRAFT" | "SUBMITTED" | "SIGNED" | "VALIDATED";
export const LETTER_PROGRESS_STATUSES: readonly LetterProgressStatus[] = ["NONE", "DRAFT", "SUBMITTED", "SIGNED", "VALIDATED"];

export const LETTER_PROGRESS_LABELS: Record<LetterProgressStatus, string> = {
  NONE: "Non commencée",
  DRAFT: "Brouillon",
  SUBMITTED: "Soumise",
  SIGNED: "Signée",
  VALIDATED: "Validée",
};

/** A letter counts as signed once the chef has signed it, whether or not the rectorat has validated it yet. */
export function isSigned(status: LetterProgressStatus): boolean {
  return status === "SIGNED" || status === "VALIDATED";
}

export interface ProgressLine {
  status: LetterProgressStatus;
  /** Envelope in cents, null when it cannot be computed (no pupil count, no published rules). */
  envelope: Cents | null;
  attributed: Cents;
  topUp: Cents;
}

export interface ProgressTotals {
  establishments: number;
  byStatus: Record<LetterProgressStatus, number>;
  /** Sum of the envelopes that could be computed, and how many could not. */
  envelope: Cents;
  envelopeUnknown: number;
  attributed: Cents;
  topUp: Cents;
  /** Signed or validated letters among the establishments. */
  signed: number;
}

export function progressTotals(lines: readonly ProgressLine[]): ProgressTotals {
  const byStatus = Object.fromEntries(LETTER_PROGRESS_STATUSES.map((s) => [s, 0])) as Record<LetterProgressStatus, number>;
  let envelope = 0;
  let envelopeUnknown = 0;
  let attributed = 0;
  let topUp = 0;
  for (const line of lines) {
    byStatus[line.status]++;
    if (line.envelope === null) envelopeUnknown++;
    else envelope += line.envelope;
    attributed += line.attributed;
    topUp += line.topUp;
  }
  const signed = byStatus.SIGNED + byStatus.VALIDATED;
  return { establishments: lines.length, byStatus, envelope, envelopeUnknown, attributed, topUp, signed };
}

/** At most one reminder per establishment in this window, whoever sends it. */
export const REMINDER_INTERVAL_MS = 24 * 3600 * 1000;

export function reminderAllowed(lastReminderAt: Date | null, now: Date): boolean {
  return lastReminderAt === null || now.getTime() - lastReminderAt.getTime() >= REMINDER_INTERVAL_MS;
}
