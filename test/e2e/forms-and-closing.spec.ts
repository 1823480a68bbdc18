// Issue 16, items 8 and 12: the IMP envelope error where the amounts are edited, with the envelope summary kept
// in view; closing a campaign only after a confirmation; a bilan that does not exist is a 404 for everyone.
// Own data only: chef2's letter of this year (no other spec edits it) and a campaign created here, in an académie
// of its own.
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures.ts";
import { chooseInDropdown, expectAccessible, signIn, signOut } from "./helpers.ts";
import { ensureAccount, sql } from "./db.ts";
import { randomUUID } from "node:crypto";

const question = (scope: Page | Locator, name: string) => scope.locator(`[data-name="${name}"]`);
/** The errors SurveyJS shows on a question (not its title or description). */
const errorsOf = (scope: Page | Locator, name: string) => question(scope, name).locator(".sd-question__erbox");
const panels = (page: Page) => question(page, "referents").locator(".sd-paneldynamic__panel-wrapper");

async function autosaved(page: Page, action: () => Promise<void>) {
  const saved = page.waitForResponse((r) => r.url().includes("/api/lettres/") && r.request().method() === "POST");
  await action();
  expect((await saved).status()).toBe(200);
}

/** Picks an IMP amount (helpers.ts: with the keyboard), and waits for the autosave that carries it. */
async function chooseAmount(panel: Locator, text: string) {
  const page = panel.page();
  const amount = Number(text.replace(/[^\d,]/g, "").replace(",", "."));
  const saved = page.waitForResponse((r) => r.url().includes("/api/lettres/") && r.request().method() === "POST" && (r.request().postData() ?? "").includes(`"imp_montant":${amount}`));
  await chooseInDropdown(question(panel, "imp_montant"), text);
  expect((await saved).status()).toBe(200);
}

async function chooseImp(panel: Locator, text: string) {
  await question(panel, "reconnaissance").getByText("Indemnité pour mission particulière (IMP)", { exact: true }).click();
  await chooseAmount(panel, text);
}

test.use({ viewport: { width: 1280, height: 900 } });

const CLOSING_DANE = "diane.cloture@rupn.example";

test.beforeAll(async () => {
  const [academy] = await sql<{ id: string }>(
    `INSERT INTO "Academy" ("id", "code", "name", "zone") VALUES ($1, 'E2E-CLOTURE', 'Essai-de-Clôture', 'B')
     ON CONFLICT ("code") DO UPDATE SET "name" = EXCLUDED."name" RETURNING "id"`,
    [randomUUID()],
  );
  await ensureAccount(CLOSING_DANE, "Diane", "Clôture", [{ role: "DANE", academyId: academy.id }]);
});

test("the envelope error shows on the amounts being edited, and the envelope summary stays in view", async ({ page }) => {
  await signIn(page, "chef2@rupn.example");
  await page.getByRole("link", { name: "Lettres de mission" }).first().click();
  const start = page.getByRole("button", { name: /^Commencer la lettre 2026-2027 de/ });
  const open = page.getByRole("link", { name: /^Ouvrir la lettre 2026-2027 de/ });
  await expect(start.or(open)).toBeVisible();
  if (await start.isVisible()) await start.click();
  else await open.click();
  await expect(page.getByRole("heading", { level: 1, name: "Lettre de mission 2026-2027" })).toBeVisible();
  await autosaved(page, () => chooseInDropdown(question(page, "chef_qualite"), "Proviseur·e"));
  await page.getByRole("button", { name: "Suivant" }).click();

  // Two IMP at the highest rate: more than any establishment's envelope.
  await chooseImp(panels(page).first(), "3 750 €");
  await page.getByRole("button", { name: "Ajouter un référent" }).click();
  await chooseImp(panels(page).last(), "3 750 €");

  const summary = page.getByTestId("envelope-summary");
  await expect(summary.getByTestId("envelope-summary-error")).toContainText(/dépasse|inconnue/);
  await expect(summary).toContainText(/Attribué : 7\s500,00\s€/);
  // Next to each amount, and on the top-up that could cover it.
  for (const panel of [panels(page).first(), panels(page).last()]) await expect(errorsOf(panel, "imp_montant")).toContainText(/dépasse|inconnue/);
  await expect(errorsOf(page, "complement")).toContainText(/dépasse|inconnue/);

  // Scrolled down to the top-up, far below the page's own envelope table: the summary is still on screen.
  await question(page, "complement").scrollIntoViewIfNeeded();
  await expect(page.getByTestId("letter-checks")).not.toBeInViewport();
  await expect(summary).toBeInViewport();
  const box = (await summary.boundingBox())!;
  expect(box.y).toBeGreaterThanOrEqual(-1);
  expect(box.y + box.height).toBeLessThanOrEqual(900);
  await expectAccessible(page);

  // Back within the envelope (one referent, the lowest rate): the errors go, on the field and in the summary.
  await autosaved(page, () => panels(page).last().getByRole("button", { name: "Retirer ce référent" }).click());
  await expect(panels(page)).toHaveCount(1);
  await chooseAmount(panels(page).first(), "312,50 €");
  await expect(summary).toContainText(/Attribué : 312,50\s€/);
  await expect(page.getByTestId("envelope")).not.toHaveText("non calculable");
  await expect(summary.getByTestId("envelope-summary-error")).toHaveCount(0);
  await expect(errorsOf(panels(page).first(), "imp_montant")).toHaveCount(0);
  await expect(errorsOf(page, "complement")).toHaveCount(0);
  await signOut(page);
});

test("closing a campaign asks for a confirmation first, and the button says it is destructive", async ({ page, consoleGuard }) => {
  // Known defect of /campagnes/:id fixed on another branch (issue 16, item 1): a badge nested in a paragraph
  // fails hydration, and the document re-rendered by the client then asks for /favicon.ico (404). Remove this
  // allowance once that fix is merged.
  consoleGuard.allow(/Minified React error #(418|423)/);
  consoleGuard.allow(/the server responded with a status of 404/);
  await signIn(page, CLOSING_DANE);
  await page.goto("/campagnes/nouvelle");
  await page.getByLabel("Titre").fill("Campagne d'essai de clôture");
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  // Open from today in an académie of its own, so that no other spec's RUPN gets this bilan to fill.
  await page.getByLabel("Ouverture").fill(day(0));
  await page.getByLabel("Clôture (dernier jour inclus)").fill(day(30));
  await page.getByRole("button", { name: "Ouvrir la campagne" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Campagne d'essai de clôture" })).toBeVisible();
  const url = new URL(page.url()).pathname;

  const close = page.getByRole("link", { name: "Clore la campagne" });
  await expect(close).toHaveCSS("color", "rgb(206, 5, 0)");
  await close.click();
  const confirmation = page.getByTestId("close-confirmation");
  await expect(confirmation.getByRole("heading", { level: 2, name: "Clore la campagne maintenant ?" })).toBeFocused();
  await expect(confirmation).toContainText("définitivement en lecture seule");
  await expectAccessible(page);
  await confirmation.getByRole("link", { name: "Annuler" }).click();
  await expect(confirmation).toHaveCount(0);
  await expect(page.locator(".fr-badge").filter({ hasText: "Ouverte" })).toBeVisible();

  // Without the confirmation field, the server refuses (nothing closed).
  const origin = new URL(page.url()).origin;
  const refused = await page.request.post(`${url}?index`, { form: { intent: "close" }, headers: { Origin: origin } });
  expect(refused.status()).toBe(400);
  await page.reload();
  await expect(page.locator(".fr-badge").filter({ hasText: "Ouverte" })).toBeVisible();

  await page.getByRole("link", { name: "Clore la campagne" }).click();
  await page.getByRole("button", { name: "Oui, clore la campagne" }).click();
  await expect(page.getByText("La campagne est close : les bilans sont désormais en lecture seule.")).toBeVisible();
  await expect(page.locator(".fr-badge").filter({ hasText: "Close" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Clore la campagne" })).toHaveCount(0);
});

test("a bilan that does not exist is a 404, for a RUPN and for anyone else", async ({ page, consoleGuard }) => {
  consoleGuard.allow(/the server responded with a status of 404/); // the page itself, on purpose
  for (const email of ["dane@rupn.example", "chef@rupn.example", "rupn@rupn.example"]) {
    await signIn(page, email);
    const response = await page.goto("/bilans/123");
    expect(response?.status(), email).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Page non trouvée");
    await signOut(page);
  }
});
