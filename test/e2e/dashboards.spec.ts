// The DANE's dashboards in Chromium: load panels drawn by recharts, filters in the URL, data table toggle, CSV
// (checked against the e2e database) and PNG downloads, participation and reminders; screenshots as artifacts.
import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures.ts";
import type { Page, TestInfo } from "@playwright/test";
import { sql } from "./db.ts";
import { expectAccessible, signIn } from "./helpers.ts";

const query = sql;

async function shoot(page: Page, testInfo: TestInfo, testId: string, name: string) {
  const panel = page.getByTestId(testId);
  await panel.scrollIntoViewIfNeeded();
  const path = testInfo.outputPath(`${name}.png`);
  await panel.screenshot({ path });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

test("the DANE reads the load dashboard, filters it, opens a data table and downloads its CSV and PNG", async ({ page }, testInfo) => {
  await signIn(page, "dane@rupn.example");
  await page.getByRole("link", { name: "Tableaux de bord" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Charge des référents" })).toBeVisible();
  // Default: the latest year with bilans (the demo's closed campaigns end with 2024-2025).
  // Another spec may submit this year's first bilan meanwhile: the default is the latest year before or after.
  const latestYear = async () =>
    (await query<{ latest: string }>(`SELECT max(c."schoolYearId") AS latest FROM "Campaign" c WHERE EXISTS (SELECT 1 FROM "ResponseFact" f WHERE f."campaignId" = c.id)`))[0].latest;
  const before = await latestYear();
  await page.reload();
  const checked = await page.locator('input[id^="filtre-annee-"]:checked').evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
  expect(checked).toHaveLength(1);
  const latest = checked[0];
  expect([before, await latestYear()]).toContain(latest);
  await expect(page.getByTestId("key-figures")).toContainText(`Bilans ${latest}`);
  const chart = page.getByTestId("panel-par-type").locator(".recharts-bar-rectangle").first();
  await expect(chart).toBeVisible();
  for (const [id, name] of [["panel-par-type", "charge-par-type"], ["panel-par-annee", "charge-par-annee"], ["panel-repartition-assistance", "repartition-assistance"], ["panel-etablissements", "etablissements-assistance"]]) {
    await shoot(page, testInfo, id, name);
  }
  await expectAccessible(page);

  // Filters: collèges of 2023-2024, through the form; the URL holds the view.
  // DSFR draws the box on the label, which takes the click.
  const box = (id: string) => page.locator(`label[for="${id}"]`);
  await box("filtre-type-COLLEGE").click();
  await box(`filtre-annee-${latest}`).click();
  await box("filtre-annee-2023-2024").click();
  await expect(page.getByLabel("Collège", { exact: true })).toBeChecked();
  await expect(page.getByLabel(latest, { exact: true })).not.toBeChecked();
  await page.getByRole("button", { name: "Appliquer les filtres" }).click();
  await expect(page).toHaveURL(/annee=2023-2024/);
  await expect(page).toHaveURL(/type=COLLEGE/);
  await expect(page.getByTestId("key-figures")).toContainText("Bilans 2023-2024");
  const panel = page.getByTestId("panel-par-type");
  await expect(panel.locator(".recharts-bar-rectangle").first()).toBeVisible();

  // The data table, hidden until asked for.
  await expect(page.getByTestId("table-par-type")).toBeHidden();
  await panel.getByText("Afficher le tableau de données").click();
  const rows = page.getByTestId("table-par-type").locator("tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("Collège");

  // The CSV holds exactly the table's numbers, and they match the database.
  const download = page.waitForEvent("download");
  await page.getByTestId("csv-par-type").click();
  const file = await download;
  expect(file.suggestedFilename()).toBe("charge-par-type-2023-2024.csv");
  const csv = readFileSync((await file.path())!, "utf8").replace(/^\uFEFF/, "").trim().split("\r\n").map((l) => l.split(";"));
  expect(csv[0]).toEqual([
    "Type d'établissement", "Bilans", "Accompagnement pédagogique (h/semaine)", "Conseil à la direction (h/semaine)", "Assistance (h/semaine)",
    "Services en ligne (h/semaine)", "Communication (h/semaine)", "Formation suivie (h/semaine)", "Total (h/semaine)", "Part de l'assistance (%)",
  ]);
  expect(csv).toHaveLength(2);
  const [expected] = await query<{ n: number; assistance: number; pedagogical: number }>(
    `SELECT count(DISTINCT f."responseId")::int AS n,
            (sum(f."numericValue") FILTER (WHERE f.indicator = 'workload.assistance') / count(DISTINCT f."responseId"))::float8 AS assistance,
            (sum(f."numericValue") FILTER (WHERE f.indicator = 'workload.pedagogical_support') / count(DISTINCT f."responseId"))::float8 AS pedagogical
     FROM "ResponseFact" f JOIN "Campaign" c ON c.id = f."campaignId" JOIN "Establishment" e ON e.id = f."establishmentId"
     WHERE c."schoolYearId" = '2023-2024' AND e.type = 'COLLEGE' AND f.indicator LIKE 'workload.%'`,
  );
  const french = (x: number) => String(Math.round(x * 100) / 100).replace(".", ",");
  expect(csv[1].slice(0, 5)).toEqual(["Collège", String(expected.n), french(expected.pedagogical), expect.any(String), french(expected.assistance)]);
  const cells = await rows.first().locator("td").allInnerTexts();
  expect(cells.map((c) => c.replace(/\s/g, ""))).toEqual(csv[1].map((c) => (c === "" ? "—" : c)));

  // PNG of the chart.
  const png = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Télécharger l'image (PNG)" }).click();
  const image = await png;
  expect(image.suggestedFilename()).toBe("charge-par-type-2023-2024.png");
  const bytes = readFileSync((await image.path())!);
  expect(bytes.subarray(1, 4).toString("latin1")).toBe("PNG");
  expect(bytes.length).toBeGreaterThan(5_000);
  await expectAccessible(page);

  // Sorting the establishments table keeps the filters.
  await page.getByTestId("table-etablissements").getByRole("link", { name: "Établissement" }).click();
  await expect(page).toHaveURL(/tri=nom/);
  await expect(page).toHaveURL(/type=COLLEGE/);
  await expect(page.getByTestId("table-etablissements").locator("th[aria-sort=ascending]")).toContainText("Établissement");

  // A shared link opens the same view.
  const shared = page.url();
  await page.goto("/");
  await page.goto(shared);
  await expect(page.getByTestId("key-figures")).toContainText("Bilans 2023-2024");
});

test("the DANE follows participation and sends the reminder", async ({ page }, testInfo) => {
  await signIn(page, "dane@rupn.example");
  await page.goto("/tableaux-de-bord/participation");
  await expect(page.getByRole("heading", { level: 1, name: "Participation aux bilans annuels" })).toBeVisible();
  await expect(page.getByTestId("panel-par-campagne").locator(".recharts-bar-rectangle").first()).toBeVisible();
  await expect(page.getByTestId("campaign-title")).toContainText("Bilan annuel des RUPN");
  await expect(page.getByTestId("table-non-repondants")).toContainText("Romain Dubois");
  await shoot(page, testInfo, "panel-par-campagne", "participation-par-campagne");
  await shoot(page, testInfo, "panel-participation-par-type", "participation-par-type");
  await expectAccessible(page);

  await page.getByRole("button", { name: "Relancer les non-répondants" }).click();
  await expect(page.getByText(/^Relance envoyée à \d+ référent·es?\.$/)).toBeVisible();
  await page.goto("/boite-mail");
  await expect(page.getByTestId("mail").filter({ hasText: "Rappel : Bilan annuel des RUPN" }).filter({ has: page.getByTestId("mail-to").getByText("rupn@rupn.example", { exact: true }) }).first()).toBeVisible();

  // A closed demo campaign: no reminder, and its workbook downloads.
  await page.goto("/tableaux-de-bord/participation");
  const closed = await page.getByLabel("Campagne détaillée").locator("option", { hasText: "2024-2025 (démonstration)" }).textContent();
  await page.getByLabel("Campagne détaillée").selectOption({ label: closed! });
  await page.getByRole("button", { name: "Appliquer les filtres" }).click();
  await expect(page.getByTestId("campaign-title")).toContainText("2024-2025 (démonstration)");
  await expect(page.getByRole("button", { name: "Relancer les non-répondants" })).toHaveCount(0);
  const xlsx = page.waitForEvent("download");
  await page.getByRole("link", { name: "Télécharger le classeur de la campagne (XLSX)" }).click();
  const workbook = readFileSync((await (await xlsx).path())!);
  expect(workbook.subarray(0, 2).toString("latin1")).toBe("PK");
});
