// What a home page asks of its reader (issue 16, item 11): pure rules, no I/O — the next step of a lettre de
// mission, and which training sessions need the DANE's attention.
import type { LetterStatus } from "./letter-status.ts";

/** A session is nearly full from 80 % of its places (or with a waiting list). */
export const NEARLY_FULL_SHARE = 0.8;
/** A session is under-subscribed below a third of its places when it starts within this many days. */
export const UNDER_SUBSCRIBED_SHARE = 1 / 3;
export const UNDER_SUBSCRIBED_HORIZON_DAYS = 21;

export type SessionFill = { capacity: number; registered: number; waitlisted: number; startsAt: Date };
export type SessionAttention = "full" | "nearly-full" | "under-subscribed" | null;

export function sessionAttention(s: SessionFill, now: Date): SessionAttention {
  if (s.registered >= s.capacity) return "full";
  if (s.waitlisted > 0 || s.registered >= Math.ceil(s.capacity * NEARLY_FULL_SHARE)) return "nearly-full";
  const soon = s.startsAt.getTime() - now.getTime() <= UNDER_SUBSCRIBED_HORIZON_DAYS * 24 * 3600 * 1000;
  if (soon && s.registered < s.capacity * UNDER_SUBSCRIBED_SHARE) return "under-subscribed";
  return null;
}

export const SESSION_ATTENTION_LABELS: Record<Exclude<SessionAttention, null>, string> = {
  full: "Complète",
  "nearly-full": "Presque complète",
  "under-subscribed": "Peu d'inscrits",
};

export type LetterState = { status: LetterStatus; returned: boolean } | null;
export type NextStep = { label: string; who: "chef" | "dane" | "none"; severity: "info" | "warning" | "success" | "new" };

/** The next step of this year's letter, as the chef reads it. */
export function letterNextStep(letter: LetterState): NextStep {
  if (!letter) return { label: "Lettre non commencée : ouvrez-la, elle est préremplie avec celle de l'an dernier s'il y en a une.", who: "chef", severity: "new" };
  if (letter.status === "DRAFT" && letter.returned) {
    return { label: "Renvoyée par la DANE : corrigez-la selon son commentaire, puis soumettez-la de nouveau.", who: "chef", severity: "warning" };
  }
  switch (letter.status) {
    case "DRAFT":
      return { label: "Brouillon : complétez-la avec les référents, puis soumettez-la à la signature.", who: "chef", severity: "info" };
    case "SUBMITTED":
      return { label: "Soumise : relisez-la et signez-la pour l'envoyer à la DANE.", who: "chef", severity: "info" };
    case "SIGNED":
      return { label: "Signée : en attente de validation par la DANE. Rien à faire de votre côté.", who: "dane", severity: "info" };
    case "VALIDATED":
      return { label: "Validée : le PDF a été envoyé à l'établissement et aux référents.", who: "none", severity: "success" };
  }
}
