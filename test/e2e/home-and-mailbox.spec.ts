// Issue 16: the home pages are work queues (item 11) for the DANE, a chef and a RUPN; the local mailbox lists each
// mail's attachments and downloads them (item 7). Own accounts and mails, so that no other spec's data matters.
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { Page, TestInfo } from "@playwright/test";
import { test, expect } from "./fixtures.ts";
import { demo, expectAccessible, signIn } from "./helpers.ts";
import { ensureAccount, sql } from "./db.ts";
import { schoolYearIdFor } from "../../app/domain/school-year.ts";

const DANE = "dominique.file@rupn.example";
const CHEF = "charles.file@rupn.example";
const RUPN = "rose.file@rupn.example";
const school = demo.establishments[5];
const current = schoolYearIdFor(new Date());
const previous = `${Number(current.slice(0, 4)) - 1}-${current.slice(0, 4)}`;

/** Full-page screenshots at 1280 and 375 px, kept with the test's output to be looked at. */
async function shoot(page: Page, testInfo: TestInfo, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: testInfo.outputPath(`${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}


test.beforeAll(async () => {
  const [e] = await sql<{ id: string; academyId: string }>(`SELECT "id", "academyId" FROM "Establishment" WHERE "uai" = $1`, [school.uai]);
  const people: [string, string, string, string, string | null, (string | null)[]][] = [
    [DANE, "Dominique", "File", "DANE", null, [null]],
    [CHEF, "Charles", "File", "CHEF", e.id, [null]],
    // Referent of the establishment last year (the year of the open demo campaign) and this year.
    [RUPN, "Rose", "File", "RUPN", e.id, [previous, current]],
  ];
  for (const [email, firstName, lastName, role, establishmentId, years] of people) {
    await ensureAccount(email, firstName, lastName, years.map((schoolYearId) => ({ role, academyId: e.academyId, establishmentId, schoolYearId })));
  }
  await sql(
    `INSERT INTO "OutboxMessage" ("id", "kind", "recipient", "subject", "textBody", "status", "attempts", "lastError")
     SELECT $1, 'test', $2, $3, '…', 'FAILED', 8, $4 WHERE NOT EXISTS (SELECT 1 FROM "OutboxMessage" WHERE "recipient" = $2 AND "subject" = $3)`,
    [randomUUID(), RUPN, "Convocation non distribuée (test de la file)", "550 5.1.1 boîte inconnue"],
  );
});

test("the DANE's home lists what waits: letters, campaigns with their rate and deadline, trainings, failed mails", async ({ page }, testInfo) => {
  await signIn(page, DANE);
  await expect(page.getByRole("heading", { level: 2, name: "À traiter" })).toBeVisible();
  for (const title of ["Lettres de mission à valider", "Lettres renvoyées aux établissements", "Campagnes de bilan en cours", "Sessions de formation à surveiller", "Messages non distribués"]) {
    await expect(page.getByRole("heading", { level: 3, name: new RegExp(`^${title}`) })).toBeVisible();
  }
  const campaigns = page.getByTestId("queue-campagnes");
  await expect(campaigns.getByRole("link", { name: `Bilan annuel des RUPN ${previous}` })).toBeVisible();
  await expect(campaigns).toContainText(/ouverte, clôture le \d{1,2}(er)? \S+ \d{4} · taux de réponse/);
  await expect(page.getByTestId("queue-mails-en-echec")).toContainText(`Convocation non distribuée (test de la file) — à ${RUPN}`);
  await expectAccessible(page);
  await shoot(page, testInfo, "accueil-dane");
});

test("the chef's home gives the letter's state and next step", async ({ page }, testInfo) => {
  await signIn(page, CHEF);
  const queue = page.getByTestId("queue-lettres-etablissements");
  await expect(queue.getByRole("heading", { level: 2, name: `Lettres de mission ${current}` })).toBeVisible();
  await expect(queue).toContainText(school.name);
  await expect(queue.getByTestId("next-step")).toHaveText(/^Étape suivante : Lettre non commencée/);
  await expect(queue.getByRole("link", { name: "Aller aux lettres de mission" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 3, name: /^Lettres de mission à valider/ })).toHaveCount(0);
  await expectAccessible(page);
  await shoot(page, testInfo, "accueil-chef");
});

test("the RUPN's home lists the bilan to send and the trainings", async ({ page }, testInfo) => {
  await signIn(page, RUPN);
  const bilans = page.getByTestId("queue-bilans");
  await expect(bilans).toContainText(`Bilan annuel des RUPN ${previous} — ${school.name} : pas commencé`);
  // Another spec may open a campaign of this year meanwhile: take last year's line.
  await bilans.locator("li", { hasText: `Bilan annuel des RUPN ${previous}` }).getByRole("link", { name: "Commencer" }).click();
  await expect(page).toHaveURL(/\/bilans$/);
  await page.goto("/");
  await expect(page.getByTestId("queue-mes-formations")).toContainText("Aucune inscription à venir.");
  await expectAccessible(page);
  await shoot(page, testInfo, "accueil-rupn");
});

test("the local mailbox lists a mail's attachments and downloads them", async ({ page }, testInfo) => {
  const [letter] = await sql<{ id: string }>(`SELECT "id" FROM "MissionLetter" WHERE "status" = 'VALIDATED' ORDER BY "id" LIMIT 1`);
  const ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Plateforme RUPN//FR\r\nEND:VCALENDAR\r\n";
  const id = randomUUID();
  await sql(
    `INSERT INTO "OutboxMessage" ("id", "kind", "recipient", "subject", "textBody", "attachments", "status", "transport", "sentAt")
     VALUES ($1, 'test', $2, 'Pièces jointes (test de la boîte mail)', 'Voir les pièces jointes.', $3, 'SENT', 'local', now())`,
    [id, RUPN, JSON.stringify([
      { filename: "convocation.ics", contentType: "text/calendar; charset=utf-8; method=REQUEST", contentBase64: Buffer.from(ics).toString("base64") },
      { filename: "Lettre de mission.pdf", contentType: "application/pdf", ref: { kind: "mission-letter-pdf", letterId: letter.id } },
    ])],
  );
  await page.goto("/boite-mail");
  const mail = page.getByTestId("mail").filter({ hasText: "Pièces jointes (test de la boîte mail)" });
  const attachments = mail.getByTestId("mail-attachments");
  await expect(attachments.getByRole("heading", { name: "2 pièces jointes" })).toBeVisible();
  await expect(attachments.getByRole("link", { name: /^convocation\.ics invitation d'agenda \(ICS\), \d+ octets$/ })).toBeVisible();
  await expect(attachments.getByRole("link", { name: /^Lettre de mission\.pdf PDF, produit à l'ouverture$/ })).toBeVisible();

  const ical = page.waitForEvent("download");
  await attachments.getByRole("link", { name: /^convocation\.ics/ }).click();
  const icsFile = await ical;
  expect(icsFile.suggestedFilename()).toBe("convocation.ics");
  expect(readFileSync((await icsFile.path())!, "utf8")).toBe(ics);

  const pdf = page.waitForEvent("download");
  await attachments.getByRole("link", { name: /^Lettre de mission\.pdf/ }).click();
  const pdfFile = await pdf;
  expect(pdfFile.suggestedFilename()).toBe("Lettre de mission.pdf");
  expect(readFileSync((await pdfFile.path())!).subarray(0, 5).toString("latin1")).toBe("%PDF-");

  const missing = await page.request.get(`/boite-mail/${id}/pieces-jointes/7`);
  expect(missing.status()).toBe(404);
  await expectAccessible(page);
  await mail.scrollIntoViewIfNeeded();
  await mail.screenshot({ path: testInfo.outputPath("boite-mail-pieces-jointes.png") });
});
