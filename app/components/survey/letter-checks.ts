// The IMP checks of a letter as shown in the page (computed on the server, see domain/imp/letter.ts), and where
// each blocking one belongs in the form: next to the amount, date or address it is about (issue 16, item 8).
import type { QuestionMessage } from "./question-messages.ts";

export type LetterIssueView = { code: string; message: string; path: readonly (string | number)[] };
export type LetterChecksView = {
  errors: LetterIssueView[];
  warnings: LetterIssueView[];
  totals: { envelope: number | null; topUp: number; attributed: number };
};

const euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });
export const formatCents = (cents: number | null) => (cents === null ? "non calculable" : euros.format(cents / 100));

/** Domain field names of the recognition checks → the form's question names inside a referent's panel. */
const PANEL_FIELDS: Record<string, string> = { impAmount: "imp_montant", reliefHours: "allegement_heures" };
const ENVELOPE_CODES = new Set(["ENVELOPE_EXCEEDED", "ENVELOPE_UNKNOWN"]);

/** Whether a blocking error is about the envelope (shown in the sticky summary too). */
export const isEnvelopeError = (issue: LetterIssueView) => ENVELOPE_CODES.has(issue.code);

/**
 * The blocking errors placed on the questions they are about. The envelope overflow is one sum: it goes on
 * the top-up and, shortly, on each IMP amount that counts in it, so it shows wherever the user is editing.
 */
export function letterQuestionMessages(checks: LetterChecksView, data: Record<string, unknown>): QuestionMessage[] {
  const panels = Array.isArray(data.referents) ? (data.referents as Record<string, unknown>[]) : [];
  const { envelope, topUp, attributed } = checks.totals;
  return checks.errors.flatMap((issue): QuestionMessage[] => {
    const [head, index, field] = issue.path;
    if (isEnvelopeError(issue)) {
      const short = envelope === null
        ? "L'enveloppe IMP de l'établissement est inconnue : ce montant ne peut pas être vérifié."
        : `Le total des IMP (${formatCents(attributed)}) dépasse de ${formatCents(attributed - envelope - topUp)} ce qui peut être attribué (${formatCents(envelope + topUp)}) : réduisez un montant ou augmentez le complément.`;
      const amounts = panels.flatMap((panel, i): QuestionMessage[] =>
        typeof panel?.imp_montant === "number" && panel.imp_montant > 0 ? [{ questions: ["imp_montant"], panel: { name: "referents", index: i }, message: short }] : [],
      );
      return [...amounts, { questions: ["complement"], message: issue.message }];
    }
    if (head === "referents" && typeof index === "number") {
      const panel = { name: "referents", index };
      if (typeof field === "string") return [{ questions: [PANEL_FIELDS[field] ?? field], panel, message: issue.message }];
      return [{ questions: ["imp_montant", "allegement_heures", "reconnaissance", "periode"], panel, message: issue.message }];
    }
    if (head === "topUp" || head === "complement") return [{ questions: ["complement"], message: issue.message }];
    if (head === "referents") return [{ questions: ["referents"], message: issue.message }];
    return [];
  });
}
