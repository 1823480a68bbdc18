import { expect, test } from "./fixtures.ts";
import type { Locator, Page } from "@playwright/test";
import { chooseInDropdown, demo, expectAccessible, signIn, signOut } from "./helpers.ts";
import { receivedMails, recipientsOf } from "./smtp.ts";
import { pdfText } from "../setup/pdf.ts";

// chef@ is chef of establishments 0 and 1, chef2@ of 16; last year's letter of establishment 0 is validated in the
// demo data (prisma/demo/letters.ts: Romain Dubois and Sophie Leroy, 625 € each).
const school = demo.establishments[0];
const second = demo.establishments[1];

const question = (scope: Page | Locator, name: string) => scope.locator(`[data-name="${name}"]`);
const panels = (page: Page) => question(page, "referents").locator(".sd-paneldynamic__panel-wrapper");

async function autosaved(page: Page, action: () => Promise<void>) {
  const saved = page.waitForResponse((r) => r.url().includes("/api/lettres/") && r.request().method() === "POST");
  await action();
  expect((await saved).status()).toBe(200);
}

/** Waits for the autosave that carries `fragment` (e.g. an amount just chosen), and for the server to accept it. */
async function savedWith(page: Page, fragment: string, action: () => Promise<void>) {
  const saved = page.waitForResponse((r) => r.url().includes("/api/lettres/") && r.request().method() === "POST" && (r.request().postData() ?? "").includes(fragment));
  await action();
  expect((await saved).status()).toBe(200);
}

async function fillText(scope: Locator, name: string, value: string) {
  const input = question(scope, name).locator("input, textarea").first();
  await input.fill(value);
  await input.press("Tab");
}

/** A SurveyJS dropdown of the scope (helpers.ts: with the keyboard, checked closed with the option shown). */
async function choose(scope: Locator, name: string, option: string) {
  await chooseInDropdown(question(scope, name), option);
}

async function openLetterOf(page: Page, establishmentName: string) {
  await page.getByRole("link", { name: "Lettres de mission" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Lettres de mission" })).toBeVisible();
  const start = page.getByRole("button", { name: `Commencer la lettre 2026-2027 de ${establishmentName}` });
  const open = page.getByRole("link", { name: `Ouvrir la lettre 2026-2027 de ${establishmentName}` });
  await expect(start.or(open)).toBeVisible();
  if (await start.isVisible()) await start.click();
  else await open.click();
  await expect(page).toHaveURL(/\/lettres\/[a-z0-9]+$/);
  await expect(page.getByRole("heading", { level: 1, name: "Lettre de mission 2026-2027" })).toBeVisible();
}

test("a chef fills the prefilled letter, adds two referents and signs; the DANE validates; each recipient gets the PDF", async ({ page, consoleGuard }) => {
  await signIn(page, "chef@rupn.example");
  await openLetterOf(page, school.name);
  const letterUrl = new URL(page.url()).pathname;

  // Page 1: the establishment from the directory, the chef from last year's letter.
  await expect(question(page, "etab_nom").locator("input")).toHaveValue(school.name);
  await expect(question(page, "chef_nom").locator("input")).toHaveValue("Claire Martin");
  await expectAccessible(page);
  await page.getByRole("button", { name: "Suivant" }).click();

  // Page 2: last year's referents are there; two more are added.
  await expect(panels(page)).toHaveCount(2);
  await expect(question(panels(page).nth(0), "nom").locator("input")).toHaveValue("Dubois");
  for (const person of [
    { first: "Lucie", last: "Bernard", email: "lucie.bernard@ac-rennes.fr", status: "Enseignant·e", newcomer: "Oui", recognition: "Indemnité pour mission particulière (IMP)" },
    { first: "Marc", last: "Lemoine", email: "marc.lemoine@ac-rennes.fr", status: "Professeur·e documentaliste", newcomer: "Non", recognition: "Allègement de service" },
  ]) {
    await page.getByRole("button", { name: "Ajouter un référent" }).click();
    const panel = panels(page).last();
    await fillText(panel, "prenom", person.first);
    await fillText(panel, "nom", person.last);
    await fillText(panel, "email", person.email);
    await question(panel, "statut").getByText(person.status, { exact: true }).click();
    if (person.status === "Enseignant·e") await fillText(panel, "discipline", "Histoire-géographie");
    await question(panel, "nouveau").getByText(person.newcomer, { exact: true }).click();
    await question(panel, "reconnaissance").getByText(person.recognition, { exact: true }).click();
    if (person.recognition.startsWith("Indemnité")) await savedWith(page, '"imp_montant":312.5', () => choose(panel, "imp_montant", "312,50 €"));
    else await autosaved(page, () => fillText(panel, "allegement_heures", "1"));
  }
  await expect(page.getByTestId("attributed")).toHaveText(/1\s562,50\s€/);
  await expect(page.getByTestId("envelope")).toHaveText(/2\s500,00\s€/);
  await expect(page.getByTestId("letter-warnings")).toContainText("4 référents désignés");
  await page.getByRole("button", { name: "Suivant" }).click();

  // Page 3: the split carried over from last year; page 4: this year's priorities.
  await expect(question(page, "repartition")).toContainText("Accompagner l'équipe pédagogique");
  await page.getByRole("button", { name: "Suivant" }).click();
  await autosaved(page, () => fillText(page.locator("body"), "priorites", "Accompagner la généralisation de l'ENT en 6e."));
  await expectAccessible(page);
  await page.getByRole("button", { name: "Soumettre la lettre à la signature" }).click();
  await expect(page.getByTestId("done-message")).toContainText("La lettre est soumise");

  // The chef signs explicitly.
  // DSFR draws the checkbox on its label.
  await page.getByText(/Je soussigné·e, Claire Martin, chef d'établissement, signe/).click();
  await expect(page.getByLabel(/Je soussigné·e, Claire Martin/)).toBeChecked();
  await page.getByRole("button", { name: "Signer la lettre de mission" }).click();
  await expect(page.getByTestId("done-message")).toContainText("La lettre de mission est signée");
  await expectAccessible(page);
  await signOut(page);

  // Another establishment's chef: 404.
  await signIn(page, "chef2@rupn.example");
  consoleGuard.allowHttpError(404, /^\/lettres\/[^/]+$/); // the refusal this test checks
  const foreign = await page.goto(letterUrl);
  expect(foreign?.status()).toBe(404);
  expect((await page.request.get(`${letterUrl}/pdf`)).status()).toBe(404);
  await signOut(page);

  // The DANE validates.
  const before = (await receivedMails()).length;
  await signIn(page, "dane@rupn.example");
  await page.goto(letterUrl);
  await expect(page.getByText("Signée par Claire Martin le")).toBeVisible();
  await page.getByRole("button", { name: "Valider la lettre de mission" }).click();
  await expect(page.getByTestId("done-message")).toContainText("Elle sera envoyée en PDF à 5 destinataires.");
  await expectAccessible(page);

  // The SMTP server receives one mail per recipient, each with the PDF; its text has the names and amounts.
  const expected = [school.email.toLowerCase(), "lucie.bernard@ac-rennes.fr", "marc.lemoine@ac-rennes.fr", "rupn2@rupn.example", "rupn@rupn.example"].sort();
  await expect.poll(async () => (await receivedMails()).slice(before).filter((m) => m.subject?.startsWith("Lettre de mission RUPN 2026-2027 validée")).flatMap(recipientsOf).sort(), { timeout: 30_000 }).toEqual(expected);
  const mails = (await receivedMails()).slice(before).filter((m) => m.subject?.startsWith("Lettre de mission RUPN 2026-2027 validée"));
  for (const mail of mails) {
    const pdf = mail.attachments.find((a) => a.contentType === "application/pdf");
    expect(pdf, `PDF pour ${recipientsOf(mail).join(", ")}`).toBeTruthy();
    const text = pdfText(pdf!.content).replace(/\u00a0/g, " ");
    for (const fragment of ["Lucie Bernard", "Marc Lemoine", "Romain Dubois", "Sophie Leroy", "IMP de 312,50 € par an", "IMP de 625,00 € par an", "Allègement de service de 1 h", "Claire Martin", school.name]) {
      expect(text).toContain(fragment);
    }
  }
  const lucie = mails.find((m) => recipientsOf(m).includes("lucie.bernard@ac-rennes.fr"))!;
  expect(lucie.text).toContain("Votre reconnaissance : une IMP de 312,50");

  // The PDF can be downloaded from the letter page.
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Télécharger la lettre de mission validée (PDF)" }).click();
  expect((await download).suggestedFilename()).toBe(`lettre-de-mission-${school.uai}-2026-2027.pdf`);
});

test("two people editing the same draft: the second save gets the 409 message, nothing is lost", async ({ browser, consoleGuard }) => {
  consoleGuard.allowHttpError(409, /^\/api\/lettres\/[^/]+$/); // the conflict this test provokes
  const first = await browser.newContext();
  const secondCtx = await browser.newContext();
  const a = await first.newPage();
  const b = await secondCtx.newPage();
  await signIn(a, "chef@rupn.example");
  await openLetterOf(a, second.name);
  const url = new URL(a.url()).pathname;
  await signIn(b, "chef@rupn.example");
  await b.goto(url);
  await expect(question(b, "chef_nom").locator("input")).toBeVisible();

  await autosaved(a, () => fillText(a.locator("body"), "chef_nom", "Claire Martin-Durand"));
  const refused = b.waitForResponse((r) => r.url().includes("/api/lettres/") && r.request().method() === "POST");
  await fillText(b.locator("body"), "chef_nom", "Claire M.");
  expect((await refused).status()).toBe(409);
  await expect(b.getByTestId("save-error")).toContainText("Cette lettre a été modifiée entre-temps");
  await expectAccessible(b);

  // The first person's change is what the server kept.
  await b.reload();
  await expect(question(b, "chef_nom").locator("input")).toHaveValue("Claire Martin-Durand");
  await first.close();
  await secondCtx.close();
});
