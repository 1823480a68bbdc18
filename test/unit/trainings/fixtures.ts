// Builders shared by the trainings unit tests.
import type { RegistrationSession } from "../../../app/domain/trainings/registration.ts";
import type { Registration, RegistrationWithSession, TrainingKind } from "../../../app/domain/trainings/types.ts";

export const at = (iso: string) => new Date(iso);

/** A virtual class on Tuesday 13 January 2026, 14:00–16:00 Paris (13:00–15:00 UTC). */
export function session(overrides: Partial<RegistrationSession> = {}): RegistrationSession {
  return {
    id: "s1",
    title: "Classe virtuelle : Pix en établissement",
    trainingKind: "VIRTUAL_CLASS" as TrainingKind,
    startsAt: at("2026-01-13T13:00:00Z"),
    endsAt: at("2026-01-13T15:00:00Z"),
    capacity: 2,
    registrationDeadline: at("2026-01-09T11:00:00Z"), // Friday 9 January, 12:00 Paris
    cancelled: false,
    ...overrides,
  };
}

let counter = 0;

/** A registration of `personId` to `of` (default: the session above), asked at `createdAt`. */
export function reg(
  personId: string,
  status: Registration["status"],
  createdAt: string,
  of: Pick<RegistrationSession, "id" | "title" | "startsAt" | "endsAt"> = session(),
  id = `r-${personId}-${of.id}-${++counter}`,
): RegistrationWithSession {
  return {
    id,
    sessionId: of.id,
    personId,
    kind: "VOLUNTEER",
    status,
    createdAt: at(createdAt),
    session: { id: of.id, title: of.title, startsAt: of.startsAt, endsAt: of.endsAt },
  };
}

export const BEFORE_DEADLINE = at("2026-01-05T09:00:00Z");
