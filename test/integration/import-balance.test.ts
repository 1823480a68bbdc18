// Import summaries add up (issue 16, item 14): created + updated + unchanged + skipped + out of scope = rows read,
// and establishments are counted apart from rows — on the real open-data files.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { FIXTURES, listCsv, naiveTable, uaiLooksValid, column } from "../unit/directory/oracle.ts";
import { importAnnuaire, importEffectifs, type ImportSummary } from "../../app/services/imports.server.ts";

const { db } = useTestDatabase();
const opts = (fileName: string, extra = {}) => ({ fileName, actorId: null, channel: "cli" as const, ...extra });
const balance = (s: ImportSummary) => s.created + s.updated + s.unchanged + s.skipped + s.ignored;

describe("import summaries add up", () => {
  for (const file of listCsv("annuaire").filter((f) => f.endsWith("fr-en-annuaire-education.csv"))) {
    it(`annuaire ${path.relative(FIXTURES, file)}: every row counted once, first import and re-import`, async () => {
      await db().establishmentYear.deleteMany();
      await db().establishment.deleteMany();
      const rows = naiveTable(file).rows.length;
      const first = await importAnnuaire(readFileSync(file), opts(path.basename(file)));
      expect(first.status).toBe("SUCCEEDED");
      expect(first.rowsRead).toBe(rows);
      expect(balance(first)).toBe(rows);
      expect(first.establishments.known).toBe(await db().establishment.count());
      expect(first.messages.filter((m) => m.startsWith("Anomalie"))).toEqual([]);
      const again = await importAnnuaire(readFileSync(file), opts(path.basename(file)));
      expect(balance(again)).toBe(rows);
      expect(again.unchanged).toBe(first.created);
      const run = await db().importRun.findUniqueOrThrow({ where: { id: again.runId } });
      expect(run.created + run.updated + run.unchanged + run.skipped + run.ignored).toBe(rows);
      expect((run.report as { rowsRead: number }).rowsRead).toBe(rows);
    });
  }

  it("lycée GT effectifs (national, several years) into a directory holding one region: rows and establishments apart", async () => {
    await db().establishmentYear.deleteMany();
    await db().establishment.deleteMany();
    const annuaire = path.join(FIXTURES, "annuaire/carte_scolaire_dev/fr-en-annuaire-education.csv");
    expect((await importAnnuaire(readFileSync(annuaire), opts("occitanie.csv"))).status).toBe("SUCCEEDED");
    const known = new Set((await db().establishment.findMany({ select: { uai: true } })).map((e) => e.uai));

    const file = path.join(FIXTURES, "effectifs/exam-data/fr-en-lycee_gt-effectifs-niveau-sexe-lv.csv");
    const table = naiveTable(file);
    const iUai = column(table.header, "numero_lycee");
    const uais = table.rows.map((r) => r.cells[iUai].trim());
    const rowsOfKnown = uais.filter((u) => known.has(u)).length;
    const unknownEstablishments = new Set(uais.filter((u) => uaiLooksValid(u) && !known.has(u))).size;

    const result = await importEffectifs(readFileSync(file), opts(path.basename(file)));
    expect(result.status).toBe("SUCCEEDED");
    expect(result.rowsRead).toBe(table.rows.length);
    expect(balance(result)).toBe(table.rows.length);
    expect(result.created + result.updated + result.unchanged).toBe(rowsOfKnown);
    expect(result.skipped).toBe(table.rows.length - rowsOfKnown);
    // The establishments are reported apart: far fewer than the rows set aside.
    expect(result.establishments.unknown).toBe(unknownEstablishments);
    expect(result.skipped).toBeGreaterThan(result.establishments.unknown);
    expect(result.establishments.known).toBe(new Set(uais.filter((u) => known.has(u))).size);
    expect(result.figures).toEqual({ created: result.created, updated: 0, unchanged: 0 });
    expect(await db().establishmentYear.count()).toBe(result.figures!.created);

    const again = await importEffectifs(readFileSync(file), opts(path.basename(file)));
    expect(balance(again)).toBe(table.rows.length);
    expect(again.unchanged).toBe(rowsOfKnown);
    expect(again.figures).toEqual({ created: 0, updated: 0, unchanged: result.figures!.created });
  }, 120_000);
});
