import { expect, test } from "./fixtures.ts";
import { demo, expectAccessible, signIn, signOut } from "./helpers.ts";

const target = demo.establishments[2];

test("the DANE uploads an effectifs file and reads the per-row report", async ({ page }) => {
  await signIn(page, "dane@rupn.example");
  await page.getByRole("link", { name: "Imports" }).first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Imports de l'annuaire et des effectifs");
  await expectAccessible(page);

  const csv = [
    "Rentrée scolaire;Académie;Numéro du collège;Dénomination principale;Patronyme;Secteur;Nombre d'élèves total",
    `2021;RENNES;${target.uai};COLLEGE;TEST;PUBLIC;777`,
    "2021;RENNES;0350122A;COLLEGE;CLE FAUSSE;PUBLIC;300",
    "2021;RENNES;0359999D;COLLEGE;INCONNU;PUBLIC;400",
  ].join("\r\n");
  await page.getByLabel("Type de fichier").selectOption("effectifs");
  await page.getByLabel(/^Fichier/).setInputFiles({ name: "effectifs-test.csv", mimeType: "text/csv", buffer: Buffer.from(csv, "utf8") });
  await page.getByRole("button", { name: "Importer" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import de effectifs-test.csv");
  await expect(page.getByText("Import réussi")).toBeVisible();
  const summary = page.getByTestId("import-summary");
  // Rows add up to the rows read; establishments are counted apart.
  await expect(page.getByTestId("import-rows-read")).toHaveText("3 lignes lues, chacune comptée une fois :");
  await expect(summary).toContainText("créant un effectif : 1");
  await expect(summary).toContainText("écartées : 2");
  await expect(summary).toContainText("hors périmètre : 0");
  await expect(page.getByTestId("import-establishments")).toContainText("1 établissement absent de la plateforme");
  const rows = page.locator("table tbody tr");
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText("0350122A");
  await expect(rows.nth(0)).toContainText("la lettre clé devrait être T");
  await expect(rows.nth(1)).toContainText("0359999D");
  await expect(rows.nth(1)).toContainText("absent de la plateforme");
  await expectAccessible(page);

  await page.goto(`/etablissements/${target.uai}`);
  const line = page.locator("tr", { hasText: "2021-2022" });
  await expect(line).toContainText("777");
  await expect(line).toContainText("fr-en-college-effectifs-niveau-sexe-lv");

  await page.goto("/imports");
  await expect(page.getByRole("link", { name: "effectifs-test.csv" })).toBeVisible();
});

test("a wrong file is refused whole with a French message, and a chef cannot reach the imports", async ({ page, consoleGuard }) => {
  await signIn(page, "dane@rupn.example");
  await page.goto("/imports");
  await page.getByLabel("Type de fichier").selectOption("annuaire");
  await page.getByLabel(/^Fichier/).setInputFiles({ name: "pas-un-annuaire.csv", mimeType: "text/csv", buffer: Buffer.from("a;b;c\n1;2;3\n") });
  await page.getByRole("button", { name: "Importer" }).click();
  await expect(page.getByText("Import échoué : rien n'a été enregistré")).toBeVisible();
  await signOut(page);

  await signIn(page, "chef@rupn.example");
  consoleGuard.allowHttpError(403, /^\/imports$/); // the refusal this test checks
  const response = await page.goto("/imports");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Accès refusé");
});
