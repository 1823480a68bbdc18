// Directory imports into a real PostgreSQL: every fixture file, idempotence, scope, messy files, no partial writes.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { makeAcademy, makeUser, signedRequest } from "../setup/factories.ts";
import { FIXTURES, column, latin1Bytes, listCsv, naiveTable, uaiLooksValid } from "../unit/directory/oracle.ts";
import { getImportRun, importAnnuaire, importEffectifs, importScope, limitSize } from "../../app/services/imports.server.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { uaiCheckLetter } from "../../app/domain/uai.ts";

const { db } = useTestDatabase();
const opts = (fileName: string, extra = {}) => ({ fileName, actorId: null, channel: "cli" as const, ...extra });
const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
const uai = (digits: string) => digits + uaiCheckLetter(digits);

/** Independent count of the annuaire's secondary establishments (first occurrence of a valid UAI wins). */
function annuaireOracle(file: string) {
  const t = naiveTable(file);
  const [iUai, iType, iNature, iPupils, iAcademy] = ["Identifiant_de_l_etablissement", "Type_etablissement", "code_nature", "Nombre_d_eleves", "Code_academie"].map(
    (c) => column(t.header, c),
  );
  const byType: Record<string, number> = {};
  const seen = new Set<string>();
  const byAcademy: Record<string, number> = {};
  let pupils = 0;
  for (const { cells } of t.rows) {
    const label = cells[iType].trim();
    const type = label === "Collège" ? "COLLEGE" : label === "EREA" ? "EREA" : label === "Lycée" ? (["320", "334"].includes(cells[iNature].trim()) ? "LYCEE_PRO" : "LYCEE") : null;
    const code = cells[iUai].trim();
    if (!type || !uaiLooksValid(code) || seen.has(code)) continue;
    seen.add(code);
    byType[type] = (byType[type] ?? 0) + 1;
    byAcademy[cells[iAcademy].trim()] = (byAcademy[cells[iAcademy].trim()] ?? 0) + 1;
    if (iPupils >= 0 && cells[iPupils].trim()) pupils += Number(cells[iPupils]);
  }
  return { byType, total: seen.size, pupils, byAcademy };
}

async function countsByType() {
  const rows = await db().establishment.groupBy({ by: ["type"], _count: { _all: true } });
  return Object.fromEntries(rows.map((r) => [r.type, r._count._all]));
}

describe("annuaire import", () => {
  for (const file of listCsv("annuaire").filter((f) => f.endsWith("fr-en-annuaire-education.csv"))) {
    const name = path.relative(path.join(FIXTURES, "annuaire"), file);
    it(`${name}: establishments by type and pupil counts match the file; a second import changes nothing`, async () => {
      await db().establishmentYear.deleteMany();
      await db().establishment.deleteMany();
      const bytes = readFileSync(file);
      const expected = annuaireOracle(file);
      const first = await importAnnuaire(bytes, opts(path.basename(file), { pupilSchoolYearId: "2023-2024" }));
      expect(first.status).toBe("SUCCEEDED");
      expect(first.created).toBe(expected.total);
      expect(await countsByType()).toEqual(expected.byType);
      const pupils = await db().establishmentYear.aggregate({ where: { schoolYearId: "2023-2024" }, _sum: { pupilCount: true } });
      expect(pupils._sum.pupilCount ?? 0).toBe(expected.pupils);
      const run = await db().importRun.findUniqueOrThrow({ where: { id: first.runId } });
      expect(run).toMatchObject({ kind: "ANNUAIRE", checksum: sha256(bytes), byteSize: bytes.byteLength, created: expected.total, status: "SUCCEEDED" });

      const second = await importAnnuaire(bytes, opts(path.basename(file), { pupilSchoolYearId: "2023-2024" }));
      expect({ created: second.created, updated: second.updated, unchanged: second.unchanged }).toEqual({ created: 0, updated: 0, unchanged: expected.total });
      expect(await countsByType()).toEqual(expected.byType);
    });
  }

  it("keeps only the académie asked for, and a DANE's uploads are limited to its académie", async () => {
    await db().establishment.deleteMany();
    const file = path.join(FIXTURES, "annuaire/carte_scolaire_dev/fr-en-annuaire-education.csv");
    const expected = annuaireOracle(file);
    const [code, count] = Object.entries(expected.byAcademy).sort((a, b) => b[1] - a[1])[0];
    expect(Object.keys(expected.byAcademy).length).toBeGreaterThan(1);
    const result = await importAnnuaire(readFileSync(file), opts("occitanie.csv", { academyCode: code }));
    expect(result.created).toBe(count);
    expect(await db().establishment.count()).toBe(count);
    expect(result.ignoredByLabel[`Autre académie que ${code}`]).toBe(expected.total - count);

    const academy = await db().academy.findUniqueOrThrow({ where: { code } });
    const other = await makeAcademy("Autre");
    const dane = await makeUser([{ role: "DANE", academyId: academy.id }]);
    const otherDane = await makeUser([{ role: "DANE", academyId: other.id }]);
    const actor = (await getActor(await signedRequest(dane.id, "http://localhost/")))!;
    const otherActor = (await getActor(await signedRequest(otherDane.id, "http://localhost/")))!;
    expect(await importScope(actor)).toEqual([code]);
    const run = await db().importRun.update({ where: { id: result.runId }, data: { academyCode: code } });
    expect((await getImportRun(await importScope(actor), run.id))?.id).toBe(run.id);
    expect(await getImportRun(await importScope(otherActor), run.id)).toBeNull();
  });
});

describe("effectifs import", () => {
  const PER_YEAR: Record<string, Record<string, number>> = {
    "fr-en-lycee_pro-effectifs-niveau-sexe-lv.csv": { "2019-2020": 640509, "2020-2021": 639351, "2021-2022": 628753, "2022-2023": 623648 },
    "fr-en-college-effectifs-niveau-sexe-lv.csv": { "2019-2020": 56959, "2020-2021": 57639, "2021-2022": 57649 },
    "fr-en-effectifs-second-degre.csv": { "2015-2016": 96639, "2016-2017": 98160, "2017-2018": 99563, "2018-2019": 100638, "2019-2020": 101542 },
    "fr-en-lycee_gt-effectifs-niveau-sexe-lv.csv": { "2019-2020": 1625066, "2020-2021": 1604358, "2021-2022": 1620602 },
  };

  /** Creates an establishment for every valid UAI of the file, so that every figure has a home. */
  async function establishmentsFor(file: string) {
    const t = naiveTable(file);
    const iUai = t.header.findIndex((h) => /^num/i.test(h.normalize("NFD").replace(/[\u0300-\u036f]/g, "")));
    const uais = [...new Set(t.rows.map((r) => r.cells[iUai].trim()).filter(uaiLooksValid))];
    const academy = await makeAcademy();
    await db().$executeRaw`
      INSERT INTO "Establishment" (id, uai, name, type, sector, "academyId", "createdAt", "updatedAt")
      SELECT gen_random_uuid()::text, u, 'Établissement ' || u, 'COLLEGE', 'PUBLIC', ${academy.id}, now(), now()
      FROM unnest(${uais}::text[]) AS u`;
    return uais.length;
  }

  for (const file of listCsv("effectifs")) {
    const name = path.basename(file);
    it(`${path.relative(path.join(FIXTURES, "effectifs"), file)}: pupil counts per school year match the file; idempotent`, async () => {
      await db().establishmentYear.deleteMany();
      await db().establishment.deleteMany();
      await establishmentsFor(file);
      const bytes = readFileSync(file);
      const first = await importEffectifs(bytes, opts(name));
      expect(first.status).toBe("SUCCEEDED");
      const rows = await db().establishmentYear.groupBy({ by: ["schoolYearId"], _sum: { pupilCount: true } });
      expect(Object.fromEntries(rows.map((r) => [r.schoolYearId, r._sum.pupilCount]))).toEqual(PER_YEAR[name]);
      expect(first.rejections.every((r) => r.line > 1 && r.reason.length > 10)).toBe(true);
      const second = await importEffectifs(bytes, opts(name));
      expect({ created: second.created, updated: second.updated }).toEqual({ created: 0, updated: 0 });
      expect(second.unchanged).toBe(first.created);
    });
  }
});

const COLLEGE_HEADER =
  "Rentrée scolaire;Académie;Numéro du collège;Dénomination principale;Patronyme;Secteur;Nombre d'élèves total;Nombre total de 6èmes";

describe("messy files", () => {
  it("imports the good rows and reports each bad one with its line, UAI and reason", async () => {
    await db().establishmentYear.deleteMany();
    await db().establishment.deleteMany();
    const a = uai("0359001");
    const header =
      "Identifiant_de_l_etablissement;Nom_etablissement;Type_etablissement;Statut_public_prive;Code_departement;Libelle_departement;Code_academie;Libelle_academie;Nom_commune;Mail;Nombre_d_eleves;date_ouverture;etat;code_nature;libelle_nature";
    const lines = [
      header,
      `${a};Collège Sévigné;Collège;Public;035;Ille-et-Vilaine;14;Rennes;Rennes;ce.${a}@ac-rennes.fr;2,17E+13;01/09/1965;OUVERT;340;COLLEGE`,
      `${uai("0359002")};Lycée Chateaubriand;Lycée;Public;035;Ille-et-Vilaine;14;Rennes;Rennes;;;15/09/1970;OUVERT;300;LYCEE ENSEIGNT GENERAL ET TECHNOLOGIQUE`,
      `0359003A;Collège à la clé fausse;Collège;Public;035;Ille-et-Vilaine;14;Rennes;Rennes;;300;01/09/1970;OUVERT;340;COLLEGE`,
      `${a};Collège Sévigné (doublon);Collège;Public;035;Ille-et-Vilaine;14;Rennes;Rennes;;300;01/09/1970;OUVERT;340;COLLEGE`,
      `${uai("0359004")};Collège tronqué;Collège;Public;035`,
    ];
    const bytes = latin1Bytes(lines.join("\r\n"));
    const result = await importAnnuaire(bytes, opts("latin1.csv", { pupilSchoolYearId: "2025-2026" }));
    expect(result.status).toBe("SUCCEEDED");
    expect(result.created).toBe(2);
    const names = (await db().establishment.findMany({ orderBy: { uai: "asc" } })).map((e) => e.name);
    expect(names).toEqual(["Collège Sévigné", "Lycée Chateaubriand"]);
    expect(result.rejections.map((r) => [r.line, r.uai])).toEqual([
      [4, "0359003A"],
      [5, a],
      [6, uai("0359004")],
    ]);
    expect(result.rejections[0].reason).toMatch(/lettre clé/);
    expect(result.rejections[1].reason).toMatch(/en double/);
    expect(result.rejections[2].reason).toMatch(/tronqu|incompl|colonnes/i);
    // An implausible pupil count (2,17E+13) and an empty one are not stored.
    expect(await db().establishmentYear.count()).toBe(0);
  });

  it("refuses a file of the wrong kind as a whole, writes nothing and records the failure", async () => {
    const before = await db().establishment.count();
    const file = path.join(FIXTURES, "annuaire/coll-ges35/fr-en-carte-scolaire-colleges-publics.csv");
    const result = await importAnnuaire(readFileSync(file), opts("carte.csv"));
    expect(result.status).toBe("FAILED");
    expect(result.error).toMatch(/carte scolaire/);
    expect(await db().establishment.count()).toBe(before);
    const run = await db().importRun.findUniqueOrThrow({ where: { id: result.runId } });
    expect(run.status).toBe("FAILED");
    expect(run.checksum).toBe(sha256(readFileSync(file)));
  });

  it("writes nothing when the upload breaks off half-way (size limit)", async () => {
    await db().establishment.deleteMany();
    const bytes = readFileSync(path.join(FIXTURES, "annuaire/coll-ges35/fr-en-annuaire-education.csv"));
    async function* chunks() {
      for (let i = 0; i < bytes.length; i += 16_384) yield bytes.subarray(i, i + 16_384);
    }
    const result = await importAnnuaire(limitSize(chunks(), 300_000), opts("gros.csv"));
    expect(result.status).toBe("FAILED");
    expect(result.error).toBe("Fichier trop volumineux : la limite est de 0 Mo.");
    expect(await db().establishment.count()).toBe(0);
  });

  it("never replaces a total with a partial count (3e classes of a lycée in the collège file)", async () => {
    await db().establishmentYear.deleteMany();
    await db().establishment.deleteMany();
    const academy = await makeAcademy();
    const lp = await db().establishment.create({
      data: { uai: uai("0359010"), name: "Lycée professionnel", type: "LYCEE_PRO", sector: "PUBLIC", academyId: academy.id },
    });
    const col = await db().establishment.create({
      data: { uai: uai("0359011"), name: "Collège", type: "COLLEGE", sector: "PUBLIC", academyId: academy.id },
    });
    await db().schoolYear.upsert({ where: { id: "2021-2022" }, update: {}, create: { id: "2021-2022", startsOn: new Date("2021-09-01"), endsOn: new Date("2022-08-31") } });
    await db().establishmentYear.create({ data: { establishmentId: lp.id, schoolYearId: "2021-2022", pupilCount: 412, scope: "TOTAL", source: "second degré" } });
    const csv = [
      COLLEGE_HEADER,
      `2021;RENNES;${lp.uai};LYCEE PROFESSIONNEL;DES METIERS;PUBLIC;24;0`,
      `2021;RENNES;${col.uai};COLLEGE;JULES FERRY;PUBLIC;512;130`,
    ].join("\n");
    const result = await importEffectifs(Buffer.from(csv), opts("college.csv"));
    expect(result.error).toBeNull();
    expect(result.status).toBe("SUCCEEDED");
    const years = await db().establishmentYear.findMany({ orderBy: { pupilCount: "asc" } });
    expect(years.map((y) => [y.establishmentId, y.pupilCount, y.scope])).toEqual([
      [lp.id, 412, "TOTAL"],
      [col.id, 512, "TOTAL"],
    ]);
    expect(result.messages.some((m) => /effectif total conservé face à un effectif partiel/.test(m))).toBe(true);
  });
});

describe("JSON export of the annuaire", () => {
  it("imports the lowercase JSON export (plain objects and Opendatasoft records) like the CSV", async () => {
    await db().establishment.deleteMany();
    const a = uai("0359101");
    const b = uai("0359102");
    const objects = [
      { identifiant_de_l_etablissement: a, nom_etablissement: "Collège JSON", type_etablissement: "Collège", statut_public_prive: "Public", code_academie: "14", libelle_academie: "Rennes", nombre_d_eleves: 420 },
      { fields: { identifiant_de_l_etablissement: b, nom_etablissement: "Lycée JSON", type_etablissement: "Lycée", statut_public_prive: "Privé", code_academie: "14", libelle_academie: "Rennes", code_nature: "300" } },
      { identifiant_de_l_etablissement: "0359103A", nom_etablissement: "Clé fausse", type_etablissement: "Collège", statut_public_prive: "Public", code_academie: "14" },
    ];
    const result = await importAnnuaire(Buffer.from(JSON.stringify(objects)), opts("annuaire.json", { pupilSchoolYearId: "2025-2026" }));
    expect(result.error).toBeNull();
    expect(result.created).toBe(2);
    expect(result.rejections.map((r) => [r.line, r.uai])).toEqual([[3, "0359103A"]]);
    const rows = await db().establishment.findMany({ orderBy: { uai: "asc" }, select: { uai: true, type: true, sector: true } });
    expect(rows).toEqual([
      { uai: a, type: "COLLEGE", sector: "PUBLIC" },
      { uai: b, type: "LYCEE", sector: "PRIVATE" },
    ]);
    const bad = await importAnnuaire(Buffer.from("[{ pas du json"), opts("casse.json"));
    expect(bad.status).toBe("FAILED");
    expect(bad.error).toMatch(/^Fichier JSON illisible/);
  });
});
