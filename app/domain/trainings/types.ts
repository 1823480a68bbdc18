// Shared vocabulary of the trainings domain (issue 7). Pure data: the service layer maps Prisma rows
// onto these shapes. "TrainingSession", not "Session": `Session` is the sign-in session model.

export const TRAINING_KINDS = ["ENTRY_TRAINING", "REGROUPEMENT", "VIRTUAL_CLASS"] as const;
export type TrainingKind = (typeof TRAINING_KINDS)[number];

export const TRAINING_KIND_LABELS: Record<TrainingKind, string> = {
  ENTRY_TRAINING: "Entrer dans la fonction de RUPN",
  REGROUPEMENT: "Regroupement",
  VIRTUAL_CLASS: "Classe virtuelle",
};

export const REGISTRATION_KINDS = ["VOLUNTEER", "DESIGNATED", "CONVOKED"] as const;
/** VOLUNTEER: a RUPN signs up; DESIGNATED: the chef names a newcomer; CONVOKED: the DANE convokes. */
export type RegistrationKind = (typeof REGISTRATION_KINDS)[number];

export const REGISTRATION_KIND_LABELS: Record<RegistrationKind, string> = {
  VOLUNTEER: "Inscription volontaire",
  DESIGNATED: "Désignation par le chef d'établissement (stage à public désigné)",
  CONVOKED: "Convocation par la DANE (stage à public désigné)",
};

/** Seed 001: virtual classes are open to volunteers, the entry training is designated, regroupements convoked. */
export const REGISTRATION_KIND_BY_TRAINING: Record<TrainingKind, RegistrationKind> = {
  VIRTUAL_CLASS: "VOLUNTEER",
  ENTRY_TRAINING: "DESIGNATED",
  REGROUPEMENT: "CONVOKED",
};

export const REGISTRATION_STATUSES = ["REGISTERED", "WAITLISTED", "CANCELLED"] as const;
export type RegistrationStatus = (typeof REGISTRATION_STATUSES)[number];

export const REGISTRATION_STATUS_LABELS: Record<RegistrationStatus, string> = {
  REGISTERED: "Inscrit·e",
  WAITLISTED: "Sur liste d'attente",
  CANCELLED: "Annulée",
};

/** Where a session takes place: a place to travel to, or a link to a virtual classroom. */
export type SessionVenue = { mode: "IN_PERSON"; address: string } | { mode: "REMOTE"; url: string };

export const VENUE_MODE_LABELS: Record<SessionVenue["mode"], string> = {
  IN_PERSON: "En présentiel",
  REMOTE: "À distance",
};

export interface TrainingSession {
  id: string;
  /** Course title, as shown to people ("Classe virtuelle : Pix en établissement"). */
  title: string;
  trainingKind: TrainingKind;
  startsAt: Date;
  endsAt: Date;
  venue: SessionVenue;
  /** Number of confirmed places; people beyond it wait. */
  capacity: number;
  /** Last minute registrations are accepted (inclusive, see registration.ts); null = until the start. */
  registrationDeadline: Date | null;
  cancelled: boolean;
}

export interface Registration {
  id: string;
  sessionId: string;
  personId: string;
  kind: RegistrationKind;
  status: RegistrationStatus;
  /** When the registration was asked for: orders the waiting list (ties broken by id). */
  createdAt: Date;
}

/** Time span of a session, as needed to detect a person being in two places at once. */
export type SessionTiming = Pick<TrainingSession, "id" | "title" | "startsAt" | "endsAt">;

export type RegistrationWithSession = Registration & { session: SessionTiming };

/** Half-open intervals [start, end): sessions that only touch (one ends at 10:00, the next starts at 10:00) do not overlap. */
export function intervalsOverlap(a: { startsAt: Date; endsAt: Date }, b: { startsAt: Date; endsAt: Date }): boolean {
  return a.startsAt.getTime() < b.endsAt.getTime() && b.startsAt.getTime() < a.endsAt.getTime();
}

export function assertValidInterval(startsAt: Date, endsAt: Date): void {
  if (Number.isNaN(startsAt.getTime()) || Number.isNaN(endsAt.getTime())) {
    throw new Error("Date de session invalide.");
  }
  if (endsAt.getTime() <= startsAt.getTime()) {
    throw new Error("La fin de la session doit être postérieure à son début.");
  }
}
