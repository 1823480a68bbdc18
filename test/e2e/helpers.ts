import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, type Cookie, type Locator, type Page } from "@playwright/test";
import { parse } from "csv-parse/sync";
import { sql } from "./db.ts";

/**
 * The demo establishments in the order the seed gives them (prisma/demo/directory.ts): the rows of the shipped
 * Annuaire extract that the importer keeps (the second degree: collèges, lycées, EREA), in file order.
 */
export const demo = {
  establishments: (
    parse(readFileSync("prisma/demo/fr-en-annuaire-education-ille-et-vilaine.csv"), { bom: true, delimiter: ";", columns: true }) as Record<string, string>[]
  )
    .filter((row) => ["Collège", "Lycée", "EREA"].includes(row.Type_etablissement))
    .map((row) => ({ uai: row.Identifiant_de_l_etablissement, name: row.Nom_etablissement, email: row.Mail })),
};

const LOCKS = path.join(os.tmpdir(), `rupn-e2e-${process.env.E2E_PORT}-locks`);

/**
 * Runs `fn` while holding a lock on one mailbox, across the suite's worker processes: two specs signing the same
 * person in at once would otherwise each take the newest link, and one of them a link already used. A lock left
 * by a killed worker is taken over after a minute.
 */
export async function withMailboxLock<T>(email: string, fn: () => Promise<T>): Promise<T> {
  mkdirSync(LOCKS, { recursive: true });
  const lock = path.join(LOCKS, email.toLowerCase().replace(/[^a-z0-9.@-]/g, "_"));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 60_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // Released meanwhile.
      }
      await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 100));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/**
 * The database's clock, as its timestamp columns store it (UTC, no zone, milliseconds), a millisecond early since
 * those columns round: to find the rows written from now on.
 */
export async function dbNow(): Promise<string> {
  const [row] = await sql<{ now: string }>(`SELECT (date_trunc('milliseconds', clock_timestamp() AT TIME ZONE 'UTC') - interval '1 millisecond')::text AS now`);
  return row.now;
}

/** The sign-in link of the newest sign-in mail queued for `email` since `since` (polled until it is there). */
export async function signInLinkSince(email: string, since: string): Promise<string> {
  let href: string | undefined;
  await expect
    .poll(
      async () => {
        const [mail] = await sql<{ textBody: string }>(
          `SELECT "textBody" FROM "OutboxMessage" WHERE lower("recipient") = lower($1) AND "createdAt" >= $2::timestamp AND "textBody" LIKE '%/connexion/verifier?jeton=%'
           ORDER BY "createdAt" DESC LIMIT 1`,
          [email, since],
        );
        href = mail?.textBody.match(/https?:\/\/\S+\/connexion\/verifier\?jeton=[^\s]+/)?.[0];
        return Boolean(href);
      },
      { message: `un lien de connexion pour ${email}`, timeout: 20_000 },
    )
    .toBe(true);
  return href!;
}

/**
 * Signs in through the real flow: the form, the mail, the link, the confirmation button. The link is read from
 * the queued mail (what the local mailbox shows), or from the mailbox page itself when `throughMailboxPage`.
 * Returns the link used.
 */
export async function signIn(page: Page, email: string, options: { throughMailboxPage?: boolean } = {}): Promise<string> {
  return withMailboxLock(email, async () => {
    const since = await dbNow();
    await page.goto("/connexion");
    await page.getByLabel("Adresse électronique").fill(email);
    await page.getByRole("button", { name: "Recevoir un lien de connexion" }).click();
    await expect(page.getByText("Vérifiez votre messagerie")).toBeVisible();
    let href: string;
    if (options.throughMailboxPage) {
      await page.goto("/boite-mail");
      const link = page
        .getByTestId("mail")
        .filter({ has: page.getByTestId("mail-to").getByText(email, { exact: true }) })
        .getByRole("link", { name: /connexion\/verifier/ })
        .first();
      await expect(link).toBeVisible();
      href = (await link.getAttribute("href"))!;
      expect(href).toBe(await signInLinkSince(email, since));
    } else {
      href = await signInLinkSince(email, since);
    }
    await page.goto(href);
    await page.getByRole("button", { name: "Se connecter" }).click();
    await expect(page.getByRole("heading", { level: 1, name: /^Bonjour/ })).toBeVisible();
    return href;
  });
}

const sessionsByEmail = new Map<string, Cookie[]>();

/**
 * Acts as `email` in this page's context: signs in the first time (in this worker), then reuses the session's
 * cookies, so that a spec switching between several people signs each in once.
 */
export async function actAs(page: Page, email: string) {
  await page.context().clearCookies();
  const cookies = sessionsByEmail.get(email);
  if (!cookies) {
    await signIn(page, email);
    sessionsByEmail.set(email, await page.context().cookies());
    return;
  }
  await page.context().addCookies(cookies);
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1, name: /^Bonjour/ })).toBeVisible();
}

export async function signOut(page: Page) {
  await page.getByRole("button", { name: "Se déconnecter" }).first().click();
  await expect(page.getByRole("link", { name: "Se connecter" }).first()).toBeVisible();
}

/** No serious or critical accessibility violation on the current page. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const blocking = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(blocking.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`)).toEqual([]);
}

/**
 * What sticks out sideways on the current page: the page wider than the viewport, an element past the viewport's
 * edge outside a scrolling container (DSFR's scrollable table pattern scrolls inside its own box and is fine),
 * or content cut by a box that hides its overflow. Visually hidden elements (fr-sr-only, 1 px) are ignored.
 */
export async function horizontalOverflow(page: Page, options: { tablesMayScroll?: boolean } = {}): Promise<string[]> {
  // On a desktop screen a table must fit (its date or its action button hidden behind a scrollbar is a defect); on
  // a phone, DSFR's scrollable table pattern is the expected answer.
  const tablesMayScroll = options.tablesMayScroll ?? (page.viewportSize()?.width ?? 1280) < 768;
  return page.evaluate((tablesMayScroll) => {
    const problems: string[] = [];
    const root = document.documentElement;
    const width = root.clientWidth;
    const name = (el: Element) => {
      const classes = typeof el.className === "string" && el.className.trim() ? `.${el.className.trim().split(/\s+/).slice(0, 3).join(".")}` : "";
      const text = (el.textContent ?? "").replace(/\s+/g, " ").trim().slice(0, 50);
      return `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${classes}${text ? ` « ${text} »` : ""}`;
    };
    const scrollsSideways = (el: Element) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
    const inScroller = (el: Element) => {
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (scrollsSideways(p)) return true;
      return false;
    };
    const shown = (el: Element) => {
      for (let p: Element | null = el; p; p = p.parentElement) {
        const s = getComputedStyle(p);
        if (s.display === "none" || s.visibility === "hidden" || s.opacity === "0") return false;
      }
      return true;
    };
    if (root.scrollWidth > width + 1) problems.push(`la page fait ${root.scrollWidth} px de large pour ${width} px d'écran`);
    const reported = new Set<Element>();
    const underReported = (el: Element) => {
      for (let p = el.parentElement; p; p = p.parentElement) if (reported.has(p)) return true;
      return false;
    };
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      if (underReported(el)) continue;
      const rect = el.getBoundingClientRect();
      if (rect.width <= 2 || rect.height <= 2) continue;
      const style = getComputedStyle(el);
      if (style.position === "fixed" && (rect.right <= 0 || rect.left >= width)) continue;
      // DSFR's header positions its menu button with negative margins: its layout is the design system's.
      if ((rect.right > width + 1 || rect.left < -1) && !inScroller(el) && shown(el) && !el.closest("header.fr-header")) {
        problems.push(`${name(el)} dépasse du bord de l'écran (${Math.round(rect.left)}–${Math.round(rect.right)} px pour ${width} px)`);
        reported.add(el);
        continue;
      }
      const clips = style.overflowX === "hidden" || style.overflowX === "clip";
      // DSFR hides the label of its icon-only controls (search button, first/last page links) by clipping a
      // one-line label next to an icon, on purpose; and its header's brand block offsets the menu button by a few
      // pixels. Neither is cut content.
      const before = getComputedStyle(el, "::before").content;
      const iconOnly = style.whiteSpace === "nowrap" && before !== "none" && before !== "normal";
      const dsfrHeader = el.closest("header.fr-header") !== null;
      if (clips && !iconOnly && !dsfrHeader && el.scrollWidth > el.clientWidth + 2 && style.textOverflow !== "ellipsis" && el.clientWidth > 2 && shown(el)) {
        problems.push(`${name(el)} coupe son contenu (${el.scrollWidth} px dans ${el.clientWidth} px)`);
        reported.add(el);
      }
    }
    if (!tablesMayScroll) {
      for (const container of Array.from(document.querySelectorAll(".fr-table__container"))) {
        if (container.scrollWidth > container.clientWidth + 2 && shown(container)) {
          problems.push(`${name(container.closest(".fr-table") ?? container)} ne tient pas dans la largeur (${container.scrollWidth} px dans ${container.clientWidth} px)`);
        }
      }
    }
    return problems.slice(0, 20);
  }, tablesMayScroll);
}

export async function expectNoHorizontalOverflow(page: Page, label = page.url()) {
  expect(await horizontalOverflow(page), `débordement horizontal : ${label}`).toEqual([]);
}

/**
 * Picks `option` in a SurveyJS dropdown (the question's element) with the keyboard: select what the search field
 * shows, type the option's first characters, wait until the filter has focused the option in this question's own
 * list, press Enter. Returns once the list is closed and the question holds the option.
 *
 * Two traps, both seen on a busy machine: every dropdown of the page keeps its list in the DOM, so an option is
 * looked for in the list this combobox controls (aria-controls), never in the page; and the list can close
 * without selecting anything (Enter before the filter is applied), leaving the typed characters and SurveyJS's
 * completion hint ("3 7" + "50 €"), whose text reads like the option. So the selection is checked on the value
 * shown with no hint left, and the whole pick is tried again after Escape (which clears the filter).
 */
export async function chooseInDropdown(questionElement: Locator, option: string) {
  const page = questionElement.page();
  const combobox = questionElement.getByRole("combobox");
  const shown = () =>
    questionElement.evaluate((el) => {
      // The hint is the typed characters (hidden) and the rest of the option: empty once an option is selected.
      if (el.querySelector(".sd-dropdown__hint-suffix span:last-child")?.textContent) return null;
      // Selected: the search field holds the option while focused, the option's text shows once left.
      const input = el.querySelector<HTMLInputElement>("input.sd-dropdown__filter-string-input");
      return input?.value || el.querySelector(".sd-dropdown__input .sv-string-viewer")?.textContent?.trim() || null;
    });
  for (let attempt = 1; ; attempt++) {
    try {
      if ((await combobox.getAttribute("aria-expanded")) !== "true") await questionElement.locator(".sd-dropdown").click();
      await expect(combobox).toBeFocused();
      await page.keyboard.press("ControlOrMeta+a");
      await page.keyboard.type(option.slice(0, 3));
      const list = page.locator(`[id="${await combobox.getAttribute("aria-controls")}"]`);
      await expect(list.getByRole("option", { name: option, exact: true })).toHaveClass(/sd-selectlist__item--focused/, { timeout: 5_000 });
      await page.keyboard.press("Enter");
      await expect(combobox).toHaveAttribute("aria-expanded", "false", { timeout: 5_000 });
      await expect.poll(shown, { timeout: 5_000 }).toBe(option);
      return;
    } catch (error) {
      if (attempt === 3) throw error;
      await page.keyboard.press("Escape");
    }
  }
}
