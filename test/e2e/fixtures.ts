// Shared Playwright fixture: every e2e test fails on any browser console error, uncaught page error or React
// hydration warning, so that no page can regress silently. Specs import { test, expect } from here.
import { test as base, expect, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "@playwright/test";

const HYDRATION = /hydrat|did not match|Minified React error #(418|419|421|422|423|425)/i;

/** Messages a test may expect on purpose (for instance a 4xx fetched by the app): pass a pattern. */
export type ConsoleGuard = { allow(pattern: RegExp): void };

function watch(page: Page, problems: string[], allowed: RegExp[]) {
  const record = (text: string) => {
    if (!allowed.some((re) => re.test(text))) problems.push(text);
  };
  page.on("console", (message: ConsoleMessage) => {
    const text = message.text();
    if (message.type() === "error") record(`console.error: ${text}`);
    else if (message.type() === "warning" && HYDRATION.test(text)) record(`hydration warning: ${text}`);
  });
  page.on("pageerror", (error) => record(`page error: ${error.message}`));
}

function watchContext(context: BrowserContext, problems: string[], allowed: RegExp[]) {
  for (const page of context.pages()) watch(page, problems, allowed);
  context.on("page", (page) => watch(page, problems, allowed));
}

export const test = base.extend<{ consoleGuard: ConsoleGuard }>({
  consoleGuard: [
    async ({ context, browser }, use) => {
      const problems: string[] = [];
      const allowed: RegExp[] = [];
      watchContext(context, problems, allowed);
      // Specs that open their own contexts (two people on one letter) are watched too: browser.newPage goes
      // through newContext as well.
      const newContext = browser.newContext;
      browser.newContext = async (...args: Parameters<Browser["newContext"]>) => {
        const created = await newContext.apply(browser, args);
        watchContext(created, problems, allowed);
        return created;
      };
      try {
        await use({ allow: (pattern) => allowed.push(pattern) });
      } finally {
        browser.newContext = newContext;
      }
      expect(problems, "erreurs dans la console du navigateur").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
