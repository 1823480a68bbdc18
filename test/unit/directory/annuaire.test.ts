import { createReadStream, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { readAnnuaire, readAnnuaireJson, type AnnuaireEvent } from "../../../app/domain/directory/annuaire";
import { DirectoryFileError, collectEvents } from "../../../app/domain/directory/common";
import { uaiCheckLetter } from "../../../app/domain/uai";
import { FIXTURES, chunked, column, latin1Bytes, listCsv, naiveTable, plain, uaiLooksValid } from "./oracle";

const collect = (events: AsyncIterable<AnnuaireEvent>) => collectEvents(events);
const uai = (digits: string) => digits + uaiCheckLetter(digits);

// ---------------------------------------------------------------------------------------------------------------
// Every CSV under fixtures/annuaire: annuaire exports are imported and checked against a naive reading of the file;
// the other files (géolocalisation, carte scolaire) must be refused with a French message naming what they are.
// ---------------------------------------------------------------------------------------------------------------

/** Figures computed once by hand (Python csv module) from the fixtures; the oracle below recomputes them. */
const EXPECTED: Record<string, { byType: Record<string, number>; rejected: number; pupils: number; withPupils: number }> = {
  "carte_scolaire_dev/fr-en-annuaire-education.csv": {
    byType: { COLLEGE: 654, LYCEE: 296, LYCEE_PRO: 259, EREA: 5, OTHER: 0 },
    rejected: 3,
    pupils: 0,
    withPupils: 0,
  },
  "coll-ges35/fr-en-annuaire-education.csv": {
    byType: { COLLEGE: 116, LYCEE: 41, LYCEE_PRO: 43, EREA: 2, OTHER: 0 },
    rejected: 3,
    pupils: 96461,
    withPupils: 163,
  },
};
const NOT_ANNUAIRE: Record<string, RegExp> = {
  "coll-ges35/fr-en-adresse-et-geolocalisation-etablissements-premier-et-second-degre.csv": /géolocalisation/,
  "coll-ges35/fr-en-carte-scolaire-colleges-publics.csv": /carte scolaire des collèges publics/,
};

/** Independent reading: Type_etablissement + code_nature (320/334 = professionnel), first occurrence of a UAI wins. */
function oracle(file: string) {
  const table = naiveTable(file);
  expect(table.irregular, "the naive split must fit the header on every line").toEqual([]);
  const at = (name: string) => column(table.header, name);
  const [iUai, iType, iNature, iNatureLabel, iPupils] = [
    at("Identifiant_de_l_etablissement"),
    at("Type_etablissement"),
    at("code_nature"),
    at("libelle_nature"),
    at("Nombre_d_eleves"),
  ];
  const byType: Record<string, number> = { COLLEGE: 0, LYCEE: 0, LYCEE_PRO: 0, EREA: 0, OTHER: 0 };
  const ignoredByLabel: Record<string, number> = {};
  const seen = new Set<string>();
  const rejectedLines: number[] = [];
  let pupils = 0;
  let withPupils = 0;
  for (const { line, cells } of table.rows) {
    const label = cells[iType].trim();
    const nature = cells[iNature].trim();
    const type =
      label === "Collège" ? "COLLEGE" : label === "EREA" ? "EREA" : label === "Lycée" ? (["320", "334"].includes(nature) ? "LYCEE_PRO" : "LYCEE") : null;
    if (!label) expect(["340", "350", "300", "302", "306", "320", "334", "370"], "oracle covers typed rows only").not.toContain(nature);
    if (!type) {
      const key = label || cells[iNatureLabel].trim();
      ignoredByLabel[key] = (ignoredByLabel[key] ?? 0) + 1;
      continue;
    }
    const code = cells[iUai].trim();
    if (!uaiLooksValid(code) || seen.has(code)) {
      rejectedLines.push(line);
      continue;
    }
    seen.add(code);
    byType[type]++;
    if (iPupils >= 0 && cells[iPupils].trim()) {
      pupils += Number(cells[iPupils]);
      withPupils++;
    }
  }
  return { byType, ignoredByLabel, rejectedLines, pupils, withPupils, headerWidth: table.header.length };
}

describe("annuaire fixtures", () => {
  const files = listCsv("annuaire");
  it("covers every CSV under fixtures/annuaire", () => {
    const names = files.map((f) => path.relative(path.join(FIXTURES, "annuaire"), f));
    expect(names.sort()).toEqual([...Object.keys(EXPECTED), ...Object.keys(NOT_ANNUAIRE)].sort());
  });

  for (const file of files) {
    const name = path.relative(path.join(FIXTURES, "annuaire"), file);
    const isAnnuaire = naiveTable(file).header.some((h) => plain(h) === "type_etablissement");

    if (!isAnnuaire) {
      it(`${name}: refused as another kind of file`, async () => {
        const run = collect(readAnnuaire(readFileSync(file)));
        await expect(run).rejects.toBeInstanceOf(DirectoryFileError);
        await expect(collect(readAnnuaire(readFileSync(file)))).rejects.toThrow(NOT_ANNUAIRE[name]);
      });
      continue;
    }

    it(`${name}: establishments by type, rejections and pupils match an independent reading`, async () => {
      const expected = oracle(file);
      const { records, rejections, summary, header } = await collect(readAnnuaire(readFileSync(file)));
      const byType: Record<string, number> = { COLLEGE: 0, LYCEE: 0, LYCEE_PRO: 0, EREA: 0, OTHER: 0 };
      for (const record of records) byType[record.type]++;

      expect(byType).toEqual(expected.byType);
      expect(byType).toEqual(EXPECTED[name].byType);
      expect(summary.byType).toEqual(byType);
      expect(rejections.map((r) => r.line)).toEqual(expected.rejectedLines);
      expect(rejections).toHaveLength(EXPECTED[name].rejected);
      for (const rejection of rejections) expect(rejection.reason).toMatch(/^UAI \d{7}[A-Z] en double, déjà lu ligne \d+/);
      expect(summary.ignoredByLabel).toEqual(expected.ignoredByLabel);

      const pupils = records.reduce((sum, r) => sum + (r.pupilCount ?? 0), 0);
      expect(pupils).toBe(expected.pupils);
      expect(pupils).toBe(EXPECTED[name].pupils);
      expect(records.filter((r) => r.pupilCount !== null)).toHaveLength(EXPECTED[name].withPupils);
      expect(header.hasPupilCount).toBe(true);
      expect(header.unknownColumns).toEqual([]);
      expect(new Set(records.map((r) => r.uai)).size).toBe(records.length);
      expect(records.every((r) => r.sector === "PUBLIC" || r.sector === "PRIVATE")).toBe(true);
    });
  }

  it("Occitanie 2024 (72 columns, LF): fields of one record", async () => {
    const file = path.join(FIXTURES, "annuaire/carte_scolaire_dev/fr-en-annuaire-education.csv");
    const { records, summary } = await collect(readAnnuaire(readFileSync(file)));
    expect(records.find((r) => r.uai === "0311131L")).toEqual({
      uai: "0311131L",
      name: "Lycée polyvalent privé Sainte-Thérèse",
      type: "LYCEE",
      sector: "PRIVATE",
      academyCode: "16",
      academyName: "Toulouse",
      departmentCode: "031",
      departmentName: "Haute-Garonne",
      commune: "Saint-Gaudens",
      communeCode: "31483",
      basinCode: "16106",
      basinName: "COMMINGES",
      priorityEducation: null,
      email: "0311131l@ac-toulouse.fr",
      pupilCount: null,
      closed: false,
      closedOn: null,
      openedOn: "1967-05-08",
      natureCode: "306",
      natureLabel: "LYCEE POLYVALENT",
      ministry: "MINISTERE DE L'EDUCATION NATIONALE",
      parentUai: null,
      line: 2,
    });
    expect(summary.decoding).toMatchObject({ encoding: "utf-8", bom: true, lineBreak: "LF", endsWithNewline: true });
    expect(records.filter((r) => r.priorityEducation === "REP+")).toHaveLength(19);
    expect(records.filter((r) => r.priorityEducation === "REP")).toHaveLength(31);
  });

  it("streams: chunks of odd sizes and a file stream give the same result as the whole buffer", async () => {
    const file = path.join(FIXTURES, "annuaire/coll-ges35/fr-en-annuaire-education.csv");
    const bytes = readFileSync(file);
    const whole = await collect(readAnnuaire(bytes));
    const small = await collect(readAnnuaire(chunked(bytes, 997)));
    const stream = await collect(readAnnuaire(createReadStream(file, { highWaterMark: 4096 })));
    for (const other of [small, stream]) {
      expect(other.records).toEqual(whole.records);
      expect(other.rejections).toEqual(whole.rejections);
      expect(other.summary).toEqual(whole.summary);
    }
  });
  it("streams lazily: records come out while the source is still being produced (bounded memory)", async () => {
    const lines = readFileSync(path.join(FIXTURES, "annuaire/carte_scolaire_dev/fr-en-annuaire-education.csv"), "utf8").split("\n");
    const total = 5000;
    let produced = 0;
    async function* source() {
      const encoder = new TextEncoder();
      yield encoder.encode(lines[0] + "\r\n");
      for (let start = 0; start < total; start += 50) {
        let block = "";
        for (let i = start; i < start + 50; i++) block += lines[1].replace("0311131L", uai(String(1_000_000 + i))) + "\r\n";
        produced++;
        yield encoder.encode(block);
      }
    }
    const producedAt: number[] = [];
    let records = 0;
    for await (const event of readAnnuaire(source())) {
      if (event.kind === "record" && ++records % 1000 === 1) producedAt.push(produced);
    }
    expect(records).toBe(total);
    expect(producedAt[0]).toBeLessThanOrEqual(3);
    for (const [i, blocks] of producedAt.entries()) expect(blocks).toBeLessThan(i * 20 + 10);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Built-in messy inputs.
// ---------------------------------------------------------------------------------------------------------------

const HEADER = [
  "Identifiant_de_l_etablissement", "Nom_etablissement", "Type_etablissement", "Statut_public_prive", "Code_academie",
  "Libelle_academie", "Code_departement", "Nom_commune", "Mail", "Nombre_d_eleves",
  "Appartenance_Education_Prioritaire", "etat", "date_ouverture", "code_nature", "libelle_nature", "multi_uai",
];
const BASE: Record<string, string> = {
  Identifiant_de_l_etablissement: uai("0350002"),
  Nom_etablissement: "Collège Pierre Brossolette",
  Type_etablissement: "Collège",
  Statut_public_prive: "Public",
  Code_academie: "14",
  Libelle_academie: "Rennes",
  Code_departement: "035",
  Nom_commune: "Bruz",
  Mail: "ce.0350002m@ac-rennes.fr",
  Nombre_d_eleves: "768",
  Appartenance_Education_Prioritaire: "",
  etat: "OUVERT",
  date_ouverture: "1965-09-01",
  code_nature: "340",
  libelle_nature: "COLLEGE",
  multi_uai: "0",
};
function csv(rows: Record<string, string>[], header = HEADER, eol = "\r\n"): string {
  const line = (row: Record<string, string>) => header.map((h) => row[h] ?? BASE[h] ?? "").join(";");
  return [header.join(";"), ...rows.map(line)].join(eol) + eol;
}

describe("readAnnuaire on messy inputs", () => {
  it("maps columns by name whatever their order, case, accents or separators", async () => {
    const renamed = HEADER.map((h) => (h === "Identifiant_de_l_etablissement" ? "Identifiant de l'établissement" : h.toUpperCase()));
    const reversed = [...renamed].reverse();
    const rows = [{ ...BASE }].map((row) =>
      Object.fromEntries(HEADER.map((h, i) => [renamed[i], row[h]])),
    );
    const a = await collect(readAnnuaire(csv([BASE])));
    const b = await collect(readAnnuaire(csv(rows, reversed, "\n")));
    expect(b.records).toEqual(a.records);
    expect(a.records[0]).toMatchObject({ uai: "0350002M", type: "COLLEGE", pupilCount: 768, openedOn: "1965-09-01" });
  });

  it("rejects a UAI with a wrong check letter, with its line and a French reason, and imports the rest", async () => {
    const { records, rejections } = await collect(
      readAnnuaire(csv([{ Identifiant_de_l_etablissement: "0350002A" }, {}])),
    );
    expect(rejections).toEqual([
      { kind: "rejected", line: 2, uai: "0350002A", reason: "UAI 0350002A : la lettre clé devrait être M." },
    ]);
    expect(records.map((r) => r.line)).toEqual([3]);
  });

  it("rejects the second occurrence of a UAI", async () => {
    const { records, rejections } = await collect(
      readAnnuaire(csv([{}, { Nom_etablissement: "Collège Pierre Brossolette - annexe", multi_uai: "1" }])),
    );
    expect(records).toHaveLength(1);
    expect(rejections).toEqual([
      {
        kind: "rejected",
        line: 3,
        uai: "0350002M",
        reason:
          "UAI 0350002M en double, déjà lu ligne 2 (établissement décrit sur plusieurs lignes : annexe ou cité scolaire) : seule la première ligne est importée.",
      },
    ]);
  });

  it("reports a truncated last line and keeps the complete rows", async () => {
    const text = csv([{}, { Identifiant_de_l_etablissement: uai("0350003") }]);
    const truncated = text.slice(0, text.lastIndexOf("Public"));
    const { records, rejections } = await collect(readAnnuaire(truncated));
    expect(records.map((r) => r.uai)).toEqual(["0350002M"]);
    expect(rejections).toHaveLength(1);
    expect(rejections[0]).toMatchObject({ line: 3, uai: uai("0350003") });
    expect(rejections[0].reason).toMatch(/^Dernière ligne tronquée \(4 colonnes au lieu de 16\)/);
  });

  it("reads a Latin-1 file: « Collège Sévigné » and its type", async () => {
    const text = csv([{ Nom_etablissement: "Coll\u00e8ge S\u00e9vign\u00e9", Nom_commune: "Cesson-S\u00e9vign\u00e9", Statut_public_prive: "Priv\u00e9" }]);
    const { records, summary } = await collect(readAnnuaire(latin1Bytes(text)));
    expect(records[0]).toMatchObject({ name: "Collège Sévigné", commune: "Cesson-Sévigné", type: "COLLEGE", sector: "PRIVATE" });
    expect(summary.decoding?.encoding).toBe("windows-1252");
  });

  it("reads dd/mm/yyyy dates and keeps the row when a date is impossible (warning)", async () => {
    const { records, warnings } = await collect(
      readAnnuaire(csv([{ date_ouverture: "01/09/1965" }, { Identifiant_de_l_etablissement: uai("0350003"), date_ouverture: "31/02/1970" }])),
    );
    expect(records.map((r) => r.openedOn)).toEqual(["1965-09-01", null]);
    expect(warnings).toEqual([{ line: 3, warning: "Date impossible : « 31/02/1970 »." }]);
  });

  it("pupil count: empty → null, « 1 019 » → 1019, « 2,17E+13 » → null with a warning", async () => {
    const { records, warnings, rejections } = await collect(
      readAnnuaire(
        csv([
          { Nombre_d_eleves: "" },
          { Identifiant_de_l_etablissement: uai("0350003"), Nombre_d_eleves: "1 019" },
          { Identifiant_de_l_etablissement: uai("0350004"), Nombre_d_eleves: "2,17E+13" },
        ]),
      ),
    );
    expect(rejections).toEqual([]);
    expect(records.map((r) => r.pupilCount)).toEqual([null, 1019, null]);
    expect(warnings[0].warning).toMatch(/^nombre d'élèves invraisemblable \(« 2,17E\+13 = 21 700 000 000 000 »/);
  });

  it("types: lycée professionnel by code nature, EREA, out-of-scope kinds counted by label; FERME = closed", async () => {
    const { records, summary } = await collect(
      readAnnuaire(
        csv([
          { Identifiant_de_l_etablissement: uai("0350010"), Type_etablissement: "Lycée", code_nature: "320", etat: "FERME" },
          { Identifiant_de_l_etablissement: uai("0350011"), Type_etablissement: "Lycée", code_nature: "306", etat: "A FERMER" },
          { Identifiant_de_l_etablissement: uai("0350012"), Type_etablissement: "EREA", code_nature: "370" },
          { Identifiant_de_l_etablissement: uai("0350013"), Type_etablissement: "Ecole" },
          { Identifiant_de_l_etablissement: "bad", Type_etablissement: "Ecole" },
          { Identifiant_de_l_etablissement: uai("0350014"), Type_etablissement: "", libelle_nature: "ECOLES COMPOSEES UNIQT DE STS ET OU CPGE", code_nature: "400" },
        ]),
      ),
    );
    expect(records.map((r) => [r.type, r.closed])).toEqual([["LYCEE_PRO", true], ["LYCEE", false], ["EREA", false]]);
    expect(summary.ignoredByLabel).toEqual({ Ecole: 2, "ECOLES COMPOSEES UNIQT DE STS ET OU CPGE": 1 });
    expect(summary.rejected).toBe(0);
  });

  it("rejects rows without sector, name or academy and reports unknown columns", async () => {
    const header = [...HEADER, "Colonne_mystere"];
    const { records, rejections, header: info } = await collect(
      readAnnuaire(
        csv(
          [
            { Statut_public_prive: "Associatif" },
            { Identifiant_de_l_etablissement: uai("0350003"), Nom_etablissement: "" },
            { Identifiant_de_l_etablissement: uai("0350004"), Code_academie: "" },
          ],
          header,
        ),
      ),
    );
    expect(records).toEqual([]);
    expect(rejections.map((r) => r.reason)).toEqual([
      "Statut public/privé non reconnu : « Associatif ».",
      "Nom de l'établissement manquant.",
      "Code académie manquant.",
    ]);
    expect(info.unknownColumns).toEqual(["Colonne_mystere"]);
    expect(info.messages).toEqual(["Colonnes non reconnues, ignorées : « Colonne_mystere »."]);
  });

  it("refuses a file without a required column, and an effectifs file, with French messages", async () => {
    const header = HEADER.filter((h) => h !== "Statut_public_prive");
    await expect(collect(readAnnuaire(csv([{}], header)))).rejects.toThrow(
      "Colonnes obligatoires absentes de l'annuaire : Statut_public_prive.",
    );
    const effectifs = readFileSync(path.join(FIXTURES, "effectifs/coll-ges35/fr-en-college-effectifs-niveau-sexe-lv.csv"));
    await expect(collect(readAnnuaire(effectifs))).rejects.toThrow(
      "Ce fichier contient les effectifs des collèges (fr-en-college-effectifs-niveau-sexe-lv), pas l'annuaire de l'éducation (fr-en-annuaire-education). Choisissez le bon fichier ou le bon import.",
    );
  });

  it("reads the JSON export (lowercase names, numbers as numbers, null fields left out)", async () => {
    const objects = [
      {
        identifiant_de_l_etablissement: "0350002M", nom_etablissement: "Collège Pierre Brossolette", type_etablissement: "Collège",
        statut_public_prive: "Public", code_academie: "14", libelle_academie: "Rennes", nombre_d_eleves: 768,
        appartenance_education_prioritaire: "REP+", code_nature: "340", position: { lon: -1.68, lat: 48.03 },
      },
      { identifiant_de_l_etablissement: uai("0350003"), nom_etablissement: "Lycée X", type_etablissement: "Lycée", statut_public_prive: "Privé", code_academie: "14" },
      { identifiant_de_l_etablissement: uai("0350004"), nom_etablissement: "École Y", type_etablissement: "Ecole", statut_public_prive: "Public", code_academie: "14" },
    ];
    const { records, summary, header } = await collect(readAnnuaireJson(objects));
    expect(records.map((r) => [r.uai, r.type, r.sector, r.pupilCount, r.priorityEducation, r.line])).toEqual([
      ["0350002M", "COLLEGE", "PUBLIC", 768, "REP+", 1],
      [uai("0350003"), "LYCEE", "PRIVATE", null, null, 2],
    ]);
    expect(summary.ignoredByLabel).toEqual({ Ecole: 1 });
    expect(header.unknownColumns).toEqual([]);
    await expect(
      collect(readAnnuaireJson([{ numero_uai: "0350002M", appellation_officielle: "Collège", latitude: 48 }])),
    ).rejects.toThrow(/géolocalisation/);
  });
});
