// What is being typed survives an autosave that completes meanwhile. SurveyJS keeps a text or number field's
// keystrokes in the DOM until the field is left; a re-render of the form at that moment (the "Brouillon
// enregistré" status) used to write the old value back, and the typing was lost (seen on a busy machine).
// Own data: an account of its own, RUPN of an establishment no other spec fills a bilan for.
import { expect, test } from "./fixtures.ts";
import type { Page, Route } from "@playwright/test";
import { demo, signIn } from "./helpers.ts";
import { ensureAccount, sql } from "./db.ts";
import { schoolYearIdFor } from "../../app/domain/school-year.ts";

const EMAIL = "rita.saisie@rupn.example";
// The demo's open bilan campaign (prisma/seed.ts), about the school year just ended.
const current = schoolYearIdFor(new Date());
const CAMPAIGN = `Bilan annuel des RUPN ${Number(current.slice(0, 4)) - 1}-${current.slice(0, 4)}`;
const question = (page: Page, name: string) => page.locator(`[data-name="${name}"]`);
let establishment: { id: string; name: string };

test.beforeAll(async () => {
  // An establishment of the demo académie that the other specs leave alone (they use the first twenty).
  [establishment] = await sql<{ id: string; name: string; academyId: string }>(
    `SELECT e."id", e."name", e."academyId" FROM "Establishment" e
      WHERE EXISTS (SELECT 1 FROM "Campaign" c WHERE c."academyId" = e."academyId" AND c."title" = $1)
        AND e."uai" <> ALL($2::text[])
      ORDER BY e."uai" DESC LIMIT 1`,
    [CAMPAIGN, demo.establishments.slice(0, 20).map((e) => e.uai)],
  );
  expect(establishment, "an establishment free for this spec").toBeTruthy();
  const [{ academyId }] = await sql<{ academyId: string }>(`SELECT "academyId" FROM "Establishment" WHERE "id" = $1`, [establishment.id]);
  await ensureAccount(EMAIL, "Rita", "Saisie", [{ role: "RUPN", academyId, establishmentId: establishment.id, schoolYearId: null }]);
});

test("a number being typed is kept when an autosave completes before the field is left", async ({ page }) => {
  await signIn(page, EMAIL);
  await page.goto("/bilans");
  await page.locator(".fr-card").filter({ hasText: CAMPAIGN }).getByRole("button", { name: `Commencer le bilan de ${establishment.name}` }).click();
  await expect(page).toHaveURL(/\/bilans\/[a-z0-9]+$/);
  const responseId = new URL(page.url()).pathname.split("/").pop()!;

  // Hold the next autosave until the test lets it go.
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  const held: Route[] = [];
  await page.route("**/api/reponses/**", async (route) => {
    held.push(route);
    await released;
    await route.continue();
  });

  const saveSent = page.waitForRequest((r) => r.url().includes("/api/reponses/") && r.method() === "POST");
  await question(page, "statut").getByText("Enseignant·e", { exact: true }).click();
  await saveSent;

  // Typing, not yet left the field, while the save comes back and the status changes.
  const years = question(page, "annees_rupn").locator("input");
  await years.fill("4");
  release();
  await expect(page.getByTestId("autosave-status")).toContainText("Brouillon enregistré");
  await expect(years).toHaveValue("4");

  // Leaving the field keeps it and saves it.
  const saved = page.waitForResponse((r) => r.url().includes("/api/reponses/") && r.request().method() === "POST");
  await years.press("Tab");
  expect((await saved).status()).toBe(200);
  await page.unroute("**/api/reponses/**");
  expect(held.length).toBeGreaterThan(0);
  const [row] = await sql<{ draft: Record<string, unknown> }>(`SELECT COALESCE("draftData", "data") AS "draft" FROM "SurveyResponse" WHERE "id" = $1`, [responseId]);
  expect(row.draft).toMatchObject({ statut: "enseignant", annees_rupn: 4 });
});
