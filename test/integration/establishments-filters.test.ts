import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { makeAcademy, makeUai, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { filterOptions, listEstablishments } from "../../app/services/establishments.server.ts";
import type { Actor } from "../../app/domain/permissions.ts";

const { db } = useTestDatabase();
let dane: Actor;
const uais: Record<string, string> = {};

beforeAll(async () => {
  const academy = await makeAcademy("Rennes");
  const other = await makeAcademy("Poitiers");
  for (const id of ["2024-2025", "2025-2026"]) {
    const start = Number(id.slice(0, 4));
    await db().schoolYear.create({ data: { id, startsOn: new Date(`${start}-09-01`), endsOn: new Date(`${start + 1}-08-31`) } });
  }
  const rows = [
    { key: "colRep", type: "COLLEGE", sector: "PUBLIC", departmentCode: "035", basinCode: "B1", priorityEducation: "REP", pupils: [400, 410] },
    { key: "colPriv", type: "COLLEGE", sector: "PRIVATE", departmentCode: "035", basinCode: "B2", priorityEducation: null, pupils: [300, null] },
    { key: "lycee", type: "LYCEE", sector: "PUBLIC", departmentCode: "022", basinCode: "B1", priorityEducation: null, pupils: [1200, 1180] },
    { key: "lp", type: "LYCEE_PRO", sector: "PUBLIC", departmentCode: "022", basinCode: "B3", priorityEducation: "REP+", pupils: [350, 360] },
  ] as const;
  for (const r of rows) {
    uais[r.key] = makeUai();
    const e = await db().establishment.create({
      data: {
        uai: uais[r.key],
        name: `Établissement ${r.key}`,
        type: r.type,
        sector: r.sector,
        academyId: academy.id,
        departmentCode: r.departmentCode,
        departmentName: r.departmentCode === "035" ? "Ille-et-Vilaine" : "Côtes-d'Armor",
        basinCode: r.basinCode,
        basinName: `Bassin ${r.basinCode}`,
        priorityEducation: r.priorityEducation,
      },
    });
    for (const [i, year] of ["2024-2025", "2025-2026"].entries()) {
      if (r.pupils[i] !== null) await db().establishmentYear.create({ data: { establishmentId: e.id, schoolYearId: year, pupilCount: r.pupils[i], source: "test" } });
    }
  }
  await db().establishment.create({
    data: { uai: makeUai(), name: "Hors académie", type: "COLLEGE", sector: "PUBLIC", academyId: other.id, departmentCode: "086", basinCode: "B9" },
  });
  const user = await makeUser([{ role: "DANE", academyId: academy.id }]);
  dane = (await getActor(await signedRequest(user.id, "http://localhost/")))!;
});

const list = (filters: Parameters<typeof listEstablishments>[1]["filters"], schoolYearId = "2025-2026") =>
  listEstablishments(dane, { filters, schoolYearId }).then((r) => r.rows.map((e) => [e.uai, e.pupilCount]));

describe("establishment list filters", () => {
  it("filters by type, département, bassin, secteur and éducation prioritaire, within the académie", async () => {
    expect(await list({ type: "COLLEGE" })).toEqual([[uais.colPriv, null], [uais.colRep, 410]]);
    expect(await list({ departmentCode: "022" })).toEqual([[uais.lp, 360], [uais.lycee, 1180]]);
    expect(await list({ basinCode: "B1" })).toEqual([[uais.colRep, 410], [uais.lycee, 1180]]);
    expect(await list({ sector: "PRIVATE" })).toEqual([[uais.colPriv, null]]);
    expect(await list({ priority: "REP+" })).toEqual([[uais.lp, 360]]);
    expect(await list({ priority: "hors" })).toEqual([[uais.colPriv, null], [uais.lycee, 1180]]);
    expect(await list({ type: "COLLEGE", sector: "PUBLIC", priority: "REP" })).toEqual([[uais.colRep, 410]]);
    expect(await list({ departmentCode: "086" })).toEqual([]);
  });

  it("shows the pupil count of the selected school year", async () => {
    expect(await list({ type: "COLLEGE" }, "2024-2025")).toEqual([[uais.colPriv, 300], [uais.colRep, 400]]);
  });

  it("offers only the départements and bassins of the académie", async () => {
    const options = await filterOptions(dane);
    expect(options.departments.map((d) => d.code)).toEqual(["022", "035"]);
    expect(options.basins.map((b) => b.code)).toEqual(["B1", "B2", "B3"]);
    expect(options.schoolYears).toEqual(["2025-2026", "2024-2025"]);
  });
});
