import { expect, test } from "./fixtures.ts";
import { demo, expectAccessible, signIn } from "./helpers.ts";

const chefOwn = demo.establishments[0];
const chef2Own = demo.establishments[16];

test("a chef sees their establishment and gets a 404 on another one", async ({ page, consoleGuard }) => {
  // The refusals this test checks: another establishment (404), a malformed UAI (400).
  consoleGuard.allowHttpError(404, /^\/etablissements\/[^/]+$/);
  consoleGuard.allowHttpError(400, /^\/etablissements\/0350122A$/);
  await signIn(page, "chef2@rupn.example");
  const own = await page.goto(`/etablissements/${chef2Own.uai}`);
  expect(own?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(chef2Own.name);
  await expect(page.getByRole("heading", { name: "Effectifs par année scolaire" })).toBeVisible();
  await expect(page.getByText("Paul Bernard — Chef d'établissement")).toBeVisible();
  await expectAccessible(page);

  const foreign = await page.goto(`/etablissements/${chefOwn.uai}`);
  expect(foreign?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page non trouvée");
  await expect(page.getByText(chefOwn.name)).toHaveCount(0);
  await expectAccessible(page);

  const malformed = await page.goto("/etablissements/0350122A");
  expect(malformed?.status()).toBe(400);
  await expect(page.getByTestId("error-message")).toHaveText("UAI 0350122A : la lettre clé devrait être T.");
});

test("the DANE searches and pages through the académie's establishments", async ({ page }) => {
  await signIn(page, "dane@rupn.example");
  await page.goto("/etablissements");
  await expect(page.getByText("30 établissements — page 1 sur 2")).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(20);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Page suivante" }).first().click();
  await expect(page.getByText("30 établissements — page 2 sur 2")).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(10);
  await page.getByLabel("Rechercher par nom, commune ou UAI").fill(chefOwn.uai);
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByText("1 établissement — page 1 sur 1")).toBeVisible();
  await page.getByRole("link", { name: chefOwn.name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(chefOwn.name);
});

test("an unknown page is a French 404", async ({ page, consoleGuard }) => {
  consoleGuard.allowHttpError(404, /^\/nulle-part$/);
  const response = await page.goto("/nulle-part");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page non trouvée");
});
