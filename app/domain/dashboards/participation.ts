// Participation rules, pure.
import { schoolYearIdFor } from "../school-year.ts";

/**
 * The school year whose RUPN designations make a campaign's audience. The audience is computed when read
 * (ADR 006): for a campaign still open it is this year's referents (as the invitation and reminder mails); for a
 * closed one, the referents designated in the year it closed — the last people it could have reached.
 */
export function audienceSchoolYear(campaign: { closesAt: Date | string }, now = new Date()): string {
  const closes = new Date(campaign.closesAt);
  return schoolYearIdFor(closes < now ? closes : now);
}

export type ParticipationCounts = { invited: number; submitted: number; drafts: number };

/** Invited who have not started: invited − submitted − drafts (never negative). */
export function notStarted(c: ParticipationCounts): number {
  return Math.max(0, c.invited - c.submitted - c.drafts);
}
