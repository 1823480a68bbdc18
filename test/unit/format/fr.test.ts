import { describe, expect, it } from "vitest";
import {
  academyLabel,
  academyOf,
  dayOrdinal,
  formatDate,
  formatDateTime,
  formatDateWithWeekday,
  formatHours,
  formatNumber,
  formatTime,
  plural,
  pluralWord,
  titleWithSubtitle,
} from "../../../app/domain/format/fr.ts";

const NBSP = "\u00a0";

describe("dates in Europe/Paris with « 1er »", () => {
  it("writes the first day of a month as 1er", () => {
    expect(dayOrdinal(1)).toBe("1er");
    expect(dayOrdinal(2)).toBe("2");
    expect(formatDate(new Date("2026-09-01T08:00:00Z"))).toBe("1er septembre 2026");
    expect(formatDate("2026-11-03T09:00:00Z")).toBe("3 novembre 2026");
    expect(formatDate(new Date("2027-03-11T09:00:00Z"))).toBe("11 mars 2027");
    expect(formatDate(new Date("2027-03-21T09:00:00Z"))).toBe("21 mars 2027");
    expect(formatDateWithWeekday(new Date("2026-09-01T08:00:00Z"))).toBe("mardi 1er septembre 2026");
  });

  it("uses the Paris calendar day, not UTC's", () => {
    // 31 August 23:30 UTC is already 1 September in Paris (UTC+2 in summer).
    expect(formatDate(new Date("2026-08-31T23:30:00Z"))).toBe("1er septembre 2026");
  });

  it("shows times on the Paris wall clock, summer and winter", () => {
    expect(formatTime(new Date("2026-06-15T12:27:06Z"))).toBe("14:27");
    expect(formatTime(new Date("2026-06-15T12:27:06Z"), { seconds: true })).toBe("14:27:06");
    expect(formatTime(new Date("2026-12-02T13:28:06Z"), { seconds: true })).toBe("14:28:06");
    expect(formatDateTime(new Date("2026-10-01T12:05:00Z"))).toBe("1er octobre 2026 à 14:05");
  });
});

describe("numbers with a decimal comma", () => {
  it("formats decimals, thousands and hours", () => {
    expect(formatNumber(9.5)).toBe("9,5");
    expect(formatNumber(0.25)).toBe("0,25");
    expect(formatNumber(1234.5)).toBe(`1${NBSP}234,5`);
    expect(formatNumber(2 / 3, 1)).toBe("0,7");
    expect(formatNumber(12)).toBe("12");
    expect(formatHours(9.5)).toBe(`9,5${NBSP}h`);
  });
});

describe("plurals agree with the count", () => {
  it("keeps 0 and 1 singular and adds s otherwise", () => {
    expect(plural(1, "destinataire")).toBe("1 destinataire");
    expect(plural(3, "destinataire")).toBe("3 destinataires");
    expect(plural(0, "compte")).toBe("0 compte");
    expect(plural(2, "référent désigné")).toBe("2 référents désignés");
    expect(plural(2, "personne de la liste")).toBe("2 personnes de la liste");
  });
  it("takes an explicit plural form and leaves words ending in s or x alone", () => {
    expect(plural(2, "nouveau référent", "nouveaux référents")).toBe("2 nouveaux référents");
    expect(plural(4, "effectif total", "effectifs totaux")).toBe("4 effectifs totaux");
    expect(pluralWord(5, "prévenue")).toBe("prévenues");
    expect(plural(2, "cours")).toBe("2 cours");
    expect(plural(1200, "ligne")).toBe(`1${NBSP}200 lignes`);
  });
});

describe("académie names", () => {
  it("uses « de » or the elided « d' »", () => {
    expect(academyLabel("Rennes")).toBe("académie de Rennes");
    expect(academyLabel("Aix-Marseille")).toBe("académie d'Aix-Marseille");
    expect(academyLabel("Orléans-Tours")).toBe("académie d'Orléans-Tours");
    expect(academyLabel("Amiens")).toBe("académie d'Amiens");
    expect(academyOf("Poitiers")).toBe("de Poitiers");
  });
  it("keeps the article of overseas académies and does not double a prefix", () => {
    expect(academyLabel("Guadeloupe")).toBe("académie de la Guadeloupe");
    expect(academyLabel("La Réunion")).toBe("académie de La Réunion");
    expect(academyLabel("académie de Rennes")).toBe("académie de Rennes");
  });
});

describe("no repeated titles", () => {
  it("drops a subtitle that repeats the title", () => {
    expect(titleWithSubtitle("Entrer dans la fonction de RUPN", "Entrer dans la fonction de RUPN")).toBe("Entrer dans la fonction de RUPN");
    expect(titleWithSubtitle("Entrer dans la fonction de RUPN", " entrer dans la fonction de RUPN ")).toBe("Entrer dans la fonction de RUPN");
    expect(titleWithSubtitle("Regroupement", "")).toBe("Regroupement");
    expect(titleWithSubtitle("Regroupement de bassin", "Rennes Nord")).toBe("Regroupement de bassin — Rennes Nord");
  });
});
