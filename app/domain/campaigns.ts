// Campaign rules, pure: state from dates, who manages which académie, labels.
import { activeGrants, type Actor } from "./permissions.ts";

export type CampaignState = "upcoming" | "open" | "closed";

export function campaignState(c: { opensAt: Date | string; closesAt: Date | string }, now = new Date()): CampaignState {
  if (now < new Date(c.opensAt)) return "upcoming";
  if (now >= new Date(c.closesAt)) return "closed";
  return "open";
}

export const CAMPAIGN_STATE_LABELS: Record<CampaignState, string> = {
  upcoming: "À venir",
  open: "Ouverte",
  closed: "Close",
};

export const RESPONSE_STATUS_LABELS = { NONE: "Non commencé", DRAFT: "En cours", SUBMITTED: "Envoyé" } as const;

/** Académies whose campaigns the actor runs: "all" for an administrator, the DANE grants otherwise. */
export function managedAcademies(actor: Actor, currentSchoolYearId: string): "all" | string[] {
  const grants = activeGrants(actor, currentSchoolYearId);
  if (grants.some((g) => g.role === "ADMIN")) return "all";
  return [...new Set(grants.filter((g) => g.role === "DANE").map((g) => g.academyId))];
}

/** Establishments where the actor is a RUPN this year: the ones they answer a bilan for. */
export function rupnEstablishmentIds(actor: Actor, currentSchoolYearId: string): string[] {
  return [
    ...new Set(
      activeGrants(actor, currentSchoolYearId)
        .filter((g) => g.role === "RUPN" && g.establishmentId)
        .map((g) => g.establishmentId!),
    ),
  ];
}

/**
 * Establishments where the actor is a RUPN designated for one of the given school years (or without a year). A
 * bilan about a year is answered by the referents of that year, and by this year's (ADR 018).
 */
export function rupnEstablishmentIdsFor(actor: Actor, schoolYearIds: string[]): string[] {
  return [
    ...new Set(
      actor.roles
        .filter((g) => g.role === "RUPN" && g.establishmentId && (g.schoolYearId === null || schoolYearIds.includes(g.schoolYearId)))
        .map((g) => g.establishmentId!),
    ),
  ];
}

/** Every establishment the actor has been a RUPN of: their own responses stay theirs whatever the year. */
export function anyRupnEstablishmentIds(actor: Actor): string[] {
  return [...new Set(actor.roles.filter((g) => g.role === "RUPN" && g.establishmentId).map((g) => g.establishmentId!))];
}

// Dates of campaigns and responses: the one French formatting module (Paris time, "1er").
export { formatDate, formatDateTime } from "./format/fr.ts";
