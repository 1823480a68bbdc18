// Labels of the lettre de mission workflow, shared by pages and services.
export type LetterStatus = "DRAFT" | "SUBMITTED" | "SIGNED" | "VALIDATED";

export const LETTER_STATUS_LABELS: Record<LetterStatus, string> = {
  DRAFT: "Brouillon",
  SUBMITTED: "Soumise à la signature",
  SIGNED: "Signée",
  VALIDATED: "Validée",
};
