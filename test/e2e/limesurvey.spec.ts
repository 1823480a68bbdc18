import { test, expect } from "./fixtures.ts";
import { demo, expectAccessible, signIn } from "./helpers.ts";
import { ACTIVITIES, bilanLsa, bilanLss } from "../fixtures/limesurvey-bilan.ts";

// A LimeSurvey bilan of 2020-2021 (a year without demo data), built in LimeSurvey's export formats, with the UAI of
// demo establishments and hours per year by activity: it must appear in the year-over-year load dashboard.
test("the DANE imports a LimeSurvey bilan, confirms the mapping and sees the year in the load dashboard", async ({ page }) => {
  const [a, b] = [demo.establishments[5], demo.establishments[6]];
  const lsa = bilanLsa(
    [
      { id: 1, uai: a.uai, hoursPerYear: [72, 36, 108, 36, 18, 18], referents: 2, satisfaction: "A1" },
      { id: 2, uai: b.uai, hoursPerYear: [144, 36, 36, 36, 18, 18], referents: 1, satisfaction: "A2" },
      { id: 3, uai: "0350000Z", hoursPerYear: [1, 1, 1, 1, 1, 1] },
    ],
    [],
    "Bilan RUPN LimeSurvey 2020-2021",
  );
  await signIn(page, "dane@rupn.example");
  await page.goto("/imports/limesurvey");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Importer des années LimeSurvey");
  await expectAccessible(page);
  await page.getByLabel("Année scolaire des réponses").selectOption("2020-2021");
  await page.getByLabel(/^Fichier/).setInputFiles({ name: "bilan-2020-2021.lsa", mimeType: "application/zip", buffer: Buffer.from(lsa) });
  await page.getByRole("button", { name: "Importer" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import LimeSurvey : Bilan RUPN LimeSurvey 2020-2021");
  await expect(page.getByText("3 réponses lues : 2 complètes")).toBeVisible();
  await expect(page.getByRole("table", { name: "Réponses non reliées à un établissement" })).toContainText("0350000Z");
  for (const [code, label] of ACTIVITIES.map(([c], i) => [c, ["Accompagnement pédagogique", "Conseil à la direction", "Assistance et maintenance de niveau 1", "Administration des services en ligne", "Communication", "Formation suivie"][i]])) {
    await expect(page.getByLabel(`Indicateur de HEURES_${code}`)).toHaveValue(/workload\./);
    await expect(page.getByLabel(`Indicateur de HEURES_${code}`).locator("option:checked")).toHaveText(label);
    await expect(page.getByLabel(`Unité de HEURES_${code}`).locator("option:checked")).toHaveText("heures par année scolaire (÷ 36 semaines)");
  }
  await expectAccessible(page);
  await page.getByRole("button", { name: "Confirmer la correspondance" }).click();
  await expect(page.getByText("Correspondance enregistrée : 14 valeurs")).toBeVisible();

  await page.getByRole("link", { name: "Voir la charge des référents, année par année" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Charge des référents" })).toBeVisible();
  const panel = page.getByTestId("panel-par-annee");
  await panel.getByText("Afficher le tableau de données").click();
  const row = panel.locator("tr", { hasText: "2020-2021" });
  await expect(row).toBeVisible();
  // Assistance: (108 + 36) h per year ÷ 36 ÷ 2 bilans = 2 h per week on average; the platform's years are listed too.
  await expect(panel.locator("tr", { hasText: "2024-2025" })).toBeVisible();
});

// A questionnaire imported alone (.lss) is a draft of the académie: it opens in the questionnaire editor from the
// import's page, with its LimeSurvey questions (codes kept as names), and is edited and autosaved like any draft.
test("the DANE opens an imported LimeSurvey questionnaire in the editor and edits it", async ({ page }) => {
  const title = `Bilan LimeSurvey à reprendre ${Date.now().toString(36)}`; // this run's own questionnaire
  await signIn(page, "dane@rupn.example");
  await page.goto("/imports/limesurvey");
  await page.getByLabel(/^Fichier/).setInputFiles({ name: "bilan.lss", mimeType: "application/xml", buffer: Buffer.from(bilanLss(title)) });
  await page.getByRole("button", { name: "Importer" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Import LimeSurvey : ${title}`);
  await expect(page.getByText("Questionnaire seul : aucune réponse dans ce fichier.")).toBeVisible();
  await page.getByRole("link", { name: "Ouvrir le questionnaire dans l'éditeur" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByText("Brouillon", { exact: true })).toBeVisible();
  for (const name of ["UAI", "EMAIL", "HEURES", "NBREF", "SATIS"]) await expect(page.locator(`[data-question="${name}"]`)).toHaveCount(1);
  await expect(page.locator('[data-question="SATIS"]')).toContainText("Choix unique (boutons)");
  await expectAccessible(page);

  const uai = page.locator('[data-question="UAI"]');
  await uai.getByRole("button", { name: /^Modifier/ }).click();
  const saved = page.waitForResponse((r) => r.url().includes("/api/questionnaires/") && r.request().method() === "POST");
  await uai.getByLabel("Intitulé").fill("Code UAI de votre établissement");
  expect((await saved).status()).toBe(200);
  await expect(page.getByTestId("autosave-status")).toContainText("Brouillon enregistré");
  await page.reload();
  await expect(page.locator('[data-question="UAI"] h4')).toHaveText("Code UAI de votre établissement");
});
