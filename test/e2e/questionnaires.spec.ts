// Issue 14: the DANE designs the académie's bilan without a developer. From the national model for 2026-2027: a new
// conditional question with an indicator, a locked question it cannot delete, the preview filled, the diff, the
// publication, a campaign on it; then a RUPN of the académie gets that version, condition included.
import { expect, test } from "./fixtures.ts";
import type { Locator, Page } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers.ts";

const NEW_QUESTION = "Administrez-vous l'ENT de l'établissement ?";
const CAMPAIGN = "Bilan de l'académie (questionnaire modifié)";

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

test("a RUPN of the académie answers the académie's version: the new question appears under its condition", async ({ page }) => {
  await signIn(page, "rupn@rupn.example");
  await page.goto("/bilans");
  const card = page.locator(".fr-card").filter({ hasText: CAMPAIGN });
  await card.getByRole("button", { name: /^Commencer/ }).click();
  await expect(page).toHaveURL(/\/bilans\/[a-z0-9]+$/);
  await page.locator('[data-name="statut"]').getByText("Enseignant·e", { exact: true }).click();
  await expect(page.getByText(NEW_QUESTION)).toBeVisible();
});
