import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures.ts";
import type { Page } from "@playwright/test";
import { demo, expectAccessible, signIn, signOut } from "./helpers.ts";
import { schoolYearIdFor } from "../../app/domain/school-year.ts";

// rupn2@ is RUPN of establishments 0 and 16; rupn@ only of establishment 0 (prisma/seed.ts).
const other = demo.establishments[16];
const current = schoolYearIdFor(new Date());
/** The demo's open bilan campaign (prisma/seed.ts), about the school year just ended. */
const DEMO_CAMPAIGN = `Bilan annuel des RUPN ${Number(current.slice(0, 4)) - 1}-${current.slice(0, 4)}`;

const question = (page: Page, name: string) => page.locator(`[data-name="${name}"]`);

async function typeNumber(page: Page, name: string, value: string) {
  await question(page, name).locator("input").fill(value);
  await question(page, name).locator("input").press("Tab");
}

/** Waits for the autosave request triggered by `action`, and for the server to accept it. */
async function autosaved(page: Page, action: () => Promise<void>) {
  const saved = page.waitForResponse((r) => r.url().includes("/api/reponses/") && r.request().method() === "POST");
  await action();
  expect((await saved).status()).toBe(200);
  await expect(page.getByTestId("autosave-status")).toContainText("Brouillon enregistré");
}

test("a RUPN fills the bilan with autosave, submits and edits it; others and the DANE see what they should", async ({ page, consoleGuard }) => {
  await signIn(page, "rupn2@rupn.example");
  await page.getByRole("link", { name: "Mes bilans" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Mes bilans annuels" })).toBeVisible();
  // The demo campaign's cards (another spec may open a campaign of its own in the académie).
  const demoCampaign = page.locator(".fr-card").filter({ hasText: DEMO_CAMPAIGN });
  await expect(demoCampaign.getByRole("button", { name: /^Commencer le bilan de/ })).toHaveCount(2);
  await expectAccessible(page);
  await demoCampaign.getByRole("button", { name: `Commencer le bilan de ${other.name}` }).click();
  await expect(page).toHaveURL(/\/bilans\/[a-z0-9]+$/);
  const responseUrl = new URL(page.url()).pathname;

  // Page 1, then half of page 2.
  await expect(page.getByText(`Établissement : ${other.name}`)).toBeVisible();
  await question(page, "statut").getByText("Enseignant·e", { exact: true }).click();
  await typeNumber(page, "annees_rupn", "4");
  await typeNumber(page, "nombre_referents", "2");
  await question(page, "reconnaissance").getByText("Une indemnité pour mission particulière (IMP)").click();
  await question(page, "imp_montant").locator(".sd-dropdown").click();
  await page.getByRole("option", { name: "1 250 €" }).click();
  await autosaved(page, () => page.getByRole("button", { name: "Suivant" }).click());
  await typeNumber(page, "h_accompagnement", "2");
  await autosaved(page, () => typeNumber(page, "h_conseil", "0.5"));
  await expectAccessible(page);

  // Reload: back on page 2, where the person was (kept with the draft on the server), and the answers are back.
  await page.reload();
  await expect(question(page, "h_accompagnement").locator("input")).toHaveValue("2");
  await expect(question(page, "h_conseil").locator("input")).toHaveValue("0.5");
  await page.getByRole("button", { name: "Précédent" }).click();
  await expect(question(page, "annees_rupn").locator("input")).toHaveValue("4");
  await expect(question(page, "statut").getByRole("radio", { name: "Enseignant·e" })).toBeChecked();
  await expect(question(page, "imp_montant")).toContainText("1 250 €");
  await page.getByRole("button", { name: "Suivant" }).click();
  await expect(question(page, "h_accompagnement").locator("input")).toHaveValue("2");

  // The rest.
  await typeNumber(page, "h_assistance", "1.5");
  await typeNumber(page, "h_administration", "1");
  await typeNumber(page, "h_communication", "0.5");
  await typeNumber(page, "h_formation", "0.5");
  await expect(question(page, "repartition")).toContainText("Total : 6 h par semaine");
  await expect(question(page, "repartition")).toContainText("Assistance et maintenance de niveau 1 : 25 %");
  await typeNumber(page, "tickets_collectivite", "35");
  await page.getByRole("button", { name: "Suivant" }).click();
  await question(page, "actions").getByText("Ateliers de prise en main pour les collègues").click();
  await question(page, "actions").getByText("Autre action (précisez)").click();
  await question(page, "actions").locator("textarea, input[type=text]").first().fill("Cafés numériques");
  await question(page, "actions").locator("textarea, input[type=text]").first().press("Tab");
  await typeNumber(page, "nombre_ateliers", "6");
  await question(page, "outils").getByText("Environnement numérique de travail (ENT)").click();
  await page.getByRole("button", { name: "Suivant" }).click();
  await question(page, "difficultes").getByText("Manque de temps pour la mission").click();
  await question(page, "satisfaction_reconnaissance").getByText("3", { exact: true }).click();
  await question(page, "poursuite").getByText("Oui", { exact: true }).click();
  await page.getByRole("button", { name: "Envoyer le bilan" }).click();
  await expect(page.getByRole("heading", { name: "Votre bilan a bien été envoyé" })).toBeVisible();
  await expect(page.getByText("Merci ! La DANE de votre académie dispose maintenant de vos réponses.")).toBeVisible();
  await expectAccessible(page);

  // Reopen and edit.
  await page.goto("/bilans");
  await page.getByRole("link", { name: `Consulter ou modifier le bilan de ${other.name}` }).click();
  // Reopened on the last page, where it was sent from. An edit of a sent bilan is not a "draft", and its time is Paris time.
  await expect(question(page, "poursuite")).toBeVisible();
  await question(page, "poursuite").getByText("Je ne sais pas encore").click();
  const status = page.getByTestId("autosave-status");
  await expect(status).toContainText("Modifications enregistrées à");
  await expect(status).not.toContainText("Brouillon");
  const parisHour = (ms: number) => new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", timeZone: "Europe/Paris" }).format(ms).slice(0, 2);
  expect([parisHour(Date.now()), parisHour(Date.now() - 120_000)]).toContain((await status.textContent())!.match(/à (\d{2}):\d{2}:\d{2}/)![1]);
  await page.getByRole("button", { name: "Enregistrer les modifications" }).click();
  await expect(page.getByRole("heading", { name: "Votre bilan a bien été envoyé" })).toBeVisible();
  await signOut(page);

  // A RUPN of another establishment: 404 on that response, and only their own establishment listed.
  await signIn(page, "rupn@rupn.example");
  consoleGuard.allowHttpError(404, /^\/bilans\/[^/]+$/); // the refusal this test checks
  const foreign = await page.goto(responseUrl);
  expect(foreign?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page non trouvée");
  await expect(page.getByText(other.name)).toHaveCount(0);
  await page.goto("/bilans");
  await expect(page.locator(".fr-card").filter({ hasText: DEMO_CAMPAIGN }).getByRole("button", { name: /^Commencer le bilan de/ })).toHaveCount(1);
  await signOut(page);

  // The DANE: list, read-only view, CSV export.
  await signIn(page, "dane@rupn.example");
  await page.getByRole("link", { name: "Campagnes" }).first().click();
  await page.getByRole("link", { name: /^Bilan annuel des RUPN/ }).click();
  await expect(page.getByRole("heading", { level: 2, name: /Référents invités : \d+ \(1 bilan envoyé\)/ })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole("link", { name: "Voir les réponses" }).click();
  await page.getByLabel("Statut").selectOption("SUBMITTED");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(page.getByText("1 réponse", { exact: true })).toBeVisible();
  const row = page.locator("tbody tr").filter({ hasText: other.name });
  await expect(row).toContainText("Sophie Leroy");
  await expect(row).toContainText("Envoyé");
  await expectAccessible(page);
  await row.getByRole("link", { name: other.name }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText(other.name);
  await expect(question(page, "poursuite")).toBeVisible();
  await expect(page.getByRole("button", { name: "Envoyer le bilan" })).toHaveCount(0);
  // Read-only: the chosen answer stands out from the others.
  const chosen = question(page, "poursuite").locator(".sd-radio--checked .sd-item__control-label");
  await expect(chosen).toHaveText("Je ne sais pas encore");
  await expect(chosen).toHaveCSS("font-weight", "700");
  await expect(question(page, "poursuite").locator(".sd-item:not(.sd-radio--checked) .sd-item__control-label").first()).toHaveCSS("font-weight", "400");
  await page.getByRole("link", { name: /^Bilan annuel des RUPN/ }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Exporter les bilans envoyés (CSV)" }).click();
  const csv = readFileSync((await (await download).path())!, "utf8");
  const [header, ...rows] = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
  expect(header).toContain("UAI;Établissement;Type;Commune;Référent·e");
  expect(header).toContain("Souhaitez-vous poursuivre la mission l'an prochain ?");
  expect(rows).toHaveLength(1);
  expect(rows[0]).toContain(`${other.uai};${other.name}`);
  expect(rows[0]).toContain("Sophie Leroy");
  expect(rows[0]).toContain("Je ne sais pas encore");
  expect(rows[0]).toContain("1 250 €");
  expect(rows[0]).toContain("Cafés numériques");
});
