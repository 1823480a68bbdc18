import { describe, expect, it } from "vitest";
import { DEFAULT_MISSION_FUNCTION, missionOrder, type MissionOrderInput } from "../../../app/domain/trainings/mission-order.ts";
import { classHoursCalendar } from "../../../app/domain/trainings/slots.ts";
import { at } from "./fixtures.ts";

const entryDay: MissionOrderInput = {
  person: { firstName: "Marie", lastName: "Curie", email: "marie.curie@ac-poitiers.fr" },
  establishment: { name: "Collège Jean Moulin", uai: "0860001A", city: "Poitiers" },
  session: {
    id: "s1",
    title: "Entrer dans la fonction de RUPN — journée au centre académique",
    trainingKind: "ENTRY_TRAINING",
    startsAt: at("2026-01-13T08:00:00Z"),
    endsAt: at("2026-01-13T16:00:00Z"),
    venue: { mode: "IN_PERSON", address: "Canopé, 6 rue Sainte-Catherine, 86000 Poitiers" },
    cancelled: false,
  },
  registration: { id: "reg1", kind: "DESIGNATED", status: "REGISTERED" },
  issuer: { name: "DANE de l'académie de Poitiers", city: "Poitiers" },
  issuedAt: at("2026-01-05T23:30:00Z"), // already 6 January in Paris
};

const rows = (order: ReturnType<typeof missionOrder>) =>
  Object.fromEntries(order.sections.flatMap((s) => s.rows.map((r) => [r.label, r.value])));

describe("ordre de mission", () => {
  it("describes an in-person day with travel, in French", () => {
    const order = missionOrder(entryDay);
    expect(order.title).toBe("Ordre de mission");
    expect(order.reference).toBe("OM-2026-reg1");
    expect(order.issuedAtLabel).toBe("Fait à Poitiers, le 06/01/2026");
    expect(order.sections.map((s) => s.heading)).toEqual([
      "Personne en mission",
      "Objet de la mission",
      "Date et horaires",
      "Lieu et déplacement",
    ]);
    expect(rows(order)).toEqual({
      "Nom et prénom": "Marie CURIE",
      Fonction: DEFAULT_MISSION_FUNCTION,
      "Établissement d'exercice": "Collège Jean Moulin (0860001A), Poitiers",
      "Adresse électronique": "marie.curie@ac-poitiers.fr",
      Formation: "Entrer dans la fonction de RUPN",
      Intitulé: "Entrer dans la fonction de RUPN — journée au centre académique",
      "Modalité d'inscription": "Désignation par le chef d'établissement (stage à public désigné)",
      Date: "Le mardi 13 janvier 2026, de 9 h 00 à 17 h 00",
      Créneau: "Pendant le temps de classe",
      Modalité: "En présentiel",
      Lieu: "Canopé, 6 rue Sainte-Catherine, 86000 Poitiers",
      Déplacement: "Déplacement de la résidence administrative vers le lieu de formation",
      "Frais de déplacement": "Pris en charge selon la réglementation en vigueur",
    });
    expect(order.travel).toMatchObject({ mode: "IN_PERSON", link: null });
    expect(order.schedule.slot).toBe("DURING_CLASS_HOURS");
  });

  it("describes a remote evening virtual class without travel", () => {
    const order = missionOrder({
      ...entryDay,
      person: { ...entryDay.person, function: "Professeure documentaliste, RUPN" },
      establishment: null,
      session: {
        ...entryDay.session,
        title: "Pix en établissement",
        trainingKind: "VIRTUAL_CLASS",
        startsAt: at("2026-06-16T16:00:00Z"), // 18:00 CEST
        endsAt: at("2026-06-16T17:00:00Z"),
        venue: { mode: "REMOTE", url: "https://visio.example.fr/pix" },
      },
      registration: { id: "reg2", kind: "VOLUNTEER", status: "REGISTERED" },
    });
    const r = rows(order);
    expect(r["Établissement d'exercice"]).toBeUndefined();
    expect(r.Fonction).toBe("Professeure documentaliste, RUPN");
    expect(r.Date).toBe("Le mardi 16 juin 2026, de 18 h 00 à 19 h 00");
    expect(r.Créneau).toBe("Hors temps de classe");
    expect(r.Modalité).toBe("À distance");
    expect(r["Lien de connexion"]).toBe("https://visio.example.fr/pix");
    expect(r.Lieu).toBeUndefined();
    expect(r.Déplacement).toBe("Aucun déplacement : formation suivie à distance");
    expect(r["Frais de déplacement"]).toBe("Sans objet");
  });

  it("spells out a session over several days, and honours the académie's closed periods", () => {
    const order = missionOrder({
      ...entryDay,
      session: { ...entryDay.session, startsAt: at("2026-02-16T08:00:00Z"), endsAt: at("2026-02-17T16:00:00Z") },
      classHours: classHoursCalendar([{ from: "2026-02-07", to: "2026-02-22", label: "Vacances d'hiver" }]),
    });
    expect(order.schedule.label).toBe("Du lundi 16 février 2026 à 9 h 00 au mardi 17 février 2026 à 17 h 00");
    expect(order.schedule.slotLabel).toBe("Hors temps de classe");
  });

  it("is only issued for a confirmed registration to a session that takes place", () => {
    expect(() => missionOrder({ ...entryDay, registration: { ...entryDay.registration, status: "WAITLISTED" } })).toThrow(
      "Un ordre de mission n'est établi que pour une inscription confirmée.",
    );
    expect(() => missionOrder({ ...entryDay, session: { ...entryDay.session, cancelled: true } })).toThrow(/annulée/);
  });
});
