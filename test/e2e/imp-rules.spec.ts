// IMP rules end to end: the DANE prepares next year's rule set from the published Poitiers rules (demo data),
// gives collèges over 200 pupils a third IMP, sees the preview change (an establishment's envelope and the
// académie's total), publishes; then the letters follow-up renders with the demo data and reminds the EREAs.
import { expect, test } from "./fixtures.ts";
import type { Page } from "@playwright/test";
import { expectAccessible, signIn } from "./helpers.ts";
import { formatEuros } from "../../app/domain/imp/money.ts";
import { schoolYearIdFor } from "../../app/domain/school-year.ts";

const current = schoolYearIdFor(new Date());
const next = `${Number(current.slice(0, 4)) + 1}-${Number(current.slice(0, 4)) + 2}`;

/** "16 250,00 €" → 1625000 (French display as formatEuros writes it). */
function cents(text: string): number {
  const digits = text.replace(/[^\d,]/g, "").replace(",", ".");
  return Math.round(Number(digits) * 100);
}

async function previewRow(page: Page, name: string) {
  return page.getByTestId("preview").getByRole("row").filter({ hasText: name });
}

test("the DANE prepares, edits, previews and publishes next year's IMP rules; the letters follow-up renders", async ({ page, consoleGuard }) => {
  await signIn(page, "dane@rupn.example");
  await page.getByRole("link", { name: "Règles IMP" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Règles d'enveloppe IMP" })).toBeVisible();
  await expect(page.getByTestId("rule-sets")).toContainText(`Règles ${current}`);
  await expectAccessible(page);

  await page.getByRole("button", { name: `Préparer l'année suivante (${next})` }).click();
  await expect(page.getByRole("heading", { level: 1, name: new RegExp(`Règles d'enveloppe IMP ${next}`) })).toBeVisible();
  await expect(page.getByTestId("rule-row")).toHaveCount(7);

  const brossolette = await previewRow(page, "Collège Pierre Brossolette");
  await expect(brossolette).toContainText(`dernier connu : ${current}`);
  await expect(brossolette).toContainText(`à partir de 201 élèves : 2 × ${formatEuros(125_000)}`);
  await expect(brossolette.getByRole("cell", { name: formatEuros(250_000), exact: true })).toHaveCount(2); // new rules and current rules
  const totalBefore = cents((await page.getByTestId("academy-total").textContent()) ?? "");
  const bigColleges = await page.getByTestId("preview").getByRole("row").filter({ hasText: "Collège" }).filter({ hasText: "à partir de 201 élèves" }).count();
  expect(bigColleges).toBeGreaterThan(0);
  await expectAccessible(page);

  // Rows come ordered by type then range: line 2 is "collège, à partir de 201 élèves".
  await expect(page.getByLabel("Effectif minimum, ligne 2")).toHaveValue("201");
  await page.getByLabel("Nombre d'IMP, ligne 2").fill("3");
  await expect(page.getByText("Des modifications ne sont pas enregistrées")).toBeVisible();
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  await expect(page.getByText("Brouillon enregistré.")).toBeVisible();

  const after = await previewRow(page, "Collège Pierre Brossolette");
  await expect(after).toContainText(`à partir de 201 élèves : 3 × ${formatEuros(125_000)}`);
  await expect(after.getByRole("cell", { name: formatEuros(375_000), exact: true })).toBeVisible();
  await expect(after.getByRole("cell", { name: formatEuros(250_000), exact: true })).toBeVisible(); // the current rules' column
  await expect(page.getByTestId("academy-total")).toHaveText(formatEuros(totalBefore + bigColleges * 125_000));

  // An invalid change is refused on its field and nothing moves (the form's 422 is expected).
  consoleGuard.allowHttpError(422, /^\/imp\/regles\/[^/]+$/);
  await page.getByLabel("Effectif maximum, ligne 1").fill("250");
  await page.getByRole("button", { name: "Enregistrer le brouillon" }).click();
  const overlap = /Collège : les tranches « jusqu'à 250 élèves » et « à partir de 201 élèves » se chevauchent/;
  await expect(page.getByRole("alert").getByRole("listitem").filter({ hasText: overlap })).toHaveText(/^Ligne 2 : /);
  await expect(page.getByTestId("rule-row").nth(1).getByText(overlap)).toBeVisible();
  await expect(page.getByTestId("academy-total")).toHaveText(formatEuros(totalBefore + bigColleges * 125_000));
  await expectAccessible(page);
  await page.reload();
  await expect(page.getByLabel("Effectif maximum, ligne 1")).toHaveValue("200");

  await page.getByText(`J'ai vérifié l'aperçu : je publie ces règles pour l'année ${next}.`).click(); // the DSFR label covers its box
  await expect(page.getByLabel(`J'ai vérifié l'aperçu : je publie ces règles pour l'année ${next}.`)).toBeChecked();
  await page.getByRole("button", { name: "Publier les règles" }).click();
  await expect(page.getByText("Règles publiées : elles s'appliquent désormais aux lettres de mission de l'année")).toBeVisible();
  await expect(page.getByTestId("published-rules")).toContainText(`Collège, à partir de 201 élèves : 3 × ${formatEuros(125_000)} = ${formatEuros(375_000)}`);
  await expect(page.getByRole("button", { name: "Enregistrer le brouillon" })).toHaveCount(0);
  await page.getByRole("link", { name: "Règles IMP" }).first().click();
  await expect(page.getByTestId("rule-sets").getByRole("row").filter({ hasText: `Règles ${next}` })).toContainText("Publiées");

  // The letters follow-up with the demo data: every establishment, none signed yet.
  await page.getByRole("link", { name: "Suivi des lettres" }).first().click();
  await expect(page.getByRole("heading", { level: 1, name: "Suivi des lettres de mission" })).toBeVisible();
  const rows = page.getByTestId("letters-progress").locator("tbody tr");
  const summary = (await page.getByTestId("academy-totals").textContent()) ?? "";
  const establishments = Number(/(\d+) établissements/.exec(summary)?.[1]);
  expect(establishments).toBeGreaterThanOrEqual(30); // the demo extract
  await expect(rows).toHaveCount(establishments + 1); // and the total line
  await expectAccessible(page);
  await page.getByLabel("Type", { exact: true }).selectOption("EREA");
  await page.getByRole("button", { name: "Filtrer" }).click();
  await expect(rows).toHaveCount(3);
  await page.getByRole("button", { name: "Relancer les établissements sans lettre signée (2)" }).click();
  await expect(page.getByText(/^2 établissements relancés \(\d+ courriels?\)\.$/)).toBeVisible();
  await page.getByRole("button", { name: "Relancer les établissements sans lettre signée (2)" }).click();
  await expect(page.getByText("Aucun établissement relancé. 2 déjà relancés depuis moins de 24 heures.")).toBeVisible();
  await expect(page.getByRole("link", { name: "Exporter en CSV" })).toBeVisible();

  // Last year: the demo's validated letter, linked to its page, and its IMP in the payroll export.
  const previous = `${Number(current.slice(0, 4)) - 1}-${current.slice(0, 4)}`;
  await page.goto(`/lettres/suivi?annee=${previous}`);
  const validated = page.getByTestId("letters-progress").locator("tbody tr").filter({ hasText: "Collège Pierre Brossolette" });
  await expect(validated).toContainText("Validée");
  await expect(validated.getByRole("link", { name: "Collège Pierre Brossolette" })).toHaveAttribute("href", /^\/lettres\/[a-z0-9]+$/);
  await expect(page.getByRole("region", { name: "Versements des IMP validées" })).toContainText(
    `1 lettre validée, 2 lignes de paie, ${formatEuros(125_000)} au total`,
  );
  const csv = await page.request.get(`/imp/versements.csv?annee=${previous}`);
  expect(csv.headers()["content-type"]).toBe("text/csv; charset=utf-8");
  const text = await csv.text();
  expect(text).toContain("Dubois;Romain;rupn@rupn.example;Enseignant·e;625,00");
  expect(text).toContain("Leroy;Sophie;rupn2@rupn.example;Professeur·e documentaliste;625,00");
  await expectAccessible(page);
});
