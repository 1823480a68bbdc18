// The payroll export of the IMP of validated lettres de mission, read back as a payroll agent would: the CSV
// parsed, the XLSX opened with exceljs. Full-year ninths, an interim from 15 January, a mission paid after
// service; allègements, unvalidated letters, other years and other académies are not in it.
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { makeLetter } from "../setup/imp-letters.ts";
import { formatMonth } from "../../app/domain/imp/school-month.ts";
import { loader as csvLoader } from "../../app/routes/imp.versements[.]csv.ts";
import { loader as xlsxLoader } from "../../app/routes/imp.versements[.]xlsx.ts";

useTestDatabase();

const context = { clientIp: "198.51.100.7", cspNonce: "" };
let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const year = await ensureCurrentSchoolYear();
  const start = Number(year.slice(0, 4));
  const previous = `${start - 1}-${start}`;
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  const a = await makeEstablishment(rennes.id, { name: "Collège Anne de Bretagne" });
  const b = await makeEstablishment(rennes.id, { name: "Lycée Brocéliande", type: "LYCEE" });
  const c = await makeEstablishment(rennes.id, { name: "Collège Coëtquen" });
  const d = await makeEstablishment(poitiers.id, { name: "Collège de Poitiers" });
  await makeLetter(a.id, year, "VALIDATED", { envelopeCents: 250_000, topUpCents: 31_250 }, [
    { firstName: "Anne", lastName: "Le Goff", email: "anne.le-goff@ac-rennes.fr", impCents: 125_000 },
    { firstName: "Bruno", lastName: "Morvan", email: "bruno.morvan@ac-rennes.fr", impCents: 62_500, staffStatus: "documentaliste" },
    { firstName: "Claire", lastName: "Nédélec", email: "claire.nedelec@ac-rennes.fr", reliefHours: 2 },
    { firstName: "Denise", lastName: "Omnès", email: "denise.omnes@ac-rennes.fr", impCents: 31_250, startsOn: `${start + 1}-01-05`, staffStatus: "cpe" },
    { firstName: "Paul", lastName: "Quéré", email: "paul.quere@ac-rennes.fr", replacesEmail: "bruno.morvan@ac-rennes.fr", startsOn: `${start + 1}-01-15` },
  ]);
  await makeLetter(b.id, year, "VALIDATED", { envelopeCents: 375_000 }, [{ firstName: "Éric", lastName: "Guillou", email: "eric.guillou@ac-rennes.fr", impCents: 250_000 }]);
  await makeLetter(c.id, year, "SIGNED", { envelopeCents: 125_000 }, [{ firstName: "Fanny", lastName: "Hamon", email: "fanny.hamon@ac-rennes.fr", impCents: 125_000 }]);
  await makeLetter(c.id, previous, "VALIDATED", { envelopeCents: 125_000 }, [{ firstName: "Hervé", lastName: "Kerbrat", email: "herve.kerbrat@ac-rennes.fr", impCents: 125_000 }]);
  await makeLetter(d.id, year, "VALIDATED", { envelopeCents: 125_000 }, [{ firstName: "Gilles", lastName: "Poitevin", email: "gilles@ac-poitiers.fr", impCents: 125_000 }]);
  const dane = await makeUser([{ role: "DANE", academyId: rennes.id }]);
  const rectorat = await makeUser([{ role: "RECTORAT", academyId: rennes.id }]);
  const daneP = await makeUser([{ role: "DANE", academyId: poitiers.id }]);
  const chef = await makeUser([{ role: "CHEF", academyId: rennes.id, establishmentId: a.id }]);
  return { year, start, rennes, poitiers, a, b, dane, rectorat, daneP, chef };
}

beforeAll(async () => {
  w = await world();
});

const exportOf = async (loader: typeof csvLoader, userId: string, query = "") =>
  (await loader({ request: await signedRequest(userId, `http://localhost/imp/versements.x${query}`), params: {}, context } as never)) as Response;
const status = (promise: Promise<unknown>) => promise.then(() => 200, (r: Response) => r.status);

/** Nov → Jul of the current school year, as the month columns are titled. */
const ninthMonths = () => [11, 12, 1, 2, 3, 4, 5, 6, 7].map((m) => formatMonth({ year: m >= 9 ? w.start : w.start + 1, month: m }));

describe("IMP payroll export", () => {
  it("exports one CSV line per person paid, a column per month, the totals; the interim from 15 January takes January", async () => {
    const response = await exportOf(csvLoader, w.dane.id);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="versements-imp-${w.rennes.code}-${w.year}.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM, for French spreadsheets
    const text = new TextDecoder().decode(bytes);
    const [header, ...rows] = parse(text, { delimiter: ";", bom: true }) as string[][];
    expect(header).toEqual(["UAI", "Établissement", "Nom", "Prénom", "Adresse électronique", "Statut", "Taux annuel (€)", "Modalité de versement", ...ninthMonths(), "Total versé (€)"]);
    const byName = new Map(rows.map((r) => [r[2] || r[1], r]));
    expect([...byName.keys()]).toEqual(["Le Goff", "Morvan", "Quéré", "Omnès", "Guillou", "Total de l'académie"]);
    const months = (name: string) => byName.get(name)!.slice(8, 17);
    expect(byName.get("Le Goff")!.slice(0, 7)).toEqual([w.a.uai, "Collège Anne de Bretagne", "Le Goff", "Anne", "anne.le-goff@ac-rennes.fr", "Enseignant·e", "1250,00"]);
    expect(months("Le Goff")).toEqual(["138,88", "138,88", "138,88", "138,88", "138,88", "138,88", "138,88", "138,88", "138,96"]);
    expect(byName.get("Le Goff")![17]).toBe("1250,00");
    // Bruno Morvan (625 €) is replaced from 15 January by Paul Quéré: November and December to him, January → July to Paul.
    expect(byName.get("Morvan")!.slice(5, 7)).toEqual(["Professeur·e documentaliste", "625,00"]);
    expect(months("Morvan")).toEqual(["69,44", "69,44", "", "", "", "", "", "", ""]);
    expect(byName.get("Morvan")![17]).toBe("138,88");
    expect(byName.get("Morvan")![7]).toBe(`année complète, neuf neuvièmes de novembre à juillet ; remplacé·e par Paul Quéré à partir du 15 janvier ${w.start + 1}`);
    expect(byName.get("Quéré")!.slice(6, 8)).toEqual(["625,00", `remplace Bruno Morvan à partir du 15 janvier ${w.start + 1} (année complète, neuf neuvièmes de novembre à juillet)`]);
    expect(months("Quéré")).toEqual(["", "", "69,44", "69,44", "69,44", "69,44", "69,44", "69,44", "69,48"]);
    expect(byName.get("Quéré")![17]).toBe("486,12");
    // Denise Omnès starts on 5 January: paid once, after service (July).
    expect(months("Omnès")).toEqual(["", "", "", "", "", "", "", "", "312,50"]);
    expect(byName.get("Omnès")!.slice(5, 8)).toEqual(["CPE", "312,50", `mission du 5 janvier ${w.start + 1} à la fin de l'année, versée après service fait`]);
    expect(months("Guillou")).toEqual([...Array(8).fill("277,77"), "277,84"]);
    const total = byName.get("Total de l'académie")!;
    expect(total.slice(0, 2)).toEqual(["", "Total de l'académie"]);
    expect(total.slice(8)).toEqual([...Array(8).fill("486,09"), "798,78", "4687,50"]);
    // Not exported: the allègement, the signed-but-not-validated letter, last year's letter, the other académie.
    for (const absent of ["Nédélec", "Hamon", "Kerbrat", "Poitevin"]) expect(text).not.toContain(absent);
    const event = await getDb().auditEvent.findFirstOrThrow({ where: { action: "imp.payroll.export", actorId: w.dane.id } });
    expect(event).toMatchObject({ entityId: w.rennes.id, ip: "198.51.100.7", summary: { format: "csv", schoolYearId: w.year, lines: 5, totalCents: 468_750 } });
  });

  it("exports the same figures as numbers in the XLSX, with a sheet per establishment", async () => {
    const response = await exportOf(xlsxLoader, w.rectorat.id, `?annee=${w.year}`);
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(await response.arrayBuffer());
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Versements IMP", "Par établissement"]);
    const sheet = workbook.getWorksheet("Versements IMP")!;
    const values = (row: number) => (sheet.getRow(row).values as unknown[]).slice(1);
    expect(values(1)).toEqual(["UAI", "Établissement", "Nom", "Prénom", "Adresse électronique", "Statut", "Taux annuel (€)", "Modalité de versement", ...ninthMonths(), "Total versé (€)"]);
    expect(sheet.rowCount).toBe(7);
    const paul = values(4);
    expect(paul.slice(2, 4)).toEqual(["Quéré", "Paul"]);
    expect(paul[6]).toBe(625);
    expect(paul.slice(8)).toEqual([undefined, undefined, 69.44, 69.44, 69.44, 69.44, 69.44, 69.44, 69.48, 486.12]);
    expect(sheet.getRow(4).getCell(9).numFmt).toBe('#,##0.00 "€"');
    const total = values(7);
    expect(total[1]).toBe("Total de l'académie");
    expect(total.at(-1)).toBe(4687.5);
    expect(sheet.getRow(7).font?.bold).toBe(true);
    const establishments = workbook.getWorksheet("Par établissement")!;
    expect((establishments.getRow(1).values as unknown[]).slice(1)).toEqual(["UAI", "Établissement", "Enveloppe (€)", "Complément (€)", "IMP attribuées (€)", "Total versé (€)", "Bénéficiaires"]);
    expect((establishments.getRow(2).values as unknown[]).slice(1)).toEqual([w.a.uai, "Collège Anne de Bretagne", 2500, 312.5, 2187.5, 2187.5, 4]);
    expect((establishments.getRow(3).values as unknown[]).slice(1)).toEqual([w.b.uai, "Lycée Brocéliande", 3750, 0, 2500, 2500, 1]);
  });

  it("is a 404 for another académie, a 403 for a chef; each académie exports its own", async () => {
    expect(await status(exportOf(csvLoader, w.daneP.id, `?academie=${w.rennes.id}`))).toBe(404);
    expect(await status(exportOf(xlsxLoader, w.daneP.id, `?academie=${w.rennes.id}`))).toBe(404);
    expect(await status(exportOf(csvLoader, w.chef.id))).toBe(403);
    expect(await status(exportOf(csvLoader, w.dane.id, "?annee=2025"))).toBe(400);
    const own = await (await exportOf(csvLoader, w.daneP.id)).text();
    expect(own).toContain("Poitevin");
    expect(own).not.toContain("Le Goff");
  });
});
