import { test, expect } from "./fixtures.ts";
import { demo, expectAccessible, signIn } from "./helpers.ts";
import { randomInt, randomUUID } from "node:crypto";
import { ACTIVITIES, bilanLsa, bilanLss } from "../fixtures/limesurvey-bilan.ts";
import { LETTER_SID, letterCsv, letterLss } from "../fixtures/limesurvey-letter.ts";
import { uaiCheckLetter } from "../../app/domain/uai.ts";
import { ensureAccount, sql } from "./db.ts";

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

/** An académie of this run only, its DANE, and two collèges: the IMP dashboard of that académie counts this run's letters. */
async function ownAcademy(run: string): Promise<{ dane: string; colleges: { uai: string; name: string }[] }> {
  const [{ id: academyId }] = await sql<{ id: string }>(
    `INSERT INTO "Academy" ("id", "code", "name", "zone") VALUES ($1, $2, $3, 'B') RETURNING "id"`,
    [randomUUID(), `E2E-LSL-${run}`, `Académie des lettres LimeSurvey ${run}`],
  );
  const dane = `delphine.lettres-${run}@rupn.example`;
  await ensureAccount(dane, "Delphine", "Lettres", [{ role: "DANE", academyId }]);
  const colleges = [];
  for (const n of [1, 2]) {
    const digits = `09${String(randomInt(0, 100_000)).padStart(5, "0")}`;
    const uai = `${digits}${uaiCheckLetter(digits)}`;
    const name = `Collège LimeSurvey ${n} ${uai}`;
    await sql(`INSERT INTO "Establishment" ("id", "uai", "name", "type", "sector", "academyId", "updatedAt") VALUES ($1, $2, $3, 'COLLEGE', 'PUBLIC', $4, now())`, [randomUUID(), uai, name, academyId]);
    colleges.push({ uai, name });
  }
  return { dane, colleges };
}

// Lettres de mission of 2020-2021 from a LimeSurvey CSV export (with its .lss): the DANE checks the proposed mapping,
// leaves one column out, confirms, and the letters are written, validated, and counted by the IMP dashboard.
test("the DANE maps a LimeSurvey letter file to letter fields and the letters reach the IMP dashboard", async ({ page }) => {
  const sid = String(randomInt(600_000, 999_999)); // this run's LimeSurvey survey: no mapping saved for it yet
  const { dane, colleges: [a, b] } = await ownAcademy(sid);
  const lss = letterLss("Lettre de mission RUPN 2020-2021").replaceAll(LETTER_SID, sid);
  const csv = letterCsv([
    {
      id: 1, uai: a.uai, chef: "Anne Le Bras",
      referents: [
        { nom: "Dupont", prenom: "Marie", mail: `marie.dupont.${sid}@ac-test.fr`, statut: "Enseignant", imp: "625,00 €", alleg: "1" },
        { nom: "Martin", prenom: "Paul", mail: `paul.martin.${sid}@ac-test.fr`, statut: "Professeur documentaliste", imp: "1 250 €" },
      ],
      split: { PEDA: "1", CONS: "2", COM: "1", FORM: "1", ENTADM: "NC", SITE: "2" },
    },
    { id: 2, uai: b.uai, referents: [{ nom: "Riou", prenom: "Anne", mail: `anne.riou.${sid}@ac-test.fr`, statut: "CPE", imp: "625" }], split: { PEDA: "1" } },
    { id: 3, uai: "0350000Z", referents: [{ nom: "Inconnu", imp: "625" }] },
  ]);
  await signIn(page, dane);
  await page.goto("/imports/limesurvey");
  await page.getByLabel("Année scolaire des réponses").selectOption("2020-2021");
  await page.getByLabel("Nature du fichier").selectOption("lettre");
  await page.getByLabel(/^Fichier/).setInputFiles({ name: "lettres-2020-2021.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  await page.getByLabel(/^Structure du questionnaire/).setInputFiles({ name: "lettre.lss", mimeType: "application/xml", buffer: Buffer.from(lss) });
  await page.getByRole("button", { name: "Importer" }).click();

  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Import LimeSurvey : Lettre de mission RUPN 2020-2021");
  await expect(page.getByText("Aucune lettre n'est écrite tant que la correspondance n'est pas confirmée.")).toBeVisible();
  // The proposal, from the codes and titles: per-referent fields with their referent, the split with its mission.
  const field = (column: string) => page.getByLabel(`Champ de ${column}`).locator("option:checked");
  await expect(field("UAI")).toHaveText("UAI de l'établissement");
  await expect(field("REF2_IMP")).toHaveText("Montant de l'IMP en euros");
  await expect(page.getByLabel("Référent de REF2_IMP")).toHaveValue("2");
  await expect(field("REF1_ALLEG")).toHaveText("Allègement de service en heures");
  await expect(field("REPART_PEDA")).toHaveText("Répartition d'une mission");
  await expect(page.getByLabel("Mission de REPART_PEDA")).not.toHaveValue("");
  await expectAccessible(page);

  // The DANE leaves the allègement of referent 1 out, and confirms.
  await page.getByLabel("Champ de REF1_ALLEG").selectOption("");
  await page.getByRole("button", { name: "Confirmer et écrire les lettres" }).click();
  await expect(page.getByText("Correspondance enregistrée : 2 lettres de mission validées pour 2020-2021.")).toBeVisible();
  await expect(page.getByText(/2 lettres validées écrites pour 2020-2021, avec 3 attributions\./)).toBeVisible();
  await expect(page.getByRole("table", { name: "Réponses sans lettre" })).toContainText("0350000Z");
  await expect(page.getByText(/Colonnes non reprises dans les lettres : .*REF1_ALLEG/)).toBeVisible();
  // The choice is kept: the form shows the confirmed mapping.
  await expect(page.getByLabel("Champ de REF1_ALLEG")).toHaveValue("");
  await expect(page.getByLabel("Champ de REF2_IMP")).toHaveValue("imp_montant");

  const [letter] = await sql<{ status: string; attributedCents: number; reliefHours: number | null }>(
    `SELECT l."status", l."attributedCents", (SELECT sum(x."reliefHours") FROM "ImpAttribution" x WHERE x."letterId" = l."id") AS "reliefHours"
       FROM "MissionLetter" l JOIN "Establishment" e ON e."id" = l."establishmentId" WHERE e."uai" = $1 AND l."schoolYearId" = '2020-2021'`,
    [a.uai],
  );
  expect(letter).toMatchObject({ status: "VALIDATED", attributedCents: 187_500, reliefHours: null });

  await page.getByRole("link", { name: "Voir le tableau de bord IMP de 2020-2021" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Indemnités pour mission particulière" })).toBeVisible();
  const figures = page.getByTestId("key-figures");
  await expect(figures).toContainText("Lettres de mission 2020-2021");
  await expect(figures).toContainText("2 lettres prises en compte");
  // 625 € + 1 250 € for the first collège, 625 € for the second.
  await expect(figures).toContainText("IMP attribuées 2 500,00 €");
});
