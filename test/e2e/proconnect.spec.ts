// ProConnect in Chromium against the local OpenID Connect provider started by the global setup.
import { test, expect } from "./fixtures.ts";
import { expectAccessible, signIn, signOut } from "./helpers.ts";

test.describe.configure({ mode: "serial" });

const proConnectButton = /S’identifier avec\s*ProConnect/;

test("sign in with ProConnect, land on the role's home, sign out here and at the provider", async ({ page }) => {
  await page.goto("/connexion");
  const button = page.getByRole("link", { name: proConnectButton });
  await expect(button).toBeVisible();
  // The email link stays, below the button.
  const email = page.getByLabel("Adresse électronique");
  await expect(email).toBeVisible();
  expect((await button.boundingBox())!.y).toBeLessThan((await email.boundingBox())!.y);
  await expectAccessible(page);

  await button.click();
  await expect(page.getByRole("heading", { name: "ProConnect (fournisseur de test)" })).toBeVisible();
  await page.getByLabel("Identifiant de l'agent").fill("rectorat");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Bonjour/ })).toBeVisible();
  expect(new URL(page.url()).pathname).toBe("/");

  await page.getByRole("button", { name: "Se déconnecter" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Vous êtes déconnecté·e" })).toBeVisible();
  await expect(page.getByText("ainsi que votre session ProConnect")).toBeVisible();
  await expectAccessible(page);

  // Signed out at the provider too: ProConnect asks for the agent's identifier again instead of signing straight in.
  await page.goto("/connexion");
  await page.getByRole("link", { name: proConnectButton }).click();
  await expect(page.getByLabel("Identifiant de l'agent")).toBeVisible();
});

test("a person without an account gets a French explanation and no session", async ({ page, consoleGuard }) => {
  // The explanation page answers 403 (no session is opened), which Chromium reports in the console.
  consoleGuard.allow(/status of 403/);
  await page.goto("/connexion");
  await page.getByRole("link", { name: proConnectButton }).click();
  await page.getByLabel("Identifiant de l'agent").fill("inconnu");
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Vous n'avez pas encore de compte sur la Plateforme RUPN" })).toBeVisible();
  await expect(page.getByText("c'est votre chef d'établissement qui vous désigne")).toBeVisible();
  await expectAccessible(page);
  await expect(page.getByRole("link", { name: "Se connecter" }).first()).toBeVisible();
});

test("a refused consent is explained in French", async ({ page, consoleGuard }) => {
  consoleGuard.allow(/status of 400/);
  await page.goto("/connexion");
  await page.getByRole("link", { name: proConnectButton }).click();
  await page.getByRole("button", { name: "Refuser" }).click();
  await expect(page.getByText("Vous avez refusé, sur ProConnect, de transmettre vos informations")).toBeVisible();
  await expectAccessible(page);
});

test("the administrator sees the linked identity and unlinks it", async ({ page }) => {
  await signIn(page, "admin@rupn.example");
  await page.getByRole("link", { name: "Comptes" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Comptes" })).toBeVisible();
  await page.getByLabel("Rechercher un compte (nom ou adresse électronique)").fill("rectorat@rupn.example");
  await page.getByRole("button", { name: "Rechercher" }).click();
  const row = page.getByTestId("accounts").getByRole("row").filter({ hasText: "rectorat@rupn.example" });
  await expect(row).toContainText("ProConnect");
  await expectAccessible(page);
  await row.getByRole("link").click();
  const identities = page.getByTestId("identities");
  await expect(identities).toContainText("rect-0001");
  await expect(identities).toContainText("fi-demo-rennes");
  await expect(page.getByTestId("sign-ins")).toContainText("ProConnect");
  await expectAccessible(page);
  await identities.getByRole("button", { name: "Délier" }).click();
  await expect(page.getByText("L'identité ProConnect a été déliée")).toBeVisible();
  await expect(page.getByTestId("identities")).toHaveCount(0);
  await signOut(page);
});
