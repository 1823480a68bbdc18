// The content of an "ordre de mission" (seed 001: registration produces one) as plain data with French
// labels. A PDF renderer (app/pdf) lays out `sections` in order; nothing here knows about PDF.
// Only a confirmed registration to a session that still takes place gets an ordre de mission.
import { formatParisDate, formatParisLongDate, formatParisTime, parisDate } from "./paris-time.ts";
import { SLOT_LABELS, classHoursCalendar, sessionSlot, type ClassHoursCalendar, type SessionSlot } from "./slots.ts";
import {
  REGISTRATION_KIND_LABELS,
  TRAINING_KIND_LABELS,
  VENUE_MODE_LABELS,
  type Registration,
  type SessionVenue,
  type TrainingSession,
} from "./types.ts";
import { titleWithSubtitle } from "../format/fr.ts";

export const DEFAULT_MISSION_FUNCTION = "Référent·e pour les ressources et usages pédagogiques numériques (RUPN)";

export interface MissionOrderInput {
  person: { firstName: string; lastName: string; email: string; function?: string };
  establishment: { name: string; uai: string; city: string } | null;
  session: Pick<TrainingSession, "id" | "title" | "trainingKind" | "startsAt" | "endsAt" | "venue" | "cancelled">;
  registration: Pick<Registration, "id" | "kind" | "status">;
  /** Who issues the order, e.g. { name: "DANE de l'académie de Poitiers", city: "Poitiers" }. */
  issuer: { name: string; city: string };
  issuedAt: Date;
  classHours?: ClassHoursCalendar;
}

export interface MissionOrderRow {
  label: string;
  value: string;
}

export interface MissionOrder {
  title: "Ordre de mission";
  reference: string;
  issuer: string;
  /** "Fait à Poitiers, le 05/01/2026" */
  issuedAtLabel: string;
  person: { fullName: string; email: string; function: string; establishment: string | null };
  training: { kindLabel: string; title: string; registrationLabel: string };
  schedule: { label: string; slot: SessionSlot; slotLabel: string };
  travel: { mode: SessionVenue["mode"]; modeLabel: string; place: string | null; link: string | null; travelLabel: string; expensesLabel: string };
  sections: { heading: string; rows: MissionOrderRow[] }[];
}

export function missionOrder(input: MissionOrderInput): MissionOrder {
  const { person, session, registration } = input;
  if (registration.status !== "REGISTERED") {
    throw new Error("Un ordre de mission n'est établi que pour une inscription confirmée.");
  }
  if (session.cancelled) throw new Error("Cette session a été annulée : aucun ordre de mission ne peut être établi.");

  const fullName = `${person.firstName} ${person.lastName.toLocaleUpperCase("fr-FR")}`;
  const establishment = input.establishment
    ? `${input.establishment.name} (${input.establishment.uai}), ${input.establishment.city}`
    : null;
  const fn = person.function ?? DEFAULT_MISSION_FUNCTION;
  const slot = sessionSlot(session.startsAt, session.endsAt, input.classHours ?? classHoursCalendar());
  const schedule = { label: scheduleLabel(session.startsAt, session.endsAt), slot, slotLabel: SLOT_LABELS[slot] };
  const travel = travelOf(session.venue);
  const training = {
    kindLabel: TRAINING_KIND_LABELS[session.trainingKind],
    title: session.title,
    registrationLabel: REGISTRATION_KIND_LABELS[registration.kind],
  };

  const sections: MissionOrder["sections"] = [
    {
      heading: "Personne en mission",
      rows: [
        { label: "Nom et prénom", value: fullName },
        { label: "Fonction", value: fn },
        ...(establishment ? [{ label: "Établissement d'exercice", value: establishment }] : []),
        { label: "Adresse électronique", value: person.email },
      ],
    },
    {
      heading: "Objet de la mission",
      rows: [
        { label: "Formation", value: training.kindLabel },
        // No repeated title: the entry training's course is usually named like its kind.
        ...(titleWithSubtitle(training.kindLabel, training.title) === training.kindLabel ? [] : [{ label: "Intitulé", value: training.title }]),
        { label: "Modalité d'inscription", value: training.registrationLabel },
      ],
    },
    {
      heading: "Date et horaires",
      rows: [
        { label: "Date", value: schedule.label },
        { label: "Créneau", value: schedule.slotLabel },
      ],
    },
    {
      heading: "Lieu et déplacement",
      rows: [
        { label: "Modalité", value: travel.modeLabel },
        travel.place !== null
          ? { label: "Lieu", value: travel.place }
          : { label: "Lien de connexion", value: travel.link ?? "" },
        { label: "Déplacement", value: travel.travelLabel },
        { label: "Frais de déplacement", value: travel.expensesLabel },
      ],
    },
  ];

  return {
    title: "Ordre de mission",
    reference: `OM-${parisDate(session.startsAt).slice(0, 4)}-${registration.id}`,
    issuer: input.issuer.name,
    issuedAtLabel: `Fait à ${input.issuer.city}, le ${formatParisDate(input.issuedAt)}`,
    person: { fullName, email: person.email, function: fn, establishment },
    training,
    schedule,
    travel,
    sections,
  };
}

/** "Le mardi 13 janvier 2026, de 9 h 00 à 17 h 00" or "Du lundi 12 janvier 2026 à 9 h 00 au …". */
function scheduleLabel(startsAt: Date, endsAt: Date): string {
  if (parisDate(startsAt) === parisDate(endsAt)) {
    return `Le ${formatParisLongDate(startsAt)}, de ${formatParisTime(startsAt)} à ${formatParisTime(endsAt)}`;
  }
  return `Du ${formatParisLongDate(startsAt)} à ${formatParisTime(startsAt)} au ${formatParisLongDate(endsAt)} à ${formatParisTime(endsAt)}`;
}

function travelOf(venue: SessionVenue): MissionOrder["travel"] {
  if (venue.mode === "IN_PERSON") {
    return {
      mode: "IN_PERSON",
      modeLabel: VENUE_MODE_LABELS.IN_PERSON,
      place: venue.address,
      link: null,
      travelLabel: "Déplacement de la résidence administrative vers le lieu de formation",
      expensesLabel: "Pris en charge selon la réglementation en vigueur",
    };
  }
  return {
    mode: "REMOTE",
    modeLabel: VENUE_MODE_LABELS.REMOTE,
    place: null,
    link: venue.url,
    travelLabel: "Aucun déplacement : formation suivie à distance",
    expensesLabel: "Sans objet",
  };
}
