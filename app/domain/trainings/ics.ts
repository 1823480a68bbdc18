// iCalendar (RFC 5545) objects for convocations, with iTIP methods (RFC 5546): METHOD:REQUEST puts the
// session in the person's calendar, METHOD:CANCEL with the same UID and a higher SEQUENCE removes it.
// Written by hand to avoid a dependency: CRLF line endings, times in UTC ("Z", no VTIMEZONE needed),
// TEXT escaping (\\ \; \, \n) and folding at 75 octets without splitting a UTF-8 character.
//
// UID: one per registration (registrationUid), not per session, so that someone who cancels and
// registers again gets a fresh event that calendars do not ignore as an old sequence.
import { formatParisSpan } from "./paris-time.ts";
import {
  REGISTRATION_KIND_LABELS,
  TRAINING_KIND_LABELS,
  assertValidInterval,
  type RegistrationKind,
  type SessionVenue,
  type TrainingSession,
} from "./types.ts";
import { titleWithSubtitle } from "../format/fr.ts";

export const ICS_PRODID = "-//Plateforme RUPN//Formations//FR";

export interface CalendarParty {
  name: string;
  email: string;
}

export interface SessionCalendarEvent {
  uid: string;
  /** SEQUENCE of the convocation last sent (0 for the first one). A cancellation sends sequence + 1. */
  sequence: number;
  /** When this calendar object is produced (DTSTAMP). */
  dtstamp: Date;
  startsAt: Date;
  endsAt: Date;
  summary: string;
  description: string;
  venue: SessionVenue;
  organizer: CalendarParty;
  attendee: CalendarParty;
}

export function registrationUid(registrationId: string, domain: string): string {
  return `inscription-${registrationId}@${domain}`;
}

/** The event of a convocation, with French summary and description built from the session. */
export function sessionCalendarEvent(input: {
  session: Pick<TrainingSession, "title" | "trainingKind" | "startsAt" | "endsAt" | "venue">;
  registration: { id: string; kind: RegistrationKind };
  attendee: CalendarParty;
  organizer: CalendarParty;
  domain: string;
  sequence: number;
  dtstamp: Date;
}): SessionCalendarEvent {
  const { session } = input;
  const where =
    session.venue.mode === "IN_PERSON" ? `Lieu : ${session.venue.address}` : `Classe virtuelle : ${session.venue.url}`;
  const kindLabel = TRAINING_KIND_LABELS[session.trainingKind];
  const description = [
    titleWithSubtitle(kindLabel, session.title),
    `${capitalize(formatParisSpan(session.startsAt, session.endsAt))} (heure de Paris).`,
    where,
    `${REGISTRATION_KIND_LABELS[input.registration.kind]}.`,
  ].join("\n");
  return {
    uid: registrationUid(input.registration.id, input.domain),
    sequence: input.sequence,
    dtstamp: input.dtstamp,
    startsAt: session.startsAt,
    endsAt: session.endsAt,
    summary: session.title,
    description,
    venue: session.venue,
    organizer: input.organizer,
    attendee: input.attendee,
  };
}

/** METHOD:REQUEST — the convocation (first one, or an update with a higher sequence). */
export function convocationIcs(event: SessionCalendarEvent): string {
  return buildCalendar("REQUEST", event, event.sequence, "CONFIRMED");
}

/** METHOD:CANCEL — same UID, SEQUENCE one above the last convocation, STATUS:CANCELLED. */
export function cancellationIcs(event: SessionCalendarEvent): string {
  return buildCalendar("CANCEL", event, event.sequence + 1, "CANCELLED");
}

function buildCalendar(
  method: "REQUEST" | "CANCEL",
  event: SessionCalendarEvent,
  sequence: number,
  status: "CONFIRMED" | "CANCELLED",
): string {
  assertValidInterval(event.startsAt, event.endsAt);
  if (!Number.isInteger(sequence) || sequence < 0) throw new Error(`SEQUENCE invalide : ${sequence}.`);
  if (/[\s"<>]/.test(event.uid) || event.uid === "") throw new Error(`UID invalide : « ${event.uid} ».`);
  const lines = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    `PRODID:${ICS_PRODID}`,
    "CALSCALE:GREGORIAN",
    `METHOD:${method}`,
    "BEGIN:VEVENT",
    `UID:${event.uid}`,
    `SEQUENCE:${sequence}`,
    `DTSTAMP:${formatUtc(event.dtstamp)}`,
    `DTSTART:${formatUtc(event.startsAt)}`,
    `DTEND:${formatUtc(event.endsAt)}`,
    `SUMMARY:${escapeText(event.summary)}`,
    `DESCRIPTION:${escapeText(event.description)}`,
    event.venue.mode === "IN_PERSON" ? `LOCATION:${escapeText(event.venue.address)}` : `URL:${checkedUrl(event.venue.url)}`,
    `ORGANIZER;CN=${quoteParam(event.organizer.name)}:${mailto(event.organizer.email)}`,
    `ATTENDEE;CN=${quoteParam(event.attendee.name)};CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:${mailto(event.attendee.email)}`,
    `STATUS:${status}`,
    "TRANSP:OPAQUE",
    "END:VEVENT",
    "END:VCALENDAR",
  ];
  return lines.map(foldLine).join("\r\n") + "\r\n";
}

/** RFC 5545 §3.3.5 UTC date-time: 20260113T130000Z (milliseconds dropped). */
export function formatUtc(instant: Date): string {
  if (Number.isNaN(instant.getTime())) throw new Error("Date invalide.");
  return instant.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "");
}

/** RFC 5545 §3.3.11 TEXT: backslash, semicolon, comma escaped; any newline becomes \n; other controls dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, "\\\\")
    .replace(/;/g, "\\;")
    .replace(/,/g, "\\,")
    .replace(/\r\n|\r|\n/g, "\\n")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
}

/**
 * RFC 5545 §3.1: lines longer than 75 octets are split with CRLF + one space; the space counts, so
 * continuation lines carry 74 octets. Splits fall between code points, never inside a UTF-8 sequence.
 */
export function foldLine(line: string): string {
  const chunks: string[] = [];
  let current = "";
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = utf8Length(char);
    if (octets + size > limit) {
      chunks.push(current);
      current = "";
      octets = 0;
      limit = 74;
    }
    current += char;
    octets += size;
  }
  chunks.push(current);
  return chunks.join("\r\n ");
}

function utf8Length(char: string): number {
  const cp = char.codePointAt(0) as number;
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Parameter values are always quoted; DQUOTE and controls cannot appear inside (RFC 5545 §3.1). */
function quoteParam(value: string): string {
  return `"${value.replace(/"/g, "").replace(/[\s\u0000-\u001f\u007f]+/g, " ").trim()}"`;
}

function mailto(email: string): string {
  if (!/^[^\s@"<>,;:]+@[^\s@"<>,;:]+$/.test(email)) throw new Error(`Adresse électronique invalide : « ${email} ».`);
  return `mailto:${email}`;
}

function checkedUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Lien de classe virtuelle invalide : « ${url} ».`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new Error(`Lien de classe virtuelle invalide : « ${url} » (http ou https attendu).`);
  }
  return parsed.href;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
