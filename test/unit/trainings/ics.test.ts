import { describe, expect, it } from "vitest";
import {
  cancellationIcs,
  convocationIcs,
  escapeText,
  foldLine,
  formatUtc,
  sessionCalendarEvent,
  type SessionCalendarEvent,
} from "../../../app/domain/trainings/ics.ts";
import { at } from "./fixtures.ts";

const event: SessionCalendarEvent = {
  uid: "inscription-reg1@rupn.example.fr",
  sequence: 0,
  dtstamp: at("2026-01-05T08:30:00.123Z"),
  startsAt: at("2026-01-13T13:00:00Z"),
  endsAt: at("2026-01-13T15:00:00Z"),
  summary: "Classe virtuelle : Pix, certification",
  description: "Ordre du jour :\nprésentation; questions",
  venue: { mode: "IN_PERSON", address: "Canopé, 6 rue Sainte-Catherine, 86000 Poitiers" },
  organizer: { name: "DANE de Poitiers", email: "dane@ac-poitiers.fr" },
  attendee: { name: "Marie Curie", email: "marie.curie@ac-poitiers.fr" },
};

const octets = (s: string) => new TextEncoder().encode(s).length;
const unfold = (s: string) => s.replace(/\r\n /g, "");

describe("convocation (METHOD:REQUEST)", () => {
  it("produces exactly this calendar for a fixed input", () => {
    expect(convocationIcs(event)).toBe(
      [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Plateforme RUPN//Formations//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:REQUEST",
        "BEGIN:VEVENT",
        "UID:inscription-reg1@rupn.example.fr",
        "SEQUENCE:0",
        "DTSTAMP:20260105T083000Z",
        "DTSTART:20260113T130000Z",
        "DTEND:20260113T150000Z",
        "SUMMARY:Classe virtuelle : Pix\\, certification",
        "DESCRIPTION:Ordre du jour :\\nprésentation\\; questions",
        "LOCATION:Canopé\\, 6 rue Sainte-Catherine\\, 86000 Poitiers",
        'ORGANIZER;CN="DANE de Poitiers":mailto:dane@ac-poitiers.fr',
        'ATTENDEE;CN="Marie Curie";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=N',
        " EEDS-ACTION;RSVP=FALSE:mailto:marie.curie@ac-poitiers.fr",
        "STATUS:CONFIRMED",
        "TRANSP:OPAQUE",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
      ].join("\r\n"),
    );
  });

  it("uses CRLF everywhere and keeps every line within 75 octets", () => {
    const ics = convocationIcs({ ...event, description: "é".repeat(200) });
    expect(ics.endsWith("\r\n")).toBe(true);
    expect(ics.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/);
    for (const line of ics.split("\r\n")) expect(octets(line)).toBeLessThanOrEqual(75);
  });

  it("gives a remote session a URL instead of a LOCATION", () => {
    const ics = convocationIcs({ ...event, venue: { mode: "REMOTE", url: "https://visio.education.fr/meeting/123?a=1,b" } });
    expect(ics).toContain("\r\nURL:https://visio.education.fr/meeting/123?a=1,b\r\n");
    expect(ics).not.toContain("LOCATION");
  });

  it("writes UTC times whatever the season", () => {
    expect(formatUtc(at("2026-07-07T12:00:00Z"))).toBe("20260707T120000Z");
    const ics = convocationIcs({ ...event, startsAt: at("2026-07-07T12:00:00Z"), endsAt: at("2026-07-07T14:00:00Z") });
    expect(ics).toContain("DTSTART:20260707T120000Z\r\nDTEND:20260707T140000Z");
  });

  it("rejects bad addresses, links and intervals in French", () => {
    expect(() => convocationIcs({ ...event, attendee: { name: "X", email: "x\r\nBCC:y" } })).toThrow(/Adresse électronique invalide/);
    expect(() => convocationIcs({ ...event, venue: { mode: "REMOTE", url: "javascript:alert(1)" } })).toThrow(/Lien de classe virtuelle invalide/);
    expect(() => convocationIcs({ ...event, endsAt: event.startsAt })).toThrow(/fin de la session/);
  });

  it("keeps quotes and line breaks out of parameter values", () => {
    const ics = convocationIcs({ ...event, attendee: { name: 'Jean "Jo"\nDupont', email: "jean@ac-poitiers.fr" } });
    expect(unfold(ics)).toContain('ATTENDEE;CN="Jean Jo Dupont";');
  });
});

describe("cancellation (METHOD:CANCEL)", () => {
  it("keeps the UID, increments SEQUENCE and marks the event cancelled", () => {
    const ics = cancellationIcs({ ...event, sequence: 2 });
    expect(ics).toContain("\r\nMETHOD:CANCEL\r\n");
    expect(ics).toContain("\r\nUID:inscription-reg1@rupn.example.fr\r\n");
    expect(ics).toContain("\r\nSEQUENCE:3\r\n");
    expect(ics).toContain("\r\nSTATUS:CANCELLED\r\n");
    expect(ics).not.toContain("REQUEST");
    expect(ics).not.toContain("CONFIRMED");
  });
});

describe("text escaping", () => {
  it("escapes backslash, semicolon, comma and every kind of newline", () => {
    expect(escapeText("a\\b;c,d\ne\r\nf\rg")).toBe("a\\\\b\\;c\\,d\\ne\\nf\\ng");
    expect(escapeText("C:\\dossier;nom")).toBe("C:\\\\dossier\\;nom");
  });

  it("leaves colons and quotes alone and drops other control characters", () => {
    expect(escapeText('Lieu : salle "B12"\u0007\ttab')).toBe('Lieu : salle "B12"\ttab');
  });
});

describe("line folding", () => {
  it("does not fold a line of exactly 75 octets", () => {
    expect(foldLine("X".repeat(75))).toBe("X".repeat(75));
    expect(foldLine("X".repeat(73) + "é")).toBe("X".repeat(73) + "é");
  });

  it("folds ASCII at 75 octets, then 74 plus the leading space", () => {
    const folded = foldLine("X".repeat(200));
    expect(folded.split("\r\n").map(octets)).toEqual([75, 75, 52]) // 75 + (1 + 74) + (1 + 51);
    expect(unfold(folded)).toBe("X".repeat(200));
  });

  it("moves a 2-, 3- or 4-octet character to the next line rather than split it", () => {
    expect(foldLine("X".repeat(74) + "é")).toBe("X".repeat(74) + "\r\n é");
    expect(foldLine("X".repeat(73) + "€")).toBe("X".repeat(73) + "\r\n €");
    expect(foldLine("X".repeat(72) + "😀")).toBe("X".repeat(72) + "\r\n 😀");
  });

  it("folds accented French text into lines that are each valid UTF-8", () => {
    const text = "DESCRIPTION:" + escapeText("Équipe pédagogique, accompagnement, référent·e — ".repeat(6));
    const folded = foldLine(text);
    const decoder = new TextDecoder("utf-8", { fatal: true });
    const bytes = Buffer.from(folded, "utf8");
    let start = 0;
    const lines: string[] = [];
    for (let i = 0; i <= bytes.length; i++) {
      if (i === bytes.length || (bytes[i] === 0x0d && bytes[i + 1] === 0x0a)) {
        lines.push(decoder.decode(bytes.subarray(start, i)));
        start = i + 2;
      }
    }
    expect(lines.length).toBeGreaterThan(4);
    for (const line of lines) expect(octets(line)).toBeLessThanOrEqual(75);
    expect(lines.slice(1).every((l) => l.startsWith(" "))).toBe(true);
    expect(unfold(folded)).toBe(text);
  });
});

describe("event built from a session", () => {
  it("has a per-registration UID and a French description in Paris time", () => {
    const built = sessionCalendarEvent({
      session: {
        title: "Pix en établissement",
        trainingKind: "VIRTUAL_CLASS",
        startsAt: at("2026-01-13T16:30:00Z"),
        endsAt: at("2026-01-13T17:30:00Z"),
        venue: { mode: "REMOTE", url: "https://visio.example.fr/pix" },
      },
      registration: { id: "reg42", kind: "VOLUNTEER" },
      attendee: event.attendee,
      organizer: event.organizer,
      domain: "rupn.example.fr",
      sequence: 0,
      dtstamp: event.dtstamp,
    });
    expect(built.uid).toBe("inscription-reg42@rupn.example.fr");
    expect(built.summary).toBe("Pix en établissement");
    expect(built.description).toBe(
      [
        "Classe virtuelle — Pix en établissement",
        "Le mardi 13 janvier 2026 de 17 h 30 à 18 h 30 (heure de Paris).",
        "Classe virtuelle : https://visio.example.fr/pix",
        "Inscription volontaire.",
      ].join("\n"),
    );
    expect(unfold(convocationIcs(built))).toContain("URL:https://visio.example.fr/pix\r\n");
  });
});
