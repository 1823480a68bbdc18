// Lettres de mission from LimeSurvey, the pure part: the mapping proposed from codes and titles, the detection of
// a letter file, amounts in euros read explicitly (never guessed), and one response turned into letter answers.
import { describe, expect, it } from "vitest";
import { convertStructure } from "../../../app/domain/limesurvey/convert.ts";
import { buildLetterAnswers, detectFileKind, isLetterMapping, parseEuroAmount, sameLetterMapping, parseLetterMapping, parseStaffStatus, proposeLetterMapping, type LetterMappingEntry } from "../../../app/domain/limesurvey/letters.ts";
import { readStructure } from "../../../app/domain/limesurvey/source.ts";
import { bilanLss } from "../../fixtures/limesurvey-bilan.ts";
import { letterLss } from "../../fixtures/limesurvey-letter.ts";

const structureOf = (xml: string) => {
  const survey = readStructure("s.lss", new TextEncoder().encode(xml));
  return { survey, fields: convertStructure(survey).fields };
};

describe("letter mapping proposal", () => {
  it("maps the UAI, the chef, each referent's fields and the split of the missions from codes and titles", () => {
    const { survey, fields } = structureOf(letterLss());
    const proposal = proposeLetterMapping(survey, fields).map(({ column, field, referent, mission }) => ({ column, field, referent, mission }));
    const find = (column: string) => proposal.find((p) => p.column === column);
    expect(find("UAI")).toMatchObject({ field: "uai" });
    expect(find("CHEF")).toMatchObject({ field: "chef_nom" });
    expect(find("REF1_NOM")).toMatchObject({ field: "nom", referent: 1 });
    expect(find("REF1_PRENOM")).toMatchObject({ field: "prenom", referent: 1 });
    expect(find("REF2_MAIL")).toMatchObject({ field: "email", referent: 2 });
    expect(find("REF2_STATUT")).toMatchObject({ field: "statut", referent: 2 });
    expect(find("REF3_IMP")).toMatchObject({ field: "imp_montant", referent: 3 });
    expect(find("REF3_ALLEG")).toMatchObject({ field: "allegement_heures", referent: 3 });
    expect(find("REPART_PEDA")).toMatchObject({ field: "mission", mission: "support_team" });
    expect(find("REPART_CONS")).toMatchObject({ field: "mission", mission: "advise_head" });
    expect(find("REPART_COM")).toMatchObject({ field: "mission", mission: "communicate" });
    expect(find("REPART_FORM")).toMatchObject({ field: "mission", mission: "self_training" });
    expect(find("REPART_ENTADM")).toMatchObject({ field: "mission", mission: "ent_administrator" });
    expect(find("REPART_SITE")).toMatchObject({ field: "mission", mission: "website" });
    expect(find("PRIO")).toBeUndefined();
    expect(proposal).toHaveLength(2 + 3 * 6 + 6);
    // The proposal is itself a valid mapping.
    expect(parseLetterMapping(proposal.map(({ referent, mission, ...e }) => ({ ...e, ...(referent ? { referent } : {}), ...(mission ? { mission } : {}) }))).ok).toBe(true);
  });

  it("reads the referent's number from codes and titles, not from any digit of a code", () => {
    const xml = letterLss().replace(/<title><!\[CDATA\[REF1\]\]><\/title>/, "<title><![CDATA[Q12]]></title>").replace("<![CDATA[Référent 1]]>", "<![CDATA[Premier référent]]>");
    const { survey, fields } = structureOf(xml);
    const proposal = proposeLetterMapping(survey, fields);
    expect(proposal.find((p) => p.column === "Q12_NOM")).toMatchObject({ field: "nom", referent: 1 });
    expect(proposal.find((p) => p.column === "REF2_NOM")).toMatchObject({ field: "nom", referent: 2 });
  });

  it("detects a letter file, and a bilan file as a bilan", () => {
    const letter = structureOf(letterLss());
    expect(detectFileKind(letter.survey, letter.fields)).toBe("letter");
    const untitled = structureOf(letterLss("Enquête RUPN 2022"));
    expect(detectFileKind(untitled.survey, untitled.fields)).toBe("letter"); // IMP amounts next to referents
    const bilan = structureOf(bilanLss());
    expect(detectFileKind(bilan.survey, bilan.fields)).toBe("bilan");
  });
});

describe("amounts in euros", () => {
  it.each([
    ["625", 62_500], ["625,00 €", 62_500], ["1 250 €", 125_000], ["1\u202f250,00\u00a0€", 125_000], ["1250.00", 125_000],
    ["312,5", 31_250], ["1.250,50 €", 125_050], ["3750 euros", 375_000], [625, 62_500], [312.5, 31_250], ["0", 0],
  ])("%s → %i cents", (raw, cents) => expect(parseEuroAmount(raw)).toBe(cents));
  it.each(["beaucoup", "1,250", "12 50", "625,005", "-625", "6 2 5", "625 € par an"])("« %s » is reported, not guessed", (raw) => expect(parseEuroAmount(raw)).toBe("invalid"));
  it("an empty cell is no amount", () => {
    expect(parseEuroAmount("")).toBeNull();
    expect(parseEuroAmount(undefined)).toBeNull();
  });
  it("reads statuses", () => {
    expect(parseStaffStatus("Professeur documentaliste")).toBe("documentaliste");
    expect(parseStaffStatus("CPE")).toBe("cpe");
    expect(parseStaffStatus("Enseignante")).toBe("enseignant");
    expect(parseStaffStatus("AED")).toBeNull();
  });
});

describe("letter answers of one response", () => {
  const entries: LetterMappingEntry[] = [
    { column: "U", field: "uai" }, { column: "C", field: "chef_nom" },
    { column: "N1", field: "nom", referent: 1 }, { column: "M1", field: "email", referent: 1 }, { column: "I1", field: "imp_montant", referent: 1 }, { column: "S1", field: "statut", referent: 1 },
    { column: "N2", field: "nom", referent: 2 }, { column: "M2", field: "email", referent: 2 }, { column: "I2", field: "imp_montant", referent: 2 }, { column: "A2", field: "allegement_heures", referent: 2 },
    { column: "P", field: "mission", mission: "support_team" }, { column: "T", field: "mission", mission: "tablets" }, { column: "W1", field: "mission", mission: "website", referent: 1 },
  ];
  const build = (values: Record<string, string>) => buildLetterAnswers(entries, (c) => values[c], (n) => `x${n}@historique.invalid`);

  it("builds referents, recognition, split and chef; reports what it cannot read", () => {
    const out = build({ U: "0860001j", C: "Anne Le Bras", N1: "Dupont", M1: "A.Dupont@ac-test.fr", I1: "1 250 €", S1: "Enseignant", N2: "Martin", I2: "mille", A2: "1,5", P: "Référent 1 et 2", T: "Non concerné", W1: "Y" });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.uai).toBe("0860001J");
    expect(out.data.chef_nom).toBe("Anne Le Bras");
    expect(out.data.referents).toEqual([
      { prenom: "", nom: "Dupont", email: "a.dupont@ac-test.fr", statut: "enseignant", nouveau: false, periode: "annee", reconnaissance: "imp", imp_montant: 1250 },
      { prenom: "", nom: "Martin", email: "x2@historique.invalid", nouveau: false, periode: "annee", reconnaissance: "allegement", allegement_heures: 1.5 },
    ]);
    expect(out.data.repartition).toEqual({ support_team: { responsables: ["a.dupont@ac-test.fr", "x2@historique.invalid"] }, tablets: { non_concerne: true }, website: { responsables: ["a.dupont@ac-test.fr"] } });
    expect(out.notes.join("\n")).toMatch(/référent 2 \(Martin\) : pas d'adresse électronique/);
    expect(out.notes.join("\n")).toMatch(/montant d'IMP « mille » illisible \(colonne I2\)/);
  });

  it("refuses a response without referent or with a wrong UAI, with a French reason", () => {
    expect(build({ U: "0860001J" })).toEqual({ ok: false, reason: expect.stringMatching(/aucun référent/) });
    expect(build({ U: "0860001B", N1: "Dupont" })).toEqual({ ok: false, reason: expect.stringMatching(/^colonne U : .*lettre/) });
  });

  it("checks a mapping file and tells a letter mapping from a bilan one", () => {
    expect(parseLetterMapping([{ column: "N1", field: "nom" }])).toEqual({ ok: false, errors: [expect.stringMatching(/numéro du référent/)] });
    expect(parseLetterMapping({ lettre: [{ column: "X", field: "mission", mission: "inconnue" }] })).toEqual({ ok: false, errors: [expect.stringMatching(/mission inconnue/)] });
    expect(isLetterMapping({ lettre: [{ column: "N1", field: "nom", referent: 1 }] })).toBe(true);
    expect(sameLetterMapping([{ column: "A", field: "nom", referent: 1 }, { column: "U", field: "uai" }], [{ field: "uai", column: "U" }, { referent: 1, field: "nom", column: "A" }] as LetterMappingEntry[])).toBe(true);
    expect(sameLetterMapping([{ column: "A", field: "nom", referent: 1 }], [{ column: "A", field: "nom", referent: 2 }])).toBe(false);
    expect(isLetterMapping([{ column: "H", indicator: "workload.assistance", unit: "count" }])).toBe(false);
  });
});
