import { expect, test } from "./fixtures.ts";
import { demo, expectAccessible, signIn, signOut } from "./helpers.ts";

test("the home page is in French, DSFR-styled and accessible", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveTitle("Plateforme RUPN");
  await expect(page.locator("html")).toHaveAttribute("lang", "fr");
  await expect(page.getByRole("heading", { level: 1, name: "Plateforme RUPN" })).toBeVisible();
  await expect(page.locator("header.fr-header")).toBeVisible();
  await expect(page.locator("footer.fr-footer")).toBeVisible();
  await expectAccessible(page);
  await page.goto("/connexion");
  await expectAccessible(page);
});

const roles = [
  { email: "rupn@rupn.example", name: "Romain", expect: { heading: "Mon établissement", text: demo.establishments[0].name } },
  { email: "chef@rupn.example", name: "Claire", expect: { heading: "Mes établissements et leurs référents", text: demo.establishments[1].name } },
  { email: "dane@rupn.example", name: "Damien", expect: { heading: "Académie de Rennes", text: "Rechercher un établissement" } },
  { email: "rectorat@rupn.example", name: "Rachel", expect: { heading: "Académie de Rennes", text: "Rechercher un établissement" } },
  { email: "admin@rupn.example", name: "Alice", expect: { heading: "Tous les établissements", text: "Rechercher un établissement" } },
  { email: "national@rupn.example", name: "Nadia", expect: { heading: "Vue nationale", text: "Ouvrir la vue nationale" } },
];

for (const role of roles) {
  test(`${role.email} signs in through the mailbox link and sees their home`, async ({ page }) => {
    await signIn(page, role.email, { throughMailboxPage: true });
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Bonjour ${role.name}`);
    await expect(page.getByRole("heading", { level: 2, name: role.expect.heading })).toBeVisible();
    await expect(page.getByText(role.expect.text).first()).toBeVisible();
    await expectAccessible(page);
    await signOut(page);
    await page.goto("/etablissements");
    await expect(page).toHaveURL(/\/connexion\?redirection=%2Fetablissements/);
  });
}

test("a used sign-in link cannot be used again, an unknown one is refused", async ({ page, consoleGuard }) => {
  consoleGuard.allowHttpError(400, /^\/connexion\/verifier$/); // the two refused links
  const href = await signIn(page, "rupn2@rupn.example");
  await signOut(page);
  const response = await page.goto(href);
  expect(response?.status()).toBe(400);
  await expect(page.getByText("Ce lien de connexion a déjà été utilisé. Demandez un nouveau lien.")).toBeVisible();
  const unknown = await page.goto("/connexion/verifier?jeton=nimportequoi");
  expect(unknown?.status()).toBe(400);
  await expect(page.getByText("Ce lien de connexion n'est pas valide. Demandez un nouveau lien.")).toBeVisible();
  await expectAccessible(page);
});

test("a malformed address gets a French error and no mail", async ({ page, consoleGuard }) => {
  consoleGuard.allowHttpError(400, /^\/connexion(\.data)?$/); // the refused address
  await page.goto("/connexion");
  await page.getByLabel("Adresse électronique").fill("pas-une-adresse");
  await page.getByRole("button", { name: "Recevoir un lien de connexion" }).click();
  await expect(page.getByText("Adresse électronique invalide (exemple : prenom.nom@ac-academie.fr).")).toBeVisible();
  await page.goto("/boite-mail");
  await expect(page.getByTestId("mail").filter({ hasText: "pas-une-adresse" })).toHaveCount(0);
});
