// Participation rules, pure.

/**
 * The school year whose RUPN designations make a campaign's audience: the year the campaign covers (a bilan of
 * 2025-2026 asks the referents of 2025-2026, not the newcomers of the following year). Once invitations are sent
 * the audience is the frozen list of invitees instead (ADR 018).
 */
export function audienceSchoolYear(campaign: { schoolYearId: string }): string {
  return campaign.schoolYearId;
}

export type ParticipationCounts = { invited: number; submitted: number; drafts: number };

/** Invited who have not started: invited − submitted − drafts (never negative). */
export function notStarted(c: ParticipationCounts): number {
  return Math.max(0, c.invited - c.submitted - c.drafts);
}
