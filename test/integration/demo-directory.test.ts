// The demo directory goes through the real Annuaire importer (issue 16, item 3; ADR 018): the six écoles of the
// shipped extract are left out (the platform covers the second degree), every type comes from the file.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { seedDemo, DEMO_ACCOUNTS } from "../../prisma/seed.ts";
import { demoDirectory } from "../../prisma/demo/directory.ts";
import { schoolYearIdFor } from "../../app/domain/school-year.ts";

useTestDatabase();

beforeAll(async () => {
  await seedDemo(getDb());
}, 180_000);

describe("demo directory", () => {
  it("is an import run of the shipped Annuaire extract, restricted to the académie de Rennes", async () => {
    const runs = await getDb().importRun.findMany({ where: { kind: "ANNUAIRE" } });
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ fileName: "fr-en-annuaire-education-ille-et-vilaine.csv", channel: "demo", academyCode: "14", status: "SUCCEEDED" });
    expect({ created: runs[0].created, skipped: runs[0].skipped, ignored: runs[0].ignored }).toEqual({ created: 30, skipped: 0, ignored: 6 });
    expect((runs[0].report as { ignoredByLabel: Record<string, number> }).ignoredByLabel).toEqual({ Ecole: 6 });
  });

  it("leaves the écoles out and types every establishment as the Annuaire does", async () => {
    for (const uai of ["0350366H", "0350652U", "0351655J", "0351866N", "0352272E", "0351443D"]) {
      expect(await getDb().establishment.findUnique({ where: { uai } }), uai).toBeNull();
    }
    expect(await getDb().establishment.count({ where: { name: { startsWith: "Ecole", mode: "insensitive" } } })).toBe(0);
    const types = Object.fromEntries(
      (await getDb().establishment.groupBy({ by: ["type"], _count: { _all: true } })).map((g) => [g.type, g._count._all]),
    );
    expect(types).toEqual({ COLLEGE: 16, LYCEE: 8, LYCEE_PRO: 4, EREA: 2 });
    const byUai = async (uai: string) => (await getDb().establishment.findUniqueOrThrow({ where: { uai } })).type;
    expect(await byUai("0350005R")).toBe("LYCEE"); // lycée polyvalent (nature 306): chef2's
    expect(await byUai("0350009V")).toBe("LYCEE_PRO"); // nature 320
    expect(await byUai("0350732F")).toBe("EREA");
    expect(await byUai("0350002M")).toBe("COLLEGE");
  });

  it("takes last year's pupil counts from the file and keeps the demo accounts on their establishments", async () => {
    const current = schoolYearIdFor(new Date());
    const previous = `${Number(current.slice(0, 4)) - 1}-${current.slice(0, 4)}`;
    const brossolette = await getDb().establishment.findUniqueOrThrow({ where: { uai: "0350002M" }, include: { years: true } });
    expect(brossolette.years.find((y) => y.schoolYearId === previous)).toMatchObject({ pupilCount: 711, source: "Annuaire de l'éducation (fr-en-annuaire-education-ille-et-vilaine.csv)" });
    expect(brossolette.years.find((y) => y.schoolYearId === current)?.source).toBe("Démonstration (estimation)");

    const directory = await demoDirectory();
    expect(directory).toHaveLength(30);
    for (const account of DEMO_ACCOUNTS) {
      const roles = await getDb().roleAssignment.findMany({ where: { user: { email: account.email } }, include: { establishment: true } });
      expect([...new Set(roles.map((r) => r.establishment?.uai ?? null))].sort(), account.email).toEqual(
        (account.establishments.length ? account.establishments.map((i) => directory[i].uai) : [null]).sort(),
      );
    }
    expect(directory[16].uai).toBe("0350005R");
  });

  it("seeding again imports the same file and changes nothing", async () => {
    const before = await getDb().establishment.findMany({ orderBy: { uai: "asc" } });
    await seedDemo(getDb());
    expect(await getDb().establishment.findMany({ orderBy: { uai: "asc" } })).toEqual(before);
    const last = await getDb().importRun.findFirstOrThrow({ where: { kind: "ANNUAIRE" }, orderBy: { startedAt: "desc" } });
    expect({ created: last.created, updated: last.updated, unchanged: last.unchanged }).toEqual({ created: 0, updated: 0, unchanged: 30 });
  }, 180_000);
});
