// RGPD tools end to end (ADR 020): the DANE finds a person of its académie, opens the file, exports it (JSON),
// corrects the name, erases the person with a reason, and sees the acts in the access log.
// Own accounts (a DANE and a referent created here): erasing a shared demo person would break other specs.
import { readFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { expect, test } from "./fixtures.ts";
import { demo, expectAccessible, signIn } from "./helpers.ts";
import { E2E_DB } from "./school-days.ts";
import { schoolYearIdFor } from "../../app/domain/school-year.ts";

const DANE = "dorothee.rgpd@rupn.example";
const PERSON = { email: "ysoline.quemener@ac-rennes.fr", firstName: "Ysoline", lastName: "Quéméner" };

test.beforeAll(async () => {
  const client = new pg.Client({ connectionString: E2E_DB });
  await client.connect();
  try {
    const e0 = (await client.query(`SELECT "id", "academyId" FROM "Establishment" WHERE "uai" = $1`, [demo.establishments[0].uai])).rows[0];
    const people: [string, string, string, string, string | null][] = [
      [DANE, "Dorothée", "Registre", "DANE", null],
      [PERSON.email, PERSON.firstName, PERSON.lastName, "RUPN", e0.id],
    ];
    for (const [email, firstName, lastName, role, establishmentId] of people) {
      const id = randomUUID();
      await client.query(`INSERT INTO "User" ("id", "email", "firstName", "lastName") VALUES ($1, $2, $3, $4)`, [id, email, firstName, lastName]);
      await client.query(
        `INSERT INTO "RoleAssignment" ("id", "userId", "role", "academyId", "establishmentId", "schoolYearId") VALUES ($1, $2, $3, $4, $5, $6)`,
        [randomUUID(), id, role, e0.academyId, establishmentId, role === "RUPN" ? schoolYearIdFor(new Date()) : null],
      );
    }
  } finally {
    await client.end();
  }
});

test("a DANE opens a person's file, exports it, rectifies the name and erases the person", async ({ page }) => {
  await signIn(page, DANE);
  await page.getByRole("link", { name: "Données personnelles" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Données personnelles" })).toBeVisible();
  await page.getByLabel("Rechercher une personne (nom, prénom ou adresse électronique)").fill("quéméner");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await page.getByTestId("people").getByRole("link", { name: "Ysoline Quéméner" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Ysoline Quéméner" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Rôles et désignations" })).toBeVisible();
  await expectAccessible(page);

  // Right of access: the JSON export.
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Exporter (JSON)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^donnees-personnelles-.*\.json$/);
  const file = JSON.parse(readFileSync((await download.path())!, "utf8"));
  expect(file.account).toMatchObject(PERSON);
  expect(file.roles).toEqual([expect.objectContaining({ role: "RUPN" })]);

  // Rectification.
  await page.getByLabel("Nom", { exact: true }).fill("Quéméner-Le Bihan");
  await page.getByRole("button", { name: "Enregistrer la correction" }).click();
  await expect(page.getByText("Identité corrigée (nom).")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Ysoline Quéméner-Le Bihan" })).toBeVisible();

  // Erasure: a reason and the typed confirmation.
  await page.getByLabel("Motif de l'effacement").fill("Demande écrite de l'intéressée du 2 décembre");
  await page.getByLabel("Confirmation").fill("EFFACER");
  await page.getByRole("button", { name: "Effacer définitivement" }).click();
  await expect(page.getByText(/^La personne a été effacée/)).toBeVisible();
  await page.getByLabel("Rechercher une personne (nom, prénom ou adresse électronique)").fill("quéméner");
  await page.getByRole("button", { name: "Rechercher" }).click();
  await expect(page.getByText("Aucune personne de votre académie ne correspond à « quéméner ».")).toBeVisible();

  // The access log shows the reading, the export, the correction and the erasure: the erased person has no grant
  // left, and the erasure's own event keeps the académies they worked in.
  await page.goto("/journal-des-acces?auteur=dorothee.rgpd");
  await expect(page.getByRole("heading", { level: 1, name: "Journal des accès aux données personnelles" })).toBeVisible();
  const log = page.getByTestId("access-log");
  for (const action of ["Effacement de la personne", "Rectification de l'identité", "Export des données de la personne", "Consultation de la fiche de la personne"]) {
    await expect(log.getByRole("cell", { name: action }).first()).toBeVisible();
  }
  await expectAccessible(page);
});
