// Trainings end to end: the DANE creates a virtual class with two slots, a RUPN registers, another
// waits, the first cancels, the second is promoted. The e2e server has no SMTP: mails land in the local
// mailbox (checked in the page); then the test delivers the outbox rows of that server's database to a
// real SMTP test server with the platform's own delivery code and checks the .ics and the PDF.
import { expect, test } from "./fixtures.ts";
import type { Page } from "@playwright/test";
import pg from "pg";
import { demo, expectAccessible, actAs } from "./helpers.ts";
import { startTestSmtp } from "../setup/smtp.ts";
import { pdfText } from "../setup/pdf.ts";
import { smtpDeliver } from "../../app/services/outbox.server.ts";
import { schoolYearIdFor } from "../../app/domain/school-year.ts";
import { E2E_DB, nextSchoolDay } from "./school-days.ts";
import { ensureAccount } from "./db.ts";
const TITLE = "Classe virtuelle : Pix en établissement";
const ENTRY_TITLE = "Entrer dans la fonction de RUPN (groupe de printemps)";

// Own accounts, created in the e2e database: the demo ones are rate-limited (5 sign-in links per address
// per quarter of an hour) and the other specs already use them. Each signs in once; the cookie is reused.
const DANE = "diane.formation@rupn.example";
const RUPN_A = "remi.garnier@rupn.example";
const RUPN_B = "ines.moreau@rupn.example";
const CHEF = "chloe.petit@rupn.example";
const CHEF_OTHER = "paul.roux@rupn.example";

test.beforeAll(async () => {
  const client = new pg.Client({ connectionString: E2E_DB });
  await client.connect();
  try {
    const est = async (i: number) => (await client.query(`SELECT "id", "academyId" FROM "Establishment" WHERE "uai" = $1`, [demo.establishments[i].uai])).rows[0];
    const [e0, e1, e16] = [await est(0), await est(1), await est(16)];
    const year = schoolYearIdFor(new Date());
    const people: [string, string, string, string, { id: string; academyId: string }[]][] = [
      [DANE, "Diane", "Formation", "DANE", [{ id: "", academyId: e0.academyId }]],
      [RUPN_A, "Rémi", "Garnier", "RUPN", [e0]],
      [RUPN_B, "Inès", "Moreau", "RUPN", [e0]],
      [CHEF, "Chloé", "Petit", "CHEF", [e0, e1]],
      [CHEF_OTHER, "Paul", "Roux", "CHEF", [e16]],
    ];
    for (const [email, firstName, lastName, role, places] of people) {
      await ensureAccount(email, firstName, lastName, places.map((place) => ({ role, academyId: place.academyId, establishmentId: place.id || null, schoolYearId: role === "RUPN" ? year : null })));
    }
  } finally {
    await client.end();
  }
});



async function addSession(page: Page, date: string, start: string, end: string) {
  await page.getByLabel("Début (heure de Paris)").fill(`${date}T${start}`);
  await page.getByLabel("Heure de fin").fill(end);
  await page.getByLabel("Lieu ou lien de la classe virtuelle").fill("https://classe-virtuelle.example/pix");
  await page.getByLabel("Capacité (places)").fill("1");
  await page.getByRole("button", { name: "Ajouter la session" }).click();
  await expect(page.getByText("Session ajoutée.")).toBeVisible();
}

test("a virtual class on two slots: registration, convocation, cancellation and promotion", async ({ page }) => {
  const day = await nextSchoolDay(2); // a Tuesday with classes in zone B (the demo académie)

  // The DANE creates the course and its two slots.
  await actAs(page, DANE);
  await page.getByRole("link", { name: "Formations" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Formations" })).toBeVisible();
  await page.getByLabel("Intitulé").fill(TITLE);
  await page.getByLabel("Type de formation").selectOption("VIRTUAL_CLASS");
  await page.getByLabel("Description").fill("Prendre en main Pix Orga avec les équipes.");
  await page.getByRole("button", { name: "Créer la formation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await addSession(page, day, "14:00", "15:30");
  await expect(page.getByText(/Ajoutez une session hors temps de classe/)).toBeVisible();
  await addSession(page, day, "18:00", "19:00");
  await expect(page.getByText(/Ajoutez une session/)).toHaveCount(0);
  const sessions = page.getByTestId("sessions");
  await expect(sessions.locator("tbody tr")).toHaveCount(2);
  await expect(sessions.locator("tbody tr").nth(0)).toContainText("Pendant le temps de classe");
  await expect(sessions.locator("tbody tr").nth(0)).toContainText("de 14 h 00 à 15 h 30");
  await expect(sessions.locator("tbody tr").nth(1)).toContainText("Hors temps de classe");
  await expectAccessible(page);
  const courseUrl = new URL(page.url()).pathname;

  // A RUPN registers on the class-hours slot; a second one gets the waiting list.
  await actAs(page, RUPN_A);
  await page.getByRole("link", { name: "Formations" }).first().click();
  await page.getByRole("link", { name: TITLE }).click();
  await page.getByRole("button", { name: "S'inscrire" }).first().click();
  await expect(page.getByText("Inscription confirmée : votre convocation et votre ordre de mission vous sont envoyés par courriel.")).toBeVisible();
  await expectAccessible(page);
  await actAs(page, RUPN_B);
  await page.goto(courseUrl);
  await page.getByRole("button", { name: "S'inscrire" }).first().click();
  await expect(page.getByText("Session complète : inscription sur la liste d'attente, en position 1.")).toBeVisible();
  // Waiting holds the slot; the other slot does not overlap and stays open.
  await expect(page.getByTestId("sessions").locator("tbody tr").nth(0)).toContainText("Sur liste d'attente");

  // The first RUPN cancels from "Mes inscriptions": the waiting person is promoted.
  await actAs(page, RUPN_A);
  await page.goto("/formations");
  await expect(page.getByTestId("my-registrations")).toContainText("Inscrit·e");
  await page.getByRole("button", { name: "Annuler mon inscription" }).click();
  await expect(page.getByText("Inscription annulée. La première personne en attente a reçu la place libérée.")).toBeVisible();
  await expect(page.getByTestId("my-registrations")).toContainText("Annulée");
  await expectAccessible(page);

  // Local mailbox: convocation, cancellation, promotion.
  await page.goto("/boite-mail");
  const mail = (to: string, subject: string) => page.getByTestId("mail").filter({ has: page.getByTestId("mail-to").getByText(to, { exact: true }) }).filter({ hasText: subject });
  await expect(mail(RUPN_A, `Convocation : ${TITLE}`)).toHaveCount(1);
  await expect(mail(RUPN_A, `Annulation : ${TITLE}`)).toHaveCount(1);
  await expect(mail(RUPN_B, `Liste d'attente : ${TITLE}`)).toHaveCount(1);
  await expect(mail(RUPN_B, `Place libérée : vous êtes inscrit·e à « ${TITLE} »`)).toContainText("Une place s'est libérée");

  // The DANE sees the registrations and exports them.
  await actAs(page, DANE);
  await page.goto(courseUrl);
  await page.getByTestId("sessions").getByRole("link").first().click();
  const registrations = page.getByTestId("registrations");
  await expect(registrations.locator("tbody tr")).toHaveCount(2);
  await expect(registrations.locator("tbody tr").filter({ hasText: "Inès Moreau" })).toContainText("Inscrit·e");
  await expect(registrations.locator("tbody tr").filter({ hasText: "Rémi Garnier" })).toContainText("Annulée");
  await expectAccessible(page);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Exporter les inscriptions et présences (CSV)" }).click();
  const csv = await (await download).createReadStream().then(async (s) => {
    let text = "";
    for await (const chunk of s) text += chunk;
    return text;
  });
  expect(csv.replace(/^\uFEFF/, "").split("\r\n")[0]).toBe("Nom;Prénom;Adresse électronique;UAI;Établissement;Modalité;Statut;Inscrit·e le;Présence");
  expect(csv).toContain("Moreau;Inès;ines.moreau@rupn.example");

  // The same mails, delivered by the platform's SMTP code to a real SMTP server.
  const smtp = await startTestSmtp();
  const client = new pg.Client({ connectionString: E2E_DB });
  await client.connect();
  try {
    const { rows } = await client.query(
      `SELECT "id", "recipient", "subject", "textBody", "htmlBody", "attachments", "attempts" FROM "OutboxMessage"
       WHERE "kind" IN ('training-convocation', 'training-promotion') AND "subject" LIKE '%' || $1 || '%' ORDER BY "createdAt"`,
      [TITLE],
    );
    expect(rows.map((r) => r.recipient)).toEqual([RUPN_A, RUPN_B]);
    const deliver = smtpDeliver(smtp.url, "Plateforme RUPN <ne-pas-repondre@plateforme-rupn.fr>");
    for (const row of rows) await deliver(row);
    expect(smtp.messages).toHaveLength(2);
    for (const [i, message] of smtp.messages.entries()) {
      const ics = message.attachments.find((a) => a.contentType === "text/calendar")!.content.toString("utf8");
      expect(ics).toContain("METHOD:REQUEST");
      expect(ics).toContain(`SUMMARY:${TITLE}`);
      expect(ics).toContain("URL:https://classe-virtuelle.example/pix");
      const pdf = pdfText(message.attachments.find((a) => a.contentType === "application/pdf")!.content);
      expect(pdf).toContain("Ordre de mission");
      expect(pdf).toContain(i === 0 ? "Rémi GARNIER" : "Inès MOREAU");
      expect(pdf).toContain("Pendant le temps de classe");
    }
  } finally {
    await client.end();
    await smtp.close();
  }
});

async function createCourse(page: Page, title: string, kind: string) {
  await page.goto("/formations");
  await page.getByLabel("Intitulé").fill(title);
  await page.getByLabel("Type de formation").selectOption(kind);
  await page.getByRole("button", { name: "Créer la formation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
}

async function addInPersonSession(page: Page, date: string) {
  await page.getByLabel("Début (heure de Paris)").fill(`${date}T09:00`);
  await page.getByLabel("Heure de fin").fill("17:00");
  await page.getByLabel("Modalité").selectOption("IN_PERSON");
  await page.getByLabel("Lieu ou lien de la classe virtuelle").fill("Atelier Canopé, 92 rue d'Antrain, Rennes");
  await page.getByLabel("Capacité (places)").fill("30");
}

test("the DANE convokes a zone to a regroupement, the chef designates a newcomer; histories and dashboard", async ({ page, consoleGuard }) => {
  await actAs(page, DANE);
  // Newcomers already designated (the demo data's, and those of a lettre de mission validated by another spec).
  await page.goto("/formations");
  const newcomersBefore = Number(/RUPN » : (\d+)\./.exec((await page.getByTestId("newcomers").textContent()) ?? "")?.[1]);
  expect(newcomersBefore).toBeGreaterThanOrEqual(1);
  await createCourse(page, "Regroupement des RUPN de collège", "REGROUPEMENT");
  await addInPersonSession(page, await nextSchoolDay(4));
  await page.getByLabel("Zone (bassin de formation ou département)").selectOption({ label: "Département Ille-et-Vilaine (035)" });
  await page.getByLabel("Type d'établissement").selectOption("COLLEGE");
  await page.getByRole("button", { name: "Ajouter la session" }).click();
  await expect(page.getByText("Session ajoutée.")).toBeVisible();
  await page.getByTestId("sessions").getByRole("link").first().click();
  await page.getByRole("button", { name: "Convoquer les référents de la zone" }).click();
  await expect(page.getByText(/^Convocations envoyées : \d+ inscrit·e·s, 0 en liste d'attente, 0 déjà inscrit·e·s ou indisponibles\.$/)).toBeVisible();
  for (const name of ["Rémi Garnier", "Inès Moreau"]) await expect(page.getByTestId("registrations").locator("tbody tr").filter({ hasText: name })).toContainText("Inscrit·e");
  await expectAccessible(page);
  // The demo data has its own "Entrer dans la fonction de RUPN": this one is a second group.
  await createCourse(page, ENTRY_TITLE, "ENTRY_TRAINING");
  await addInPersonSession(page, await nextSchoolDay(5));
  await page.getByRole("button", { name: "Ajouter la session" }).click();
  await expect(page.getByText("Session ajoutée.")).toBeVisible();

  // The chef designates Rémi Garnier; he is then on the entry training.
  await actAs(page, CHEF);
  await page.goto("/formations");
  await page.getByRole("link", { name: ENTRY_TITLE }).click();
  await page.getByLabel("Référent·e à désigner").selectOption({ label: `Rémi Garnier — ${demo.establishments[0].name}` });
  await page.getByRole("button", { name: "Désigner" }).click();
  await expect(page.getByText("Désignation enregistrée : la convocation est envoyée.")).toBeVisible();
  await expectAccessible(page);

  // The DANE: Rémi's history, and the dashboard panel.
  await actAs(page, DANE);
  await page.goto("/formations");
  // One more: Rémi Garnier.
  await expect(page.getByTestId("newcomers")).toContainText(`inscrits à « Entrer dans la fonction de RUPN » : ${newcomersBefore + 1}.`);
  await expect(page.getByTestId("newcomers")).toContainText("Nouveaux référents déclarés dans les lettres de mission de l'année (soumises, signées ou validées) :");
  await expect(page.getByTestId("fill-rates").locator("tbody tr").filter({ hasText: "Regroupement des RUPN de collège" })).toContainText(/\d+ %/);
  await expectAccessible(page);
  await page.getByTestId("fill-rates").getByRole("link", { name: "Regroupement des RUPN de collège" }).click();
  await page.getByRole("link", { name: "Rémi Garnier" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Parcours de formation de Rémi Garnier" })).toBeVisible();
  const historyUrl = new URL(page.url()).pathname;
  const rows = page.locator("tbody tr");
  await expect(rows.filter({ hasText: ENTRY_TITLE })).toContainText("Inscrit·e");
  await expect(rows.filter({ hasText: "Regroupement des RUPN de collège" })).toContainText("Inscrit·e");
  await expect(rows.filter({ hasText: TITLE })).toContainText("Annulée");
  await expectAccessible(page);

  // Another chef cannot open Rémi's history.
  await actAs(page, CHEF_OTHER);
  consoleGuard.allowHttpError(404, /^\/formations\/personnes\/[^/]+$/); // the refusal this test checks
  expect((await page.goto(historyUrl))?.status()).toBe(404);
});
