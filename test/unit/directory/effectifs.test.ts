import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { DirectoryFileError, collectEvents } from "../../../app/domain/directory/common";
import { consolidateEffectifs } from "../../../app/domain/directory/consolidate";
import {
  classifyDenomination,
  readEffectifs,
  type EffectifRecord,
  type EffectifsEvent,
} from "../../../app/domain/directory/effectifs";
import { uaiCheckLetter } from "../../../app/domain/uai";
import { FIXTURES, chunked, column, latin1Bytes, listCsv, naiveTable, plain, uaiLooksValid } from "./oracle";

const collect = (events: AsyncIterable<EffectifsEvent>) => collectEvents(events);
const uai = (digits: string) => digits + uaiCheckLetter(digits);
const read = (relative: string) => readFileSync(path.join(FIXTURES, "effectifs", relative));

// ---------------------------------------------------------------------------------------------------------------
// Every CSV under fixtures/effectifs, against a naive reading of the file.
// ---------------------------------------------------------------------------------------------------------------

/** Figures computed once by hand (Python csv module); the oracle below recomputes them from the file. */
const EXPECTED: Record<string, { kind: string; perYear: Record<string, number>; records: number; rejected: number }> = {
  "Parcoursup_ISD/fr-en-lycee_pro-effectifs-niveau-sexe-lv.csv": {
    kind: "lycee_pro",
    perYear: { "2019-2020": 640509, "2020-2021": 639351, "2021-2022": 628753, "2022-2023": 623648 },
    records: 8846,
    rejected: 24,
  },
  "coll-ges35/fr-en-college-effectifs-niveau-sexe-lv.csv": {
    kind: "college",
    perYear: { "2019-2020": 56959, "2020-2021": 57639, "2021-2022": 57649 },
    records: 374,
    rejected: 0,
  },
  "coll-ges35/fr-en-effectifs-second-degre.csv": {
    kind: "second_degre",
    perYear: { "2015-2016": 96639, "2016-2017": 98160, "2017-2018": 99563, "2018-2019": 100638, "2019-2020": 101542 },
    records: 815,
    rejected: 8,
  },
  "exam-data/fr-en-lycee_gt-effectifs-niveau-sexe-lv.csv": {
    kind: "lycee_gt",
    perYear: { "2019-2020": 1625066, "2020-2021": 1604358, "2021-2022": 1620602 },
    records: 7506,
    rejected: 0,
  },
};

/** Independent reading: UAI column = first "numéro…", year = "rentrée…"/"année…", count = the total column. */
function oracle(file: string) {
  const table = naiveTable(file);
  expect(table.irregular, "the naive split must fit the header on every line").toEqual([]);
  const iUai = table.header.findIndex((h) => plain(h).startsWith("numero"));
  const iYear = table.header.findIndex((h) => /^(rentree|annee)/.test(plain(h)));
  const exact = column(table.header, "nombre_d_eleves");
  const iCount = exact >= 0 ? exact : table.header.findIndex((h) => plain(h).startsWith("nombre d'eleves total ("));
  expect([iUai, iYear, iCount].every((i) => i >= 0)).toBe(true);
  const perYear: Record<string, number> = {};
  const seen = new Set<string>();
  const rejectedLines: number[] = [];
  let records = 0;
  for (const { line, cells } of table.rows) {
    const code = cells[iUai].trim();
    const rentree = cells[iYear].trim();
    const year = /^\d{4}$/.test(rentree) ? `${rentree}-${Number(rentree) + 1}` : rentree;
    expect(year).toMatch(/^\d{4}-\d{4}$/);
    const count = cells[iCount].trim();
    if (!uaiLooksValid(code) || count === "" || seen.has(`${code}|${year}`)) {
      rejectedLines.push(line);
      continue;
    }
    expect(count).toMatch(/^\d+$/);
    seen.add(`${code}|${year}`);
    perYear[year] = (perYear[year] ?? 0) + Number(count);
    records++;
  }
  return { perYear, rejectedLines, records };
}

function sumPerYear(records: EffectifRecord[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of records) out[r.schoolYearId] = (out[r.schoolYearId] ?? 0) + r.pupilCount;
  return out;
}

describe("effectifs fixtures", () => {
  const files = listCsv("effectifs");
  it("covers every CSV under fixtures/effectifs", () => {
    const names = files.map((f) => path.relative(path.join(FIXTURES, "effectifs"), f));
    expect(names.sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const file of files) {
    const name = path.relative(path.join(FIXTURES, "effectifs"), file);
    it(`${name}: pupils per school year match an independent reading`, async () => {
      const expected = oracle(file);
      const { records, rejections, summary, header } = await collect(readEffectifs(readFileSync(file)));
      expect(header.fileKind).toBe(EXPECTED[name].kind);
      expect(header.unknownColumns).toEqual([]);
      expect(sumPerYear(records)).toEqual(expected.perYear);
      expect(sumPerYear(records)).toEqual(EXPECTED[name].perYear);
      expect(records).toHaveLength(expected.records);
      expect(records).toHaveLength(EXPECTED[name].records);
      expect(rejections.map((r) => r.line)).toEqual(expected.rejectedLines);
      expect(rejections).toHaveLength(EXPECTED[name].rejected);
      expect(Object.fromEntries(Object.entries(summary.byYear).map(([y, v]) => [y, v.pupils]))).toEqual(expected.perYear);
      for (const r of records) expect(r.source).toBe(path.basename(name, ".csv"));
    });
  }

  it("collège file: LP, lycée and EREA rows are partial (3e classes…), collège rows are totals", async () => {
    const { records } = await collect(readEffectifs(read("coll-ges35/fr-en-college-effectifs-niveau-sexe-lv.csv")));
    const lp = records.find((r) => r.uai === "0350102W" && r.schoolYearId === "2020-2021");
    expect(lp).toMatchObject({ pupilCount: 23, part: "college", scope: "partial", denominationKind: "lycee_pro" });
    for (const r of records) {
      expect(r.scope).toBe(/^COLL[EÈ]GE/.test(r.denomination) ? "total" : "partial");
    }
    expect(records.filter((r) => r.scope === "partial")).toHaveLength(53);
    expect(records.find((r) => r.denomination === "COLLÈGE PRIVÉ")).toMatchObject({ denominationKind: "college", scope: "total" });
  });

  it("second-degré file: bad UAI keys (masked « …O » codes) are reported, one total per establishment", async () => {
    const { records, rejections } = await collect(readEffectifs(read("coll-ges35/fr-en-effectifs-second-degre.csv")));
    expect(rejections[0]).toEqual({ kind: "rejected", line: 52, uai: "0351122O", reason: "UAI 0351122O : la lettre clé devrait être E." });
    expect(records.every((r) => r.scope === "total" && r.part === "etablissement")).toBe(true);
  });

  it("lycée pro file: empty pupil counts are reported with their UAI and year", async () => {
    const { rejections } = await collect(readEffectifs(read("Parcoursup_ISD/fr-en-lycee_pro-effectifs-niveau-sexe-lv.csv")));
    expect(rejections[0]).toEqual({
      kind: "rejected",
      line: 430,
      uai: "0623328F",
      reason: "Nombre d'élèves non renseigné (2022-2023) : ligne ignorée.",
    });
    expect(rejections.every((r) => r.reason.startsWith("Nombre d'élèves non renseigné"))).toBe(true);
  });

  it("lycée GT file (no final line break, 175 columns): the last line is imported; chunked reading is identical", async () => {
    const bytes = read("exam-data/fr-en-lycee_gt-effectifs-niveau-sexe-lv.csv");
    const whole = await collect(readEffectifs(bytes));
    expect(whole.records[whole.records.length - 1]).toMatchObject({ line: 7507, uai: "0831616F", pupilCount: 884 });
    expect(whole.summary.decoding).toMatchObject({ endsWithNewline: false, bom: false });
    const streamed = await collect(readEffectifs(chunked(bytes, 8191)));
    expect(streamed.records).toEqual(whole.records);
  });

  it("consolidation: parts add up per establishment and year; an LP's 3e count alone is never a total", async () => {
    const college = await collect(readEffectifs(read("coll-ges35/fr-en-college-effectifs-niveau-sexe-lv.csv")));
    const pro = await collect(readEffectifs(read("Parcoursup_ISD/fr-en-lycee_pro-effectifs-niveau-sexe-lv.csv")));
    const gt = await collect(readEffectifs(read("exam-data/fr-en-lycee_gt-effectifs-niveau-sexe-lv.csv")));
    const all = [...college.records, ...pro.records, ...gt.records];
    const consolidated = consolidateEffectifs(all);
    const key = (u: string, y: string) => `${u}|${y}`;
    const expectedSums = new Map<string, number>();
    for (const r of all) expectedSums.set(key(r.uai, r.schoolYearId), (expectedSums.get(key(r.uai, r.schoolYearId)) ?? 0) + r.pupilCount);
    expect(consolidated).toHaveLength(expectedSums.size);
    for (const c of consolidated) expect(c.pupilCount).toBe(expectedSums.get(key(c.uai, c.schoolYearId)));

    const lpAlone = consolidateEffectifs(college.records).find((c) => c.uai === "0350102W" && c.schoolYearId === "2020-2021");
    expect(lpAlone).toMatchObject({ pupilCount: 23, scope: "partial", parts: ["college"] });
    const lpPro = pro.records.find((r) => r.uai === "0350102W" && r.schoolYearId === "2020-2021")!;
    const lpBoth = consolidated.find((c) => c.uai === "0350102W" && c.schoolYearId === "2020-2021");
    expect(lpBoth).toMatchObject({ pupilCount: 23 + lpPro.pupilCount, scope: "total", parts: ["college", "lycee_pro"] });

    const lpo = consolidated.find((c) => c.uai === "0031044U" && c.schoolYearId === "2020-2021");
    expect(lpo).toMatchObject({ scope: "total", parts: ["lycee_pro", "lycee_gt"], source: "fr-en-lycee_pro-effectifs-niveau-sexe-lv+fr-en-lycee_gt-effectifs-niveau-sexe-lv" });
    const lpoGtOnly = consolidateEffectifs(gt.records).find((c) => c.uai === "0031044U" && c.schoolYearId === "2020-2021");
    expect(lpoGtOnly).toMatchObject({ pupilCount: 98, scope: "partial" });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Built-in messy inputs.
// ---------------------------------------------------------------------------------------------------------------

const COLLEGE_API = ["rentree_scolaire", "numero_college", "denomination_principale", "patronyme", "secteur", "nombre_eleves_total", "nombre_eleves_total_hors_segpa_hors_ulis", "rep", "rep0"];
const lines = (...rows: string[]) => rows.join("\r\n") + "\r\n";

describe("readEffectifs on messy inputs", () => {
  it("reads the API-style collège header (numero_college, nombre_eleves_total) and several year notations", async () => {
    const { records, header } = await collect(
      readEffectifs(
        lines(
          COLLEGE_API.join(";"),
          `2019;${uai("0350002")};COLLEGE;PIERRE BROSSOLETTE;PUBLIC;768;700;0;0`,
          `2020-2021;${uai("0350002")};COLLEGE;PIERRE BROSSOLETTE;PUBLIC;770;700;0;0`,
          `01/09/2021;${uai("0350002")};COLLEGE;PIERRE BROSSOLETTE;PUBLIC;1,2E+3;700;0;0`,
        ),
      ),
    );
    expect(header).toMatchObject({ fileKind: "college", columns: { uai: "numero_college", pupils: "nombre_eleves_total" } });
    expect(records.map((r) => [r.schoolYearId, r.pupilCount, r.scope, r.name])).toEqual([
      ["2019-2020", 768, "total", "COLLEGE PIERRE BROSSOLETTE"],
      ["2020-2021", 770, "total", "COLLEGE PIERRE BROSSOLETTE"],
      ["2021-2022", 1200, "total", "COLLEGE PIERRE BROSSOLETTE"],
    ]);
  });

  it("reads a Latin-1 collège file with French headers (« Numéro du collège », « COLLÈGE PRIVÉ »)", async () => {
    const text = lines(
      "Rentr\u00e9e scolaire;Num\u00e9ro du coll\u00e8ge;D\u00e9nomination principale;Patronyme;Nombre d'\u00e9l\u00e8ves total",
      `2021;${uai("0350003")};COLL\u00c8GE PRIV\u00c9;S\u00c9VIGN\u00c9;412`,
    );
    const { records } = await collect(readEffectifs(latin1Bytes(text)));
    expect(records).toEqual([
      expect.objectContaining({ uai: uai("0350003"), schoolYearId: "2021-2022", pupilCount: 412, denomination: "COLLÈGE PRIVÉ", name: "COLLÈGE PRIVÉ SÉVIGNÉ", scope: "total" }),
    ]);
  });

  it("rejects bad keys, 2,17E+13, empty counts, duplicates and a truncated last line, keeping the good rows", async () => {
    const good = uai("0350002");
    const { records, rejections } = await collect(
      readEffectifs(
        lines(
          "rentree_scolaire;numero_lycee;denomination_principale;nombre_d_eleves;2ndes_gt",
          `2020;0350002A;LYCEE GENERAL;400;150`,
          `2020;${good};LYCEE GENERAL;2,17E+13;150`,
          `2020;${good};LYCEE GENERAL;;150`,
          `2020;${good};LYCEE GENERAL;400;150`,
          `2021;${good};LYCEE GENERAL;410;150`,
          `2021;${good};LYCEE GENERAL;999;150`,
          `2022;${good};LYCEE`,
        ).replace(/\r\n$/, ""),
      ),
    );
    expect(records.map((r) => [r.line, r.schoolYearId, r.pupilCount, r.scope])).toEqual([
      [5, "2020-2021", 400, "total"],
      [6, "2021-2022", 410, "total"],
    ]);
    expect(rejections.map((r) => [r.line, r.uai, r.reason])).toEqual([
      [2, "0350002A", `UAI 0350002A : la lettre clé devrait être ${uaiCheckLetter("0350002")}.`],
      [3, good, "nombre d'élèves invraisemblable (« 2,17E+13 = 21 700 000 000 000 », maximum admis 20 000) : valeur sans doute abîmée par un tableur."],
      [4, good, "Nombre d'élèves non renseigné (2020-2021) : ligne ignorée."],
      [7, good, `UAI ${good} en double pour 2021-2022, déjà lu ligne 6 : seule la première ligne est importée.`],
      [8, good, "Dernière ligne tronquée (3 colonnes au lieu de 5) : le fichier semble incomplet."],
    ]);
  });

  it("reports unknown columns, and refuses a file whose pupil column it cannot find", async () => {
    const ok = await collect(
      readEffectifs(lines("Rentrée scolaire;Numéro du lycée;Nombre d'élèves;2ndes GT;Commentaire", `2020;${uai("0350002")};300;100;x`)),
    );
    expect(ok.header).toMatchObject({ fileKind: "lycee_gt", unknownColumns: ["Commentaire"] });
    expect(ok.header.messages).toEqual(["Colonnes non reconnues, ignorées : « Commentaire »."]);
    expect(ok.records[0].pupilCount).toBe(300);

    await expect(
      collect(readEffectifs(lines("Rentrée scolaire;Numéro du collège;Effectif", `2020;${uai("0350002")};300`))),
    ).rejects.toThrow(
      "Colonnes introuvables : nombre d'élèves (Nombre d'élèves total, nombre_eleves_total, nombre_d_eleves…). Colonnes non reconnues : Effectif.",
    );
  });

  it("refuses the annuaire and the carte scolaire with French messages", async () => {
    const annuaire = readFileSync(path.join(FIXTURES, "annuaire/coll-ges35/fr-en-annuaire-education.csv"));
    await expect(collect(readEffectifs(annuaire))).rejects.toThrow(
      "Ce fichier contient l'annuaire de l'éducation (fr-en-annuaire-education), pas un fichier d'effectifs (collèges, lycées GT, lycées professionnels ou second degré). Choisissez le bon fichier ou le bon import.",
    );
    const carte = readFileSync(path.join(FIXTURES, "annuaire/coll-ges35/fr-en-carte-scolaire-colleges-publics.csv"));
    await expect(collect(readEffectifs(carte))).rejects.toBeInstanceOf(DirectoryFileError);
    await expect(collect(readEffectifs(lines("a;b", "1;2")))).rejects.toThrow(/^Ce fichier n'est pas reconnu comme un fichier d'effectifs/);
  });
});

describe("classifyDenomination", () => {
  it.each([
    ["COLLEGE", "college"], ["COLLÈGE PRIVÉ", "college"], ["LYCEE POLYVALENT", "lycee_polyvalent"],
    ["LPO LYCEE DES METIERS", "lycee_polyvalent"], ["LYC POLYVAL PRIVE DES METIERS", "lycee_polyvalent"],
    ["LP LYCEE DES METIERS", "lycee_pro"], ["LYCEE PROFESSIONNEL PRIVE", "lycee_pro"], ["LYCEE PROFPRIVE DES METIERS", "lycee_pro"],
    ["SECTION ENSEIGNT PROFESSIONNEL", "lycee_pro"], ["CETAD", "lycee_pro"], ["LYCEE DES METIERS PRIVE", "lycee_pro"],
    ["LYCEE GENERAL ET TECHNOLOGIQUE", "lycee_gt"], ["LGT LYCEE DES METIERS", "lycee_gt"], ["LYCEE GEN.ET TECHNOL.PRIVE", "lycee_gt"],
    ["LYCEE D ENSEIGNEMENT GENERAL", "lycee_gt"], ["SECTION ENSEIGT GENERAL ET TECHNOLOGIQUE", "lycee_gt"], ["LG PRIVÉ", "lycee_gt"],
    ["ETAB.REGIONAL ENSEIGNT ADAPTE", "erea"], ["LYCEE D'ENSEIGNEMENT ADAPTE", "erea"], ["ETABLISSEMENT REGIONAL D'ENSEIGNT ADAPTE", "erea"],
    ["CITE SCOLAIRE", "cite_scolaire"], ["COLLEGE LYCEE ANNE MARIE JAVOU", "cite_scolaire"],
    ["MICRO LYCEE", "autre"], ["INSTITUTION", "autre"], ["", "autre"],
  ])("« %s » → %s", (denomination, kind) => {
    expect(classifyDenomination(denomination)).toBe(kind);
  });
});

describe("consolidateEffectifs", () => {
  const rec = (part: EffectifRecord["part"], pupilCount: number, denominationKind: EffectifRecord["denominationKind"], source: string = part): EffectifRecord => ({
    uai: "0350002M", schoolYearId: "2020-2021", pupilCount, source, part, denominationKind,
    scope: "partial", denomination: "", name: "", line: 2,
  });

  it("needs every expected part for a total; a whole-establishment figure wins; conflicts are reported", () => {
    expect(consolidateEffectifs([rec("lycee_gt", 300, "lycee_polyvalent")])[0]).toMatchObject({ pupilCount: 300, scope: "partial" });
    expect(consolidateEffectifs([rec("lycee_gt", 300, "lycee_polyvalent"), rec("lycee_pro", 200, "lycee_polyvalent")])[0])
      .toMatchObject({ pupilCount: 500, scope: "total", source: "lycee_gt+lycee_pro" });
    expect(consolidateEffectifs([rec("lycee_gt", 300, "autre")])[0]).toMatchObject({ scope: "partial" });
    expect(consolidateEffectifs([rec("lycee_gt", 300, "lycee_polyvalent"), rec("etablissement", 520, "lycee_polyvalent")])[0])
      .toMatchObject({ pupilCount: 520, scope: "total", parts: ["etablissement"] });
    const conflict = consolidateEffectifs([rec("college", 300, "college", "a"), rec("college", 310, "college", "b")])[0];
    expect(conflict).toMatchObject({ pupilCount: 300, scope: "total" });
    expect(conflict.conflicts).toEqual([
      "0350002M 2020-2021 : deux effectifs « college » différents (300 dans a, 310 dans b) ; le premier est retenu.",
    ]);
  });
});
