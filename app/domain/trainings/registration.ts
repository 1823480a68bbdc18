// Registration rules: deadline, no double registration, no two sessions at once, capacity with a
// waiting list and automatic promotion. Pure functions over plain arrays: the service runs them inside
// a transaction that locks the session row (SELECT … FOR UPDATE), then writes what they decided.
//
// Decisions:
// - Deadline: inclusive to the minute. "Inscriptions jusqu'au 20/03 à 12 h 00" accepts 12:00:59 and
//   refuses from 12:01:00 (seconds of both instants are ignored). No deadline = until the start.
// - The deadline binds every kind (volunteer, designated, convoked): the DANE owns it and moves it to
//   convoke late. Promotion from the waiting list ignores it (that is what the list is for).
// - A waiting-list place holds its time slot like a confirmed one: promotion is automatic, so it must
//   never put someone in two sessions at once.
// - Queue order: createdAt, then id (plain string order, like ORDER BY id COLLATE "C").
// - Newcomers never jump the queue: while someone waits, a new request waits too.
// - Capacity cannot drop below the confirmed registrations: nobody loses an ordre de mission silently.
import { formatParisDateTime, formatParisSpan } from "./paris-time.ts";
import {
  intervalsOverlap,
  REGISTRATION_KIND_BY_TRAINING,
  type Registration,
  type RegistrationKind,
  type RegistrationWithSession,
  type TrainingSession,
} from "./types.ts";
import { plural } from "../format/fr.ts";

export type RegistrationSession = Pick<
  TrainingSession,
  "id" | "title" | "trainingKind" | "startsAt" | "endsAt" | "capacity" | "registrationDeadline" | "cancelled"
>;

export type RefusalCode =
  | "SESSION_CANCELLED"
  | "SESSION_STARTED"
  | "DEADLINE_PASSED"
  | "ALREADY_REGISTERED"
  | "ALREADY_WAITLISTED"
  | "OVERLAP";

export type RegistrationDecision =
  | { outcome: "registered"; kind: RegistrationKind; message: string }
  | { outcome: "waitlisted"; kind: RegistrationKind; position: number; message: string }
  | { outcome: "refused"; code: RefusalCode; reason: string; conflictingSessionId?: string };

export type Refusal = { outcome: "refused"; reason: string };

const MINUTE = 60_000;
const floorToMinute = (d: Date) => Math.floor(d.getTime() / MINUTE);
const refused = (code: RefusalCode, reason: string, conflictingSessionId?: string): RegistrationDecision => ({
  outcome: "refused",
  code,
  reason: `Inscription impossible : ${reason}`,
  ...(conflictingSessionId ? { conflictingSessionId } : {}),
});

export function isActive(r: Registration): boolean {
  return r.status === "REGISTERED" || r.status === "WAITLISTED";
}

/** Waiting-list order: first asked, first served; same instant → smaller id first. */
export function compareQueue(a: Registration, b: Registration): number {
  const byTime = a.createdAt.getTime() - b.createdAt.getTime();
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The waiting list of one session, in promotion order. */
export function waitingList<R extends Registration>(registrations: readonly R[]): R[] {
  return registrations.filter((r) => r.status === "WAITLISTED").sort(compareQueue);
}

/** Position (1-based) of each waiting registration. */
export function waitlistPositions(registrations: readonly Registration[]): Map<string, number> {
  return new Map(waitingList(registrations).map((r, i) => [r.id, i + 1]));
}

/** Registrations are open at `now` (minute-inclusive deadline, and before the start). */
export function registrationOpen(session: Pick<RegistrationSession, "cancelled" | "startsAt" | "registrationDeadline">, now: Date): boolean {
  if (session.cancelled || now.getTime() >= session.startsAt.getTime()) return false;
  return session.registrationDeadline === null || floorToMinute(now) <= floorToMinute(session.registrationDeadline);
}

export type SessionAvailability =
  | { state: "cancelled"; label: string }
  | { state: "past"; label: string }
  | { state: "closed"; label: string }
  | { state: "full"; label: string }
  | { state: "open"; label: string; free: number };

/**
 * What the catalogue says of a session at `now`: a session that has started or whose deadline has passed is closed
 * for registration whatever its free places (no "10 places libres" on a session of last month); otherwise its free
 * places, or "complet" with the waiting list.
 */
export function sessionAvailability(
  session: Pick<RegistrationSession, "startsAt" | "endsAt" | "capacity" | "registrationDeadline" | "cancelled">,
  counts: { registered: number; waitlisted: number },
  now: Date,
): SessionAvailability {
  if (session.cancelled) return { state: "cancelled", label: "session annulée" };
  if (now.getTime() >= session.startsAt.getTime()) {
    return { state: "past", label: now.getTime() >= session.endsAt.getTime() ? "session passée, inscriptions closes" : "session en cours, inscriptions closes" };
  }
  if (!registrationOpen(session, now)) {
    return { state: "closed", label: "date limite d'inscription dépassée" };
  }
  const free = Math.max(0, session.capacity - counts.registered);
  if (free === 0) return { state: "full", label: counts.waitlisted ? `complet (${counts.waitlisted} en attente)` : "complet (liste d'attente ouverte)" };
  return { state: "open", free, label: `${plural(free, "place libre", "places libres")}` };
}

/**
 * What happens if `person` asks for a place in `session` at `now`. `existing` holds the registrations
 * of this session (every person) and the person's registrations in other sessions, each with its
 * session's times; cancelled ones are ignored.
 */
export function decideRegistration(
  session: RegistrationSession,
  existing: readonly RegistrationWithSession[],
  person: { id: string },
  now: Date,
): RegistrationDecision {
  if (session.cancelled) return refused("SESSION_CANCELLED", "cette session a été annulée.");
  if (now.getTime() >= session.startsAt.getTime()) {
    return refused("SESSION_STARTED", "la session a déjà commencé.");
  }
  if (!registrationOpen(session, now)) {
    const deadline = formatParisDateTime(session.registrationDeadline as Date);
    return refused("DEADLINE_PASSED", `la date limite d'inscription (${deadline}) est dépassée.`);
  }

  const active = existing.filter(isActive);
  const here = active.filter((r) => r.sessionId === session.id);
  const own = here.find((r) => r.personId === person.id);
  if (own?.status === "REGISTERED") return refused("ALREADY_REGISTERED", "déjà inscrit·e à cette session.");
  if (own) {
    const position = waitlistPositions(here).get(own.id);
    return refused("ALREADY_WAITLISTED", `déjà sur la liste d'attente de cette session (position ${position}).`);
  }

  const conflict = active
    .filter((r) => r.personId === person.id && r.sessionId !== session.id && intervalsOverlap(r.session, session))
    .sort((a, b) => a.session.startsAt.getTime() - b.session.startsAt.getTime())[0];
  if (conflict) {
    const where = conflict.status === "REGISTERED" ? "déjà inscrit·e à" : "déjà sur la liste d'attente de";
    const when = formatParisSpan(conflict.session.startsAt, conflict.session.endsAt);
    return refused(
      "OVERLAP",
      `${where} « ${conflict.session.title} » ${when}, sur le même horaire.`,
      conflict.sessionId,
    );
  }

  const kind = REGISTRATION_KIND_BY_TRAINING[session.trainingKind];
  const registered = here.filter((r) => r.status === "REGISTERED").length;
  const waiting = here.length - registered;
  if (registered < session.capacity && waiting === 0) {
    return { outcome: "registered", kind, message: "Inscription confirmée." };
  }
  const position = waiting + 1;
  return {
    outcome: "waitlisted",
    kind,
    position,
    message: `Session complète : inscription sur la liste d'attente, en position ${position}.`,
  };
}

/**
 * Promote from the waiting list while places are free (and the session is still ahead). Returns the
 * promoted registrations, in order, and the new state of the session's registrations.
 */
export function fillFromWaitingList(
  session: RegistrationSession,
  registrations: readonly Registration[],
  now: Date,
): { promoted: Registration[]; registrations: Registration[] } {
  const state = registrations.filter((r) => r.sessionId === session.id).map((r) => ({ ...r }));
  if (session.cancelled || now.getTime() >= session.startsAt.getTime()) return { promoted: [], registrations: state };
  const free = session.capacity - state.filter((r) => r.status === "REGISTERED").length;
  const promoted = waitingList(state).slice(0, Math.max(0, free));
  for (const r of promoted) r.status = "REGISTERED";
  return { promoted, registrations: state };
}

/** A person (or whoever acts for them) cancels a registration; the first waiting person may be promoted. */
export function cancelRegistration(
  session: RegistrationSession,
  registrations: readonly Registration[],
  registrationId: string,
  now: Date,
): { outcome: "cancelled"; cancelled: Registration; promoted: Registration[]; registrations: Registration[] } | Refusal {
  const target = registrations.find((r) => r.id === registrationId && r.sessionId === session.id);
  if (!target) return { outcome: "refused", reason: "Inscription introuvable pour cette session." };
  if (target.status === "CANCELLED") return { outcome: "refused", reason: "Cette inscription est déjà annulée." };
  if (now.getTime() >= session.startsAt.getTime()) {
    return { outcome: "refused", reason: "La session a déjà commencé : l'inscription ne peut plus être annulée." };
  }
  const withCancellation = registrations.map((r) => (r.id === registrationId ? { ...r, status: "CANCELLED" as const } : r));
  const { promoted, registrations: state } = fillFromWaitingList(session, withCancellation, now);
  const cancelled = state.find((r) => r.id === registrationId) as Registration;
  return { outcome: "cancelled", cancelled, promoted, registrations: state };
}

/** The DANE changes the number of places: raising it promotes as many waiting people as now fit. */
export function changeCapacity<S extends RegistrationSession>(
  session: S,
  registrations: readonly Registration[],
  newCapacity: number,
  now: Date,
): { outcome: "changed"; session: S; promoted: Registration[]; registrations: Registration[] } | Refusal {
  if (!Number.isInteger(newCapacity) || newCapacity < 1 || newCapacity > 10_000) {
    return { outcome: "refused", reason: "La capacité doit être un nombre entier de places, entre 1 et 10 000." };
  }
  const registered = registrations.filter((r) => r.sessionId === session.id && r.status === "REGISTERED").length;
  if (newCapacity < registered) {
    return {
      outcome: "refused",
      reason: `Impossible de réduire la capacité à ${plural(newCapacity, "place")} : ${plural(registered, "personne est déjà inscrite", "personnes sont déjà inscrites")}. Annulez d'abord des inscriptions.`,
    };
  }
  const updated = { ...session, capacity: newCapacity };
  return { outcome: "changed", session: updated, ...fillFromWaitingList(updated, registrations, now) };
}

/**
 * The DANE cancels a whole session: every active registration is cancelled. `notified` lists them as
 * they were (a REGISTERED one gets the METHOD:CANCEL calendar update, a WAITLISTED one a plain notice).
 */
export function cancelSession<S extends RegistrationSession>(
  session: S,
  registrations: readonly Registration[],
): { session: S; notified: Registration[]; registrations: Registration[] } {
  const mine = registrations.filter((r) => r.sessionId === session.id);
  const notified = mine.filter(isActive).sort(compareQueue).map((r) => ({ ...r }));
  const state = mine.map((r) => (isActive(r) ? { ...r, status: "CANCELLED" as const } : { ...r }));
  return { session: { ...session, cancelled: true }, notified, registrations: state };
}
