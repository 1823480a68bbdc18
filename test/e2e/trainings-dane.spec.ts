// The DANE's session management and calendar, end to end in Chromium: the school holidays page (add, see
// the effect on a session's slot and the creation warning, delete), raising a session's capacity (the waiting
// person is promoted and mailed), cancelling the whole session (cancellation mails), the XLSX exports.
// Mails land in the local mailbox (/boite-mail). Own accounts: the demo ones are rate-limited and shared.
import { expect, test } from "./fixtures.ts";
import type { Page } from "@playwright/test";
import ExcelJS from "exceljs";
import pg from "pg";
import { demo, expectAccessible, actAs } from "./helpers.ts";
import { E2E_DB, nextSchoolDay } from "./school-days.ts";
import { ensureAccount } from "./db.ts";
import { schoolYearIdFor } from "../../app/domain/school-year.ts";
import { parisWallClockToUtc } from "../../app/domain/trainings/paris-time.ts";

const DANE = "denise.calendrier@rupn.example";
const RUPN_C = "camille.roche@rupn.example";
const RUPN_D = "didier.marchand@rupn.example";
const TITLE = "Classe virtuelle : Capytale en classe";

test.beforeAll(async () => {
  const client = new pg.Client({ connectionString: E2E_DB });
  await client.connect();
  try {
    const e0 = (await client.query(`SELECT "id", "academyId" FROM "Establishment" WHERE "uai" = $1`, [demo.establishments[0].uai])).rows[0];
    const year = schoolYearIdFor(new Date());
    const people: [string, string, string, string, string | null][] = [
      [DANE, "Denise", "Calendrier", "DANE", null],
      [RUPN_C, "Camille", "Roche", "RUPN", e0.id],
      [RUPN_D, "Didier", "Marchand", "RUPN", e0.id],
    ];
    for (const [email, firstName, lastName, role, establishmentId] of people) {
      await ensureAccount(email, firstName, lastName, [{ role, academyId: e0.academyId, establishmentId, schoolYearId: role === "RUPN" ? year : null }]);
    }
  } finally {
    await client.end();
  }
});


const frenchDate = (iso: string) => iso.split("-").reverse().join("/");

async function addSession(page: Page, date: string, start: string, end: string, capacity: number) {
  await page.getByLabel("Début (heure de Paris)").fill(`${date}T${start}`);
  await page.getByLabel("Heure de fin").fill(end);
  await page.getByLabel("Lieu ou lien de la classe virtuelle").fill("https://classe-virtuelle.example/capytale");
  await page.getByLabel("Capacité (places)").fill(String(capacity));
  await page.getByRole("button", { name: "Ajouter la session" }).click();
  await expect(page.getByText("Session ajoutée.")).toBeVisible();
}

async function workbookFrom(page: Page, click: () => Promise<void>) {
  const download = page.waitForEvent("download");
  await click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/\.xlsx$/);
  const chunks: Buffer[] = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk as Buffer);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.concat(chunks) as unknown as ArrayBuffer);
  return workbook;
}

test("the DANE corrects the school holidays, changes a session's capacity, cancels it, and exports", async ({ page, consoleGuard }) => {
  const classDay = await nextSchoolDay(2); // a Tuesday with classes in zone B
  const dayOff = await nextSchoolDay(4); // a Thursday with classes, that the DANE will close
  const mail = (to: string, subject: string) =>
    page.getByTestId("mail").filter({ has: page.getByTestId("mail-to").getByText(to, { exact: true }) }).filter({ hasText: subject });

  // The DANE's school holidays page: zone B of the académie de Rennes, from the official calendar.
  await actAs(page, DANE);
  await page.goto("/formations");
  await page.getByRole("link", { name: "Vacances scolaires de la zone" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Vacances scolaires" })).toBeVisible();
  await expect(page.getByTestId("academy-zones")).toContainText("Académie de Rennes : zone B.");
  const year = schoolYearIdFor(parisWallClockToUtc(dayOff, "12:00"));
  const table = page.getByTestId(`holidays-B-${year}`);
  await expect(table.locator("tbody tr").filter({ hasText: "Vacances de Noël" })).toContainText("Calendrier scolaire officiel");
  await expectAccessible(page);

  // It closes a school day (a local derogation); wrong dates are refused first (a 422, expected).
  consoleGuard.allowHttpError(422, /^\/formations\/vacances$/);
  const addForm = page.locator("details").filter({ hasText: "Ajouter une période sans classe à la zone B" });
  const openAddForm = async () => {
    if (!(await addForm.evaluate((d) => (d as HTMLDetailsElement).open))) await addForm.locator("summary").click();
  };
  await openAddForm();
  await page.getByLabel("Année scolaire").selectOption(year);
  await page.getByLabel("Intitulé").fill("Journée banalisée");
  await page.getByLabel("Premier jour sans classe").fill(dayOff);
  await page.getByLabel("Dernier jour sans classe").fill(`${Number(dayOff.slice(0, 4)) - 1}${dayOff.slice(4)}`);
  await page.getByRole("button", { name: "Ajouter la période" }).click();
  await expect(page.getByText("Dernier jour sans classe : il doit suivre le premier jour (ou être le même).")).toBeVisible();
  await openAddForm();
  await page.getByLabel("Année scolaire").selectOption(year);
  await page.getByLabel("Intitulé").fill("Journée banalisée");
  await page.getByLabel("Premier jour sans classe").fill(dayOff);
  await page.getByLabel("Dernier jour sans classe").fill(dayOff);
  await page.getByRole("button", { name: "Ajouter la période" }).click();
  await expect(page.getByText(`Période « Journée banalisée » ajoutée à la zone B (${year}).`)).toBeVisible();
  await expect(table.locator("tbody tr").filter({ hasText: "Journée banalisée" })).toContainText(frenchDate(dayOff));

  // A virtual class: a session on that day is outside class hours, and the DANE is warned.
  await page.goto("/formations");
  await page.getByLabel("Intitulé").fill(TITLE);
  await page.getByLabel("Type de formation").selectOption("VIRTUAL_CLASS");
  await page.getByRole("button", { name: "Créer la formation" }).click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  const courseUrl = new URL(page.url()).pathname;
  await addSession(page, dayOff, "10:00", "11:00", 5);
  await expect(page.getByText(`Cette session tombe sur une période sans classe de la zone B : « Journée banalisée », du ${frenchDate(dayOff)} au ${frenchDate(dayOff)}.`)).toBeVisible();
  const rows = page.getByTestId("sessions").locator("tbody tr");
  await expect(rows.filter({ hasText: "10 h 00 à 11 h 00" })).toContainText("Hors temps de classe");
  await expectAccessible(page);

  // Deleting the period puts the session back in class time.
  await page.goto("/formations/vacances");
  await table.locator("tbody tr").filter({ hasText: "Journée banalisée" }).getByRole("link", { name: "Modifier" }).click();
  await expect(page.getByRole("heading", { level: 3, name: `Modifier « Journée banalisée » (zone B, ${year})` })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Supprimer la période" }).click();
  await expect(page.getByText("Période supprimée.")).toBeVisible();
  await expect(table.locator("tbody tr").filter({ hasText: "Journée banalisée" })).toHaveCount(0);
  await page.goto(courseUrl);
  await expect(rows.filter({ hasText: "10 h 00 à 11 h 00" })).toContainText("Pendant le temps de classe");

  // One place on a Tuesday: Camille gets it, Didier waits.
  await addSession(page, classDay, "14:00", "15:00", 1);
  await actAs(page, RUPN_C);
  await page.goto(courseUrl);
  await page.getByTestId("sessions").locator("tbody tr").filter({ hasText: "14 h 00 à 15 h 00" }).getByRole("button", { name: "S'inscrire" }).click();
  await expect(page.getByText("Inscription confirmée : votre convocation et votre ordre de mission vous sont envoyés par courriel.")).toBeVisible();
  await actAs(page, RUPN_D);
  await page.goto(courseUrl);
  await page.getByTestId("sessions").locator("tbody tr").filter({ hasText: "14 h 00 à 15 h 00" }).getByRole("button", { name: "S'inscrire" }).click();
  await expect(page.getByText("Session complète : inscription sur la liste d'attente, en position 1.")).toBeVisible();

  // The DANE raises the capacity: Didier is promoted and mailed.
  await actAs(page, DANE);
  await page.goto(courseUrl);
  await page.getByTestId("sessions").locator("tbody tr").filter({ hasText: "14 h 00 à 15 h 00" }).getByRole("link").click();
  const registrations = page.getByTestId("registrations").locator("tbody tr");
  await expect(registrations.filter({ hasText: "Didier Marchand" })).toContainText("Sur liste d'attente (1)");
  await page.getByLabel("Nombre de places").fill("2");
  await page.getByRole("button", { name: "Modifier la capacité" }).click();
  await expect(page.getByText("Capacité modifiée : 1 personne de la liste d'attente inscrite et convoquée.")).toBeVisible();
  await expect(registrations.filter({ hasText: "Didier Marchand" })).toContainText("Inscrit·e");
  await expect(page.getByText("2 inscrit·e·s sur 2, 0 en liste d'attente")).toBeVisible();
  await expectAccessible(page);
  const sessionUrl = new URL(page.url()).pathname;
  await page.goto("/boite-mail");
  await expect(mail(RUPN_D, `Place libérée : vous êtes inscrit·e à « ${TITLE} »`)).toContainText("Une place s'est libérée");

  // The DANE cancels the whole session: both are mailed.
  await page.goto(sessionUrl);
  await page.getByRole("button", { name: "Annuler la session" }).click();
  await expect(page.getByText("Session annulée : 2 personnes prévenues par courriel.")).toBeVisible();
  await expect(page.getByText("Cette session est annulée.")).toBeVisible();
  await expect(registrations.filter({ hasText: "Camille Roche" })).toContainText("Annulée");
  await expect(registrations.filter({ hasText: "Didier Marchand" })).toContainText("Annulée");
  await expect(page.getByRole("button", { name: "Modifier la capacité" })).toHaveCount(0);
  await expectAccessible(page);
  await page.goto("/boite-mail");
  for (const person of [RUPN_C, RUPN_D]) {
    await expect(mail(person, `Annulation : ${TITLE}`)).toContainText("La DANE a annulé cette session.");
  }

  // The session's XLSX export shows the two cancelled registrations.
  await page.goto(sessionUrl);
  const sessionBook = await workbookFrom(page, () => page.getByRole("link", { name: "Exporter les inscriptions et présences (XLSX)" }).click());
  const sheet = sessionBook.getWorksheet("Inscriptions")!;
  expect(sheet.getRow(1).getCell(4).value).toBe("Nom");
  expect([2, 3].map((r) => [sheet.getRow(r).getCell(4).value, sheet.getRow(r).getCell(10).value])).toEqual([
    ["Roche", "Annulée"],
    ["Marchand", "Annulée"],
  ]);
  expect(sheet.getRow(2).getCell(2).value).toBeInstanceOf(Date);

  // The yearly export of the académie lists the session, cancelled, in its "Sessions" sheet.
  await page.goto("/formations");
  await expectAccessible(page);
  const schoolYear = schoolYearIdFor(parisWallClockToUtc(classDay, "12:00"));
  await page.getByLabel("Année scolaire à exporter (académie de Rennes)").selectOption(schoolYear);
  const yearBook = await workbookFrom(page, () => page.getByRole("button", { name: "Exporter toutes les sessions et inscriptions de l'année (XLSX)" }).click());
  const summary = yearBook.getWorksheet("Sessions")!;
  const mine = [...Array(summary.rowCount).keys()].map((i) => summary.getRow(i + 1)).filter((r) => r.getCell(1).value === TITLE);
  expect(mine).toHaveLength(2);
  expect(mine.map((r) => r.getCell(15).value instanceof Date)).toContain(true);
});
