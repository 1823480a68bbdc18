// Issue 14: the DANE designs the académie's bilan without a developer. From the national model for 2026-2027: a new
// conditional question with an indicator, a locked question it cannot delete, the preview filled, the diff, the
// publication, a campaign on it; then a RUPN of the académie fills and submits that version, condition included,
// while another académie's DANE and RUPN stay on the national model, and the admin's dashboards count both.
import { expect, test } from "./fixtures.ts";
import type { Locator, Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { demo, expectAccessible, signIn, signOut } from "./helpers.ts";
import { ensureAccount, sql } from "./db.ts";

const NEW_QUESTION = "Administrez-vous l'ENT de l'établissement ?";
const CAMPAIGN = "Bilan de l'académie (questionnaire modifié)";
const OTHER_CAMPAIGN = "Bilan de l'autre académie (modèle national)";
// This spec's own people: a RUPN of the demo académie (an establishment no other spec fills a bilan for), and the
// DANE and a RUPN of an académie of its own.
const RUPN_RENNES = "roxane.questionnaire@rupn.example";
const DANE_OTHER = "denis.autre-academie@rupn.example";
const RUPN_OTHER = "rachid.autre-academie@rupn.example";
const rennesEstablishment = { id: "", name: demo.establishments[19].name };
let otherAcademyId = "";

test.beforeAll(async () => {
  const [e] = await sql<{ id: string; academyId: string }>(`SELECT "id", "academyId" FROM "Establishment" WHERE "uai" = $1`, [demo.establishments[19].uai]);
  rennesEstablishment.id = e.id;
  await ensureAccount(RUPN_RENNES, "Roxane", "Questionnaire", [{ role: "RUPN", academyId: e.academyId, establishmentId: e.id, schoolYearId: "2026-2027" }]);
  const [academy] = await sql<{ id: string }>(
    `INSERT INTO "Academy" ("id", "code", "name", "zone") VALUES ($1, 'E2E-QUEST', 'Autre-Académie', 'A')
     ON CONFLICT ("code") DO UPDATE SET "name" = EXCLUDED."name" RETURNING "id"`,
    [randomUUID()],
  );
  otherAcademyId = academy.id;
  const [school] = await sql<{ id: string }>(
    `INSERT INTO "Establishment" ("id", "uai", "name", "type", "sector", "academyId", "updatedAt")
     VALUES ($1, 'E2EQ001A', 'Collège de l''autre académie', 'COLLEGE', 'PUBLIC', $2, now())
     ON CONFLICT ("uai") DO UPDATE SET "name" = EXCLUDED."name" RETURNING "id"`,
    [randomUUID(), academy.id],
  );
  await ensureAccount(DANE_OTHER, "Denis", "Autre-Académie", [{ role: "DANE", academyId: academy.id }]);
  await ensureAccount(RUPN_OTHER, "Rachid", "Autre-Académie", [{ role: "RUPN", academyId: academy.id, establishmentId: school.id, schoolYearId: "2026-2027" }]);
});

/** Starts the person's bilan in the campaign's card; returns the response's id. */
async function startBilan(page: Page, campaign: string): Promise<string> {
  await page.goto("/bilans");
  await page.locator(".fr-card").filter({ hasText: campaign }).getByRole("button", { name: /^Commencer/ }).click();
  await expect(page).toHaveURL(/\/bilans\/[a-z0-9]+$/);
  return new URL(page.url()).pathname.split("/").pop()!;
}

const q = (page: Page, name: string) => page.locator(`[data-name="${name}"]`);
async function typeNumber(page: Page, name: string, value: string) {
  await q(page, name).locator("input").fill(value);
  await q(page, name).locator("input").press("Tab");
  await expect(q(page, name).locator("input")).toHaveValue(value);
}

/** The rest of the bilan, from the first page with the status chosen (a teacher), to "sent". */
async function fillAndSubmitBilan(page: Page) {
  await typeNumber(page, "annees_rupn", "4");
  await typeNumber(page, "nombre_referents", "1");
  await q(page, "reconnaissance").getByText("Aucune reconnaissance").click();
  await page.getByRole("button", { name: "Suivant" }).click();
  for (const [name, value] of [["h_accompagnement", "2"], ["h_conseil", "0.5"], ["h_assistance", "1.5"], ["h_administration", "1"], ["h_communication", "0.5"], ["h_formation", "0.5"], ["tickets_collectivite", "12"]]) {
    await typeNumber(page, name, value);
  }
  await page.getByRole("button", { name: "Suivant" }).click();
  await q(page, "actions").getByText("Ateliers de prise en main pour les collègues").click();
  await typeNumber(page, "nombre_ateliers", "3");
  await q(page, "outils").getByText("Environnement numérique de travail (ENT)").click();
  await page.getByRole("button", { name: "Suivant" }).click();
  await q(page, "difficultes").getByText("Manque de temps pour la mission").click();
  await q(page, "satisfaction_reconnaissance").getByText("3", { exact: true }).click();
  await q(page, "poursuite").getByText("Oui", { exact: true }).click();
  await page.getByRole("button", { name: "Envoyer le bilan" }).click();
  await expect(page.getByRole("heading", { name: "Votre bilan a bien été envoyé" })).toBeVisible();
}

/** Selects the option whose label contains `text` (the survey titles are long). */
async function chooseOption(select: Locator, text: string) {
  const value = await select.locator("option", { hasText: text }).first().getAttribute("value");
  await select.selectOption(value!);
}

async function autosaved(page: Page, action: () => Promise<void>) {
  const saved = page.waitForResponse((r) => r.url().includes("/api/questionnaires/") && r.request().method() === "POST");
  await action();
  expect((await saved).status()).toBe(200);
  await expect(page.getByTestId("autosave-status")).toContainText("Brouillon enregistré");
}

// One journey in three steps (each within the test timeout on a busy machine), sharing the draft's address.
test.describe.configure({ mode: "serial" });
let editorUrl = "";

test("a DANE adapts the national bilan: a conditional question with an indicator, a locked question kept", async ({ page }) => {
  await signIn(page, "dane@rupn.example");
  await page.getByRole("link", { name: "Questionnaires" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Questionnaires" })).toBeVisible();
  await page.getByLabel("Année scolaire du questionnaire").first().selectOption("2026-2027");
  await chooseOption(page.getByLabel("Point de départ"), "modèle national 2025-2026");
  await page.getByRole("button", { name: "Créer le brouillon" }).click();
  await expect(page.getByText("bilan-annuel · 2026-2027")).toBeVisible();
  editorUrl = new URL(page.url()).pathname;

  // A new yes/no question on the first page, shown to teachers only, feeding an indicator.
  await page.getByLabel("Type de la nouvelle question (page 1)").selectOption({ label: "Oui / non" });
  await page.getByRole("button", { name: "Ajouter la question à la page 1" }).click();
  const added = page.locator('[data-question="question"]');
  await added.getByLabel("Intitulé").fill(NEW_QUESTION);
  await added.getByLabel("Afficher cette question").selectOption({ label: "quand « Quel est votre statut ? »" });
  await added.getByLabel("Valeur").selectOption({ label: "Enseignant·e" });
  await autosaved(page, async () => {
    await added.getByLabel("Indicateur des tableaux de bord").selectOption({ label: "Outils administrés" });
  });
  await expect(added).toContainText("affichée quand « Quel est votre statut ? » est égale à « enseignant »");

  // A locked question cannot be deleted: refused, with the reason.
  await page.getByRole("button", { name: "Supprimer « Assistance et maintenance de niveau 1 (heures par semaine) »" }).click();
  await expect(page.getByTestId("editor-notice")).toContainText("Suppression refusée");
  await expect(page.getByTestId("editor-notice")).toContainText("tableaux de bord nationaux (indicateur « workload.assistance »)");
  await expect(page.locator('[data-question="h_assistance"]')).toHaveCount(1);
  // The editor, with a question's form open and the refusal shown.
  await expectAccessible(page);
});

test("the DANE previews the draft: the condition works, the form can be filled, and shown at a phone's width", async ({ page }) => {
  expect(editorUrl).toMatch(/^\/questionnaires\/[a-z0-9]+$/);
  await signIn(page, "dane@rupn.example");
  await page.goto(`${editorUrl}/apercu`);
  const statut = page.locator('[data-name="statut"]');
  await expect(statut).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText(NEW_QUESTION)).toHaveCount(0);
  await statut.getByText("Enseignant·e", { exact: true }).click();
  await expect(page.getByText(NEW_QUESTION)).toBeVisible();
  await page.locator('[data-name="annees_rupn"] input').fill("3");
  await page.getByRole("button", { name: "Afficher en largeur de téléphone" }).click();
  expect((await page.getByTestId("preview-frame").boundingBox())!.width).toBeLessThanOrEqual(400);
  await expectAccessible(page);
  await page.getByRole("link", { name: "Retour à l'éditeur" }).click();
  await expect(page.getByRole("link", { name: "Voir ce qui change et publier" })).toBeVisible();
});

test("the DANE reads what changed, publishes and opens a campaign with the version", async ({ page }) => {
  expect(editorUrl).toMatch(/^\/questionnaires\/[a-z0-9]+$/);
  await signIn(page, "dane@rupn.example");
  await page.goto(editorUrl);
  await page.getByRole("link", { name: "Voir ce qui change et publier" }).click();
  const diff = page.getByTestId("diff-table");
  await expect(diff.getByRole("row").filter({ hasText: NEW_QUESTION })).toContainText("Ajoutée");
  await page.getByRole("button", { name: "Publier cette version" }).click();
  await expect(page.getByText(/Publiée le/).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Modifier (nouveau brouillon)" })).toBeVisible();

  // A campaign on the published version.
  await page.goto("/campagnes/nouvelle");
  await page.getByLabel("Titre").fill(CAMPAIGN);
  await chooseOption(page.getByLabel("Questionnaire"), "version de l'académie 2026-2027");
  await page.getByLabel("Année scolaire dont on fait le bilan").selectOption("2026-2027");
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Ouverture").fill(day(0));
  await page.getByLabel("Clôture (dernier jour inclus)").fill(day(30));
  await page.getByRole("button", { name: "Ouvrir la campagne" }).click();
  await expect(page.getByRole("heading", { level: 1, name: CAMPAIGN })).toBeVisible();
});

test("a RUPN of the académie fills and submits the académie's version: the new question under its condition, kept with the answers", async ({ page }) => {
  await signIn(page, RUPN_RENNES);
  const responseId = await startBilan(page, CAMPAIGN);
  await page.locator('[data-name="statut"]').getByText("Enseignant·e", { exact: true }).click();
  const added = page.locator(".sd-question").filter({ hasText: NEW_QUESTION });
  await expect(added).toBeVisible();
  await added.getByText("Oui", { exact: true }).click();
  await fillAndSubmitBilan(page);

  // Answered on the académie's version, the new question's answer with the others.
  const [row] = await sql<{ academyId: string | null; data: Record<string, unknown>; status: string }>(
    `SELECT v."academyId", r."data", r."status" FROM "SurveyResponse" r JOIN "SurveyVersion" v ON v."id" = r."surveyVersionId" WHERE r."id" = $1`,
    [responseId],
  );
  expect(row.status).toBe("SUBMITTED");
  expect(row.academyId).not.toBeNull();
  expect(Object.values(row.data)).toContain(true);
  expect(row.data).toMatchObject({ statut: "enseignant", h_assistance: 1.5, poursuite: "oui" });
});

test("another académie's DANE is offered the national model only, its RUPN answers it; the admin's dashboards count both académies", async ({ page }) => {
  // The other académie's DANE opens a campaign: Rennes' version is not offered.
  await signIn(page, DANE_OTHER);
  await page.goto("/campagnes/nouvelle");
  const versions = page.getByLabel("Questionnaire").locator("option");
  await expect(versions.filter({ hasText: "modèle national" }).first()).toBeAttached();
  await expect(versions.filter({ hasText: "version de l'académie" })).toHaveCount(0);
  await page.getByLabel("Titre").fill(OTHER_CAMPAIGN);
  await chooseOption(page.getByLabel("Questionnaire"), "Bilan annuel");
  await page.getByLabel("Année scolaire dont on fait le bilan").selectOption("2026-2027");
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("Ouverture").fill(day(0));
  await page.getByLabel("Clôture (dernier jour inclus)").fill(day(30));
  await page.getByRole("button", { name: "Ouvrir la campagne" }).click();
  await expect(page.getByRole("heading", { level: 1, name: OTHER_CAMPAIGN })).toBeVisible();
  await signOut(page);

  // Its RUPN gets the national version: no new question for a teacher.
  await signIn(page, RUPN_OTHER);
  const responseId = await startBilan(page, OTHER_CAMPAIGN);
  await page.locator('[data-name="statut"]').getByText("Enseignant·e", { exact: true }).click();
  await expect(page.locator('[data-name="annees_rupn"]')).toBeVisible();
  await expect(page.getByText(NEW_QUESTION)).toHaveCount(0);
  await fillAndSubmitBilan(page);
  const [row] = await sql<{ academyId: string | null }>(
    `SELECT v."academyId" FROM "SurveyResponse" r JOIN "SurveyVersion" v ON v."id" = r."surveyVersionId" WHERE r."id" = $1`,
    [responseId],
  );
  expect(row.academyId).toBeNull();
  await signOut(page);

  // The admin's workload dashboard, per académie: both bilans of 2026-2027 count.
  await signIn(page, "admin@rupn.example");
  const [rennes] = await sql<{ id: string }>(`SELECT "academyId" AS "id" FROM "Establishment" WHERE "id" = $1`, [rennesEstablishment.id]);
  for (const academyId of [rennes.id, otherAcademyId]) {
    await page.goto(`/tableaux-de-bord?annee=2026-2027&academie=${academyId}`);
    await expect(page.getByTestId("key-figures")).toContainText("Bilans 2026-2027");
    await expect(page.getByTestId("key-figures")).toContainText(/\d+ bilans? envoyés?/);
  }
  await expect(page.getByTestId("key-figures")).toContainText("1 bilan envoyé, pour 1 établissement");
});
