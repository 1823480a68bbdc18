// The national view (issue 17 part 3, ADR 022): the ministry's account signs in, reads the comparison of académies
// with its small groups shown "< 5", downloads a table's CSV, and cannot open an establishment's page. Read-only:
// this spec changes no data.
import { expect, test } from "./fixtures.ts";
import { demo, expectAccessible, signIn } from "./helpers.ts";
import { schoolYearIdFor } from "../../app/domain/school-year.ts";

const current = Number(schoolYearIdFor(new Date()).slice(0, 4));
const HISTORY_YEAR = `${current - 3}-${current - 2}`;

test("the ministry reads the national comparison, with small groups suppressed and no establishment page", async ({ page, consoleGuard }) => {
  consoleGuard.allowHttpError(404, /^\/etablissements\//); // the establishment page it may not open
  await signIn(page, "national@rupn.example");
  await expect(page.getByRole("heading", { level: 2, name: "Vue nationale" })).toBeVisible();
  await page.getByRole("link", { name: "Ouvrir la vue nationale" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Vue nationale" })).toBeVisible();
  await expect(page.getByText("Secret statistique")).toBeVisible();
  // A year of the demo's history, that no other spec adds bilans to (the default is the latest year with bilans).
  await page.getByLabel("Année scolaire").selectOption(HISTORY_YEAR);
  await page.getByRole("button", { name: "Afficher" }).click();
  await expect(page.getByRole("heading", { level: 2, name: `Bilans envoyés par académie et type d'établissement, ${HISTORY_YEAR}` })).toBeVisible();

  // The bilans per académie and establishment type: the académie de Rennes, the national line, small groups "< 5".
  const counts = page.getByTestId("table-bilans-types");
  await expect(counts.getByRole("columnheader", { name: "Collège" })).toBeVisible();
  await expect(counts.getByRole("row").filter({ hasText: "Rennes" })).toHaveCount(1);
  await expect(counts.getByRole("row").filter({ hasText: "France entière" })).toHaveCount(1);
  await expect(counts.getByRole("cell", { name: "< 5", exact: true }).first()).toBeVisible();
  // No establishment or person appears anywhere on the page.
  await expect(page.getByText(demo.establishments[0].name)).toHaveCount(0);
  await expect(page.getByText("@rupn.example")).toHaveCount(0);

  // The load panel's data table and its CSV hold the same figures.
  await page.getByTestId("panel-charge").getByText("Afficher le tableau de données").click();
  await expect(page.getByTestId("table-charge").getByRole("row").filter({ hasText: "France entière" })).toHaveCount(1);
  const download = page.waitForEvent("download");
  await page.getByTestId("csv-bilans-types").click();
  const csv = await (await download).createReadStream().then(async (stream) => {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString("utf8");
  });
  expect(csv).toContain("Académie;Collège");
  expect(csv).toContain("< 5");
  await expectAccessible(page);

  // The ministry has no access to an establishment's page.
  const response = await page.goto(`/etablissements/${demo.establishments[0].uai}`);
  expect(response?.status()).toBe(404);
});
