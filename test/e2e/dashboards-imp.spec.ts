// The DANE's IMP dashboard in Chromium, on the demo data (prisma/demo/letters-history.ts: validated letters of the
// bilan years, letters in progress last year): the default year, the year / type / letter-status filters changing
// the totals, a data table, CSVs checked against figures computed here from the e2e database; screenshots as artifacts.
import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures.ts";
import type { Download, Page, TestInfo } from "@playwright/test";
import { sql } from "./db.ts";
import { formatEuros } from "../../app/domain/imp/money.ts";
import { schoolYearIdFor } from "../../app/domain/school-year.ts";
import { expectAccessible, signIn } from "./helpers.ts";

const query = sql;

async function shoot(page: Page, testInfo: TestInfo, testId: string, name: string) {
  const panel = page.getByTestId(testId);
  await panel.scrollIntoViewIfNeeded();
  await expect(panel.locator(".recharts-surface").first()).toBeVisible();
  const path = testInfo.outputPath(`${name}.png`);
  await panel.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

async function csvOf(download: Promise<Download>) {
  const file = await download;
  const rows = readFileSync((await file.path())!, "utf8").replace(/^\uFEFF/, "").trim().split("\r\n").map((l) => l.split(";"));
  return { name: file.suggestedFilename(), rows };
}

/** A number as the CSV writes it: decimal comma, no thousands separator. */
const csvNumber = (x: number) => String(x).replace(".", ",");
const squeeze = (text: string) => text.replace(/\s/g, "");

type Totals = { letters: number; envelope: number; attributed: number; top_up: number; pupils: number; attributed_with_pupils: number };
const TOTALS = `count(*)::int AS letters, coalesce(sum(l."envelopeCents"), 0)::float8 AS envelope, coalesce(sum(l."attributedCents"), 0)::float8 AS attributed,
  coalesce(sum(l."topUpCents"), 0)::float8 AS top_up, coalesce(sum(l."pupilCount"), 0)::float8 AS pupils,
  coalesce(sum(l."attributedCents") FILTER (WHERE l."pupilCount" > 0), 0)::float8 AS attributed_with_pupils`;

async function totalsOf(year: string, statuses: string[], type?: string): Promise<Totals> {
  const [row] = await query<Totals>(
    `SELECT ${TOTALS} FROM "MissionLetter" l JOIN "Establishment" e ON e.id = l."establishmentId"
     WHERE l."schoolYearId" = $1 AND l.status::text = ANY($2::text[]) AND ($3::text IS NULL OR e.type::text = $3)`,
    [year, statuses, type ?? null],
  );
  return row;
}

const box = (page: Page, id: string) => page.locator(`label[for="${id}"]`); // DSFR draws the box on the label

test("the DANE reads the IMP dashboard, filters it, opens a data table and checks its CSV against the database", async ({ page }, testInfo) => {
  const ALL = ["DRAFT", "SUBMITTED", "SIGNED", "VALIDATED"];
  // The demo: validated letters for every bilan year (2022-2023 to 2024-2025 for a start in 2026), letters at
  // every stage the year just ended.
  const years = (await query<{ year: string }>(`SELECT DISTINCT "schoolYearId" AS year FROM "MissionLetter" WHERE status = 'VALIDATED' ORDER BY 1`)).map((r) => r.year);
  expect(years.length).toBeGreaterThanOrEqual(4);
  const [{ latest }] = await query<{ latest: string }>(`SELECT max("schoolYearId") AS latest FROM "MissionLetter"`);

  await signIn(page, "dane@rupn.example");
  await page.getByRole("link", { name: "Tableaux de bord" }).first().click();
  await page.getByRole("navigation", { name: "Tableaux de bord" }).getByRole("link", { name: "IMP", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Indemnités pour mission particulière" })).toBeVisible();
  await expect(page).toHaveURL(/\/tableaux-de-bord\/imp/);

  // Default: the latest year with letters, every status.
  const byDefault = await totalsOf(latest, ALL);
  const figures = page.getByTestId("key-figures");
  await expect(figures).toContainText(`Lettres de mission ${latest}`);
  await expect(figures).toContainText(`${byDefault.letters} lettres prises en compte : toutes les lettres (brouillons compris).`);
  await expectAccessible(page);

  // A bilan year: every establishment's validated letter (and its bilans, for the scatter plot).
  const year = years[1];
  await box(page, `filtre-annee-${latest}`).click();
  await box(page, `filtre-annee-${year}`).click();
  await page.getByRole("button", { name: "Appliquer les filtres" }).click();
  await expect(page).toHaveURL(new RegExp(`annee=${year}`));
  const all = await totalsOf(year, ALL);
  expect(all.letters).toBeGreaterThanOrEqual(20);
  await expect(figures).toContainText(`Lettres de mission ${year}`);
  await expect(figures).toContainText(`${all.letters} lettres`);
  await expect(figures).toContainText(`Enveloppe notifiée ${formatEuros(all.envelope)}`);
  await expect(figures).toContainText(`IMP attribuées ${formatEuros(all.attributed)}`);
  await expect(figures).toContainText(`complément des établissements ${formatEuros(all.top_up)}`);
  for (const [id, name] of [["panel-imp-par-annee", "imp-par-annee"], ["panel-imp-par-type", "imp-par-type"], ["panel-imp-heures", "imp-et-heures"], ["panel-imp-taux", "imp-taux"]]) {
    await shoot(page, testInfo, id, name);
  }
  await expectAccessible(page);

  // Only the collèges: the totals change.
  await box(page, "filtre-type-COLLEGE").click();
  await page.getByRole("button", { name: "Appliquer les filtres" }).click();
  await expect(page).toHaveURL(/type=COLLEGE/);
  const colleges = await totalsOf(year, ALL, "COLLEGE");
  expect(colleges.letters).toBeGreaterThan(0);
  expect(colleges.letters).toBeLessThan(all.letters);
  await expect(figures).toContainText(`${colleges.letters} lettres`);
  await expect(figures).toContainText(`IMP attribuées ${formatEuros(colleges.attributed)}`);

  // The per-type table, hidden until asked for; its CSV holds the same numbers, which match the database.
  const panel = page.getByTestId("panel-imp-par-type");
  await expect(page.getByTestId("table-imp-par-type")).toBeHidden();
  await panel.getByText("Afficher le tableau de données").click();
  const rows = page.getByTestId("table-imp-par-type").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Collège");
  const download = page.waitForEvent("download");
  await page.getByTestId("csv-imp-par-type").click();
  const perType = await csvOf(download);
  expect(perType.name).toBe(`imp-par-etablissement-${year}.csv`);
  expect(perType.rows).toEqual([
    ["Type d'établissement", "Lettres", "IMP attribuées (€)", "IMP par établissement (€)", "Élèves (lettres à effectif connu)", "IMP par élève (€)"],
    [
      "Collège",
      String(colleges.letters),
      csvNumber(colleges.attributed / 100),
      csvNumber(Math.round(colleges.attributed / colleges.letters) / 100),
      String(colleges.pupils),
      csvNumber(Math.round(colleges.attributed_with_pupils / colleges.pupils) / 100),
    ],
  ]);
  const cells = await rows.first().locator("td").allInnerTexts();
  expect(cells.map(squeeze)).toEqual(perType.rows[1].map((c) => (c === "" ? "—" : c)));

  // The rates attributed to the collèges' referents: one line per legal rate, counted from ImpAttribution.
  const rates = await query<{ imp: number | null; relief: boolean; n: number }>(
    `SELECT a."impCents" AS imp, (a."reliefHours" IS NOT NULL) AS relief, count(*)::int AS n
     FROM "ImpAttribution" a JOIN "MissionLetter" l ON l.id = a."letterId" JOIN "Establishment" e ON e.id = l."establishmentId"
     WHERE l."schoolYearId" = $1 AND e.type = 'COLLEGE' GROUP BY 1, 2`,
    [year],
  );
  const rateDownload = page.waitForEvent("download");
  await page.getByTestId("csv-imp-taux").click();
  const rateCsv = await csvOf(rateDownload);
  expect(rateCsv.rows[0]).toEqual(["Reconnaissance attribuée", "Référents"]);
  const countOf = (label: string) => Number(rateCsv.rows.find((r) => squeeze(r[0]) === label)?.[1] ?? "0");
  for (const cents of [62_500, 125_000, 250_000]) {
    expect(countOf(squeeze(formatEuros(cents))), formatEuros(cents)).toBe(rates.filter((r) => r.imp === cents).reduce((a, r) => a + r.n, 0));
  }
  expect(countOf("Allègementdeservice")).toBe(rates.filter((r) => r.imp === null && r.relief).reduce((a, r) => a + r.n, 0));
  expect(rates.reduce((a, r) => a + r.n, 0)).toBeGreaterThan(colleges.letters - 1); // at least one referent per letter

  // IMP against hours: one point per collège letter whose establishment has bilans that year, hours from the bilans.
  const hours = await query<{ uai: string; hours: number; attributed: number }>(
    `SELECT e.uai, sum(w."pedagogicalSupport" + w."leadershipAdvice" + w.assistance + w."onlineServices" + w.communication + w.training)::float8 AS hours,
            max(l."attributedCents")::float8 AS attributed
     FROM "MissionLetter" l JOIN "Establishment" e ON e.id = l."establishmentId"
     JOIN "ResponseWorkload" w ON w."establishmentId" = l."establishmentId" AND w."schoolYearId" = l."schoolYearId"
     WHERE l."schoolYearId" = $1 AND e.type = 'COLLEGE' GROUP BY e.uai ORDER BY e.uai`,
    [year],
  );
  expect(hours.length).toBeGreaterThan(0);
  const scatterDownload = page.waitForEvent("download");
  await page.getByTestId("csv-imp-heures").click();
  const scatter = await csvOf(scatterDownload);
  expect(scatter.rows.slice(1).map((r) => [r[1], r[4], r[5]])).toEqual(
    hours.map((h) => [h.uai, csvNumber(Math.round(h.hours * 100) / 100), csvNumber(h.attributed / 100)]),
  );
  await expectAccessible(page);

  // The year just ended, letters at every stage: keeping only the validated ones changes the totals.
  const start = Number(schoolYearIdFor(new Date()).slice(0, 4));
  const previous = `${start - 1}-${start}`;
  const inProgress = await totalsOf(previous, ALL);
  const validated = await totalsOf(previous, ["VALIDATED"]);
  expect(validated.letters).toBeLessThan(inProgress.letters);
  await page.goto(`/tableaux-de-bord/imp?annee=${previous}`);
  await expect(figures).toContainText(`Lettres de mission ${previous}`);
  await expect(figures).toContainText(`${inProgress.letters} lettres prises en compte : toutes les lettres (brouillons compris).`);
  await page.getByLabel("Lettres de mission prises en compte").selectOption("validees");
  await page.getByRole("button", { name: "Appliquer les filtres" }).click();
  await expect(page).toHaveURL(/lettres=validees/);
  await expect(figures).toContainText(`${validated.letters} ${validated.letters >= 2 ? "lettres prises" : "lettre prise"} en compte : lettres validées (DANE ou rectorat).`);
  await expect(figures).toContainText(`IMP attribuées ${formatEuros(validated.attributed)}`);
  await expect(page.getByLabel("Lettres de mission prises en compte")).toHaveValue("validees");
  await shoot(page, testInfo, "panel-imp-par-annee", "imp-par-annee-validees");
  await expectAccessible(page);
});
