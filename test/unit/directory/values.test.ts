import { describe, expect, it } from "vitest";
import { identifyFileKind, normalizeName } from "../../../app/domain/directory/common";
import { parseCount, parseDate, parseEmail, parseNumber, parseSchoolYear } from "../../../app/domain/directory/values";

describe("parseNumber", () => {
  it.each([
    ["12", 12],
    ["12,5", 12.5],
    ["12.5", 12.5],
    ["1 019", 1019],
    ["1\u00a0019", 1019],
    ["1\u202f019", 1019],
    ["2,17E+13", 21_700_000_000_000],
    ["1,2e3", 1200],
    ["-3", -3],
    ["", null],
    ["   ", null],
  ])("« %s » → %s", (raw, value) => {
    expect(parseNumber(raw)).toEqual({ ok: true, value });
  });

  it.each(["abc", "12,5,3", "#N/A", "1e", "--1"])("refuses « %s » with a French reason", (raw) => {
    const parsed = parseNumber(raw);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.reason).toBe(`« ${raw} » n'est pas un nombre.`);
  });
});

describe("parseCount", () => {
  it("accepts whole numbers, spreadsheet notations of whole numbers and empty cells", () => {
    expect(parseCount("543")).toEqual({ ok: true, value: 543 });
    expect(parseCount("1,2E+3")).toEqual({ ok: true, value: 1200 });
    expect(parseCount("0")).toEqual({ ok: true, value: 0 });
    expect(parseCount("")).toEqual({ ok: true, value: null });
  });

  it("refuses 2,17E+13 as a pupil count, spelling the value out", () => {
    expect(parseCount("2,17E+13")).toEqual({
      ok: false,
      reason:
        "nombre d'élèves invraisemblable (« 2,17E+13 = 21 700 000 000 000 », maximum admis 20 000) : valeur sans doute abîmée par un tableur.",
    });
  });

  it("refuses decimals, negative numbers and text", () => {
    expect(parseCount("12,5")).toEqual({ ok: false, reason: "nombre d'élèves non entier (« 12,5 »)." });
    expect(parseCount("-4")).toEqual({ ok: false, reason: "nombre d'élèves négatif (« -4 »)." });
    expect(parseCount("n.c.")).toEqual({ ok: false, reason: "nombre d'élèves : « n.c. » n'est pas un nombre." });
  });
});

describe("parseDate", () => {
  it.each([
    ["2024-11-26", "2024-11-26"],
    ["2024-11-26T08:30:00+01:00", "2024-11-26"],
    ["26/11/2024", "2024-11-26"],
    ["6/9/2024", "2024-09-06"],
    ["01-09-1965", "1965-09-01"],
    ["01.09.1965", "1965-09-01"],
    ["29/02/2024", "2024-02-29"],
    ["", null],
  ])("« %s » → %s", (raw, value) => {
    expect(parseDate(raw)).toEqual({ ok: true, value });
  });

  it("refuses impossible and unreadable dates", () => {
    expect(parseDate("31/02/2024")).toEqual({ ok: false, reason: "Date impossible : « 31/02/2024 »." });
    expect(parseDate("29/02/2023")).toEqual({ ok: false, reason: "Date impossible : « 29/02/2023 »." });
    expect(parseDate("2024/13")).toEqual({
      ok: false,
      reason: "Date illisible : « 2024/13 » (attendu : jj/mm/aaaa ou aaaa-mm-jj).",
    });
  });
});

describe("parseSchoolYear", () => {
  it.each([
    ["2019", "2019-2020"],
    ["2019-2020", "2019-2020"],
    ["2019/2020", "2019-2020"],
    ["2019-20", "2019-2020"],
    ["2019,0", "2019-2020"],
    ["02/09/2019", "2019-2020"],
    ["15/06/2020", "2019-2020"],
    ["2025-09-01", "2025-2026"],
  ])("« %s » → %s", (raw, value) => {
    expect(parseSchoolYear(raw)).toEqual({ ok: true, value });
  });

  it("refuses incoherent or missing years", () => {
    expect(parseSchoolYear("2019-2021")).toEqual({
      ok: false,
      reason: "Année scolaire incohérente : « 2019-2021 » (attendu : 2019-2020).",
    });
    expect(parseSchoolYear("")).toEqual({ ok: false, reason: "Rentrée scolaire non renseignée." });
    expect(parseSchoolYear("rentrée")).toEqual({
      ok: false,
      reason: "Rentrée scolaire illisible : « rentrée » (attendu : 2019 ou 2019-2020).",
    });
    expect(parseSchoolYear("31/02/2019").ok).toBe(false);
  });
});

describe("parseEmail", () => {
  it("keeps plausible addresses and refuses the others", () => {
    expect(parseEmail(" ce.0350001A@ac-rennes.fr ")).toEqual({ ok: true, value: "ce.0350001A@ac-rennes.fr" });
    expect(parseEmail("")).toEqual({ ok: true, value: null });
    expect(parseEmail("ce.0350001A ac-rennes.fr")).toEqual({
      ok: false,
      reason: "Adresse électronique invalide : « ce.0350001A ac-rennes.fr ».",
    });
  });
});

describe("header names", () => {
  it("compare without case, accents, punctuation or BOM", () => {
    expect(normalizeName("\uFEFFIdentifiant_de_l_etablissement")).toBe("identifiant_de_l_etablissement");
    expect(normalizeName("Identifiant de l'établissement")).toBe("identifiant_de_l_etablissement");
    expect(normalizeName("Numéro du collège")).toBe("numero_du_college");
    expect(normalizeName("REP +")).toBe("rep_plus");
    expect(normalizeName("Nombre d'élèves total (hors DIMA)")).toBe("nombre_d_eleves_total_hors_dima");
  });

  it("recognise the kind of each open-data file", () => {
    expect(identifyFileKind(["identifiant_de_l_etablissement", "nom_etablissement", "type_etablissement"])).toBe("annuaire");
    expect(identifyFileKind(["Code établissement", "Appellation officielle", "Latitude"])).toBe("geolocalisation");
    expect(identifyFileKind(["code_insee", "Code_RNE", "Secteur_unique"])).toBe("carte_scolaire");
    expect(identifyFileKind(["Annee_scolaire", "Numero_d_etablissement", "Nombre_d_eleves"])).toBe("effectifs_second_degre");
    expect(identifyFileKind(["rentree_scolaire", "numero_college", "nombre_eleves_total"])).toBe("effectifs_college");
    expect(identifyFileKind(["rentree_scolaire", "numero_lycee", "2ndes_gt"])).toBe("effectifs_lycee_gt");
    expect(identifyFileKind(["rentree_scolaire", "numero_lycee", "2ndes_pro"])).toBe("effectifs_lycee_pro");
    expect(identifyFileKind(["a", "b"])).toBe("inconnu");
  });
});
