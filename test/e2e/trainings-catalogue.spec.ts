// The training catalogue reads right: each session on its own line (they overlapped in the card), and a past
// session closed for registration instead of "10 places libres" (issue 16, point 6). Read-only on the demo data:
// the demo's "Classe virtuelle : l'ENT au quotidien" has a session four weeks ago.
import { expect, test } from "./fixtures.ts";
import { expectNoHorizontalOverflow, horizontalOverflow, signIn } from "./helpers.ts";

const COURSE = "Classe virtuelle : l'ENT au quotidien";

test("the catalogue lists each session on its own line and closes past sessions", async ({ page }) => {
  await signIn(page, "rupn2@rupn.example");
  await page.goto("/formations");
  const card = page.locator("article").filter({ has: page.getByRole("heading", { name: COURSE }) });
  const lines = card.getByTestId("course-sessions").locator("li");
  await expect(lines).toHaveCount(3);

  // No two session lines overlap, and each stays inside the card.
  const cardBox = (await card.boundingBox())!;
  const boxes = await lines.evaluateAll((items) => items.map((li) => li.getBoundingClientRect().toJSON() as DOMRect));
  for (const [i, box] of boxes.entries()) {
    expect(box.bottom).toBeLessThanOrEqual(cardBox.y + cardBox.height + 1);
    if (i > 0) expect(box.top, `ligne ${i + 1} sous la ligne ${i}`).toBeGreaterThanOrEqual(boxes[i - 1].bottom - 1);
  }

  // The past session is closed; the future ones offer their places.
  await expect(lines.first()).toContainText("session passée, inscriptions closes");
  await expect(lines.first()).not.toContainText("places libres");
  await expect(lines.nth(1)).toContainText(/\d+ places? libres?/);
  await expectNoHorizontalOverflow(page);

  // On the course page the past session has no registration button, only its status.
  await card.getByRole("link", { name: COURSE }).click();
  const rows = page.getByTestId("sessions").locator("tbody tr");
  await expect(rows).toHaveCount(3);
  await expect(rows.first()).toContainText("Session passée, inscriptions closes");
  await expect(rows.first().getByRole("button")).toHaveCount(0);
  await expect(rows.nth(2).getByRole("button", { name: "S'inscrire" })).toBeVisible();
  await expectNoHorizontalOverflow(page);
  // The check sees the defect it guards against: with DSFR's one-line cells (the table before the fix) the date
  // and the button no longer fit at 1280 px.
  await page.evaluate(() => document.querySelectorAll(".fr-table--multiline").forEach((t) => t.classList.remove("fr-table--multiline")));
  expect(await horizontalOverflow(page)).toEqual([expect.stringContaining("ne tient pas dans la largeur")]);
  await page.reload();

  // At 375 px the sessions table scrolls inside its own box (DSFR pattern), the page does not.
  await page.setViewportSize({ width: 375, height: 812 });
  await expectNoHorizontalOverflow(page);
});
