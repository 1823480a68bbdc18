// Shared Playwright fixture: every e2e test fails on any browser console error, uncaught page error or React
// hydration warning, so that no page can regress silently. Specs import { test, expect } from here.
import { test as base, expect, type Browser, type BrowserContext, type ConsoleMessage, type Page } from "@playwright/test";

const HYDRATION = /hydrat|did not match|Minified React error #(418|419|421|422|423|425)/i;

/** Messages a test may expect on purpose (for instance a 4xx fetched by the app). */
export type ConsoleGuard = {
  allow(pattern: RegExp): void;
  /** The browser logs every 4xx/5xx it loads: allow one expected status on paths matching `path`, and only those. */
  allowHttpError(status: number, path: RegExp): void;
};

type Allowed = (text: string) => boolean;

// Chromium asks for /favicon.ico when it shows a document without an icon link (a PDF, a CSV): not the app's error.
const BROWSER_NOISE = /status of 404 .*\(\/favicon\.ico\)$/;

function watch(page: Page, problems: string[], allowed: Allowed[]) {
  const record = (text: string) => {
    if (BROWSER_NOISE.test(text)) return;
    if (!allowed.some((ok) => ok(text))) problems.push(text);
  };
  page.on("console", (message: ConsoleMessage) => {
    const text = message.text();
    // "Failed to load resource" does not say which one: add the path, so that a test can allow exactly the request
    // it expects to fail (a 422 on a form posted with bad input) and nothing else.
    const url = message.location()?.url;
    const where = url && /Failed to load resource/.test(text) ? ` (${new URL(url).pathname})` : "";
    if (message.type() === "error") record(`console.error: ${text}${where}`);
    else if (message.type() === "warning" && HYDRATION.test(text)) record(`hydration warning: ${text}`);
  });
  page.on("pageerror", (error) => record(`page error: ${error.message}`));
}

function watchContext(context: BrowserContext, problems: string[], allowed: Allowed[]) {
  for (const page of context.pages()) watch(page, problems, allowed);
  context.on("page", (page) => watch(page, problems, allowed));
}

export const test = base.extend<{ consoleGuard: ConsoleGuard }>({
  consoleGuard: [
    async ({ context, browser }, use) => {
      const problems: string[] = [];
      const allowed: Allowed[] = [];
      watchContext(context, problems, allowed);
      // Specs that open their own contexts (two people on one letter) are watched too; browser.newPage goes
      // through newContext as well.
      const newContext = browser.newContext;
      browser.newContext = async (...args: Parameters<Browser["newContext"]>) => {
        const created = await newContext.apply(browser, args);
        watchContext(created, problems, allowed);
        return created;
      };
      try {
        await use({
          allow: (pattern) => allowed.push((text) => pattern.test(text)),
          allowHttpError: (status, path) =>
            allowed.push((text) => {
              const failed = /^console\.error: Failed to load resource: .*status of (\d{3})\b.*\((\/[^)]*)\)$/.exec(text);
              // A form posted after hydration goes through Remix's single fetch (`/x.data`); before it, to `/x`.
              // Both are the same request for the test: match the route's path either way.
              return failed !== null && Number(failed[1]) === status && path.test(failed[2].replace(/\.data$/, ""));
            }),
        });
      } finally {
        browser.newContext = newContext;
      }
      expect(problems, "erreurs dans la console du navigateur").toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
