import { readFileSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";

/**
 * The demo establishments in the order the seed gives them (prisma/demo/directory.ts): the rows of the shipped
 * Annuaire extract that the importer keeps (the second degree: collèges, lycées, EREA), in file order.
 */
export const demo = {
  establishments: (
    parse(readFileSync("prisma/demo/fr-en-annuaire-education-ille-et-vilaine.csv"), { bom: true, delimiter: ";", columns: true }) as Record<string, string>[]
  )
    .filter((row) => ["Collège", "Lycée", "EREA"].includes(row.Type_etablissement))
    .map((row) => ({ uai: row.Identifiant_de_l_etablissement, name: row.Nom_etablissement, email: row.Mail })),
};

/** Signs in through the real flow: the form, the local mailbox, the link, the confirmation button. */
export async function signIn(page: Page, email: string) {
  await page.goto("/connexion");
  await page.getByLabel("Adresse électronique").fill(email);
  await page.getByRole("button", { name: "Recevoir un lien de connexion" }).click();
  await expect(page.getByText("Vérifiez votre messagerie")).toBeVisible();
  await page.goto("/boite-mail");
  const mail = page.getByTestId("mail").filter({ has: page.getByTestId("mail-to").getByText(email, { exact: true }) }).first();
  const link = mail.getByRole("link", { name: /connexion\/verifier/ });
  await expect(link).toBeVisible();
  await page.goto((await link.getAttribute("href"))!);
  await page.getByRole("button", { name: "Se connecter" }).click();
  await expect(page.getByRole("heading", { level: 1, name: /^Bonjour/ })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Se déconnecter" }).first().click();
  await expect(page.getByRole("link", { name: "Se connecter" }).first()).toBeVisible();
}

/** No serious or critical accessibility violation on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}
