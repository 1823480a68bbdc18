import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";
import { freePort } from "./test/setup/free-port.ts";

// No fixed ports: two checkouts (or a helper and CI) can run the suite at once.
process.env.E2E_PORT ??= String(await freePort());
process.env.E2E_PG_PORT ??= String(await freePort());
process.env.E2E_SMTP_PORT ??= String(await freePort());
process.env.E2E_OIDC_PORT ??= String(await freePort());
const PORT = Number(process.env.E2E_PORT);
const PG_PORT = Number(process.env.E2E_PG_PORT);
// Under /tmp: as root, the embedded postgres runs as the `postgres` user, which must reach its data dir.
const DATA = path.join(os.tmpdir(), `rupn-e2e-${PORT}`);
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// A real SMTP server started by the suite (test/e2e/global-setup.ts) receives every mail the app sends.
export const SMTP_PORT = Number(process.env.E2E_SMTP_PORT);
export const SMTP_DIR = path.join(os.tmpdir(), `rupn-e2e-${PORT}-smtp`);
// A real OpenID Connect provider standing in for ProConnect (test/setup/oidc-provider.ts), started by the global
// setup. Playwright 1.65 starts the webServer before the global setup: fine, the app discovers the provider lazily,
// at the first ProConnect sign-in.
export const OIDC_PORT = Number(process.env.E2E_OIDC_PORT);
export const APP_ORIGIN = `http://localhost:${PORT}`;
export const PROCONNECT_CLIENT_ID = "rupn-e2e";
export const PROCONNECT_CLIENT_SECRET = "secret-du-fournisseur-de-test-e2e";

export default defineConfig({
  testDir: "test/e2e",
  globalSetup: "./test/e2e/global-setup.ts",
  fullyParallel: false,
  // Two workers on the two cores CI has: each spec owns its data (its own accounts, letters, sessions), and
  // sign-ins to a shared demo account take a per-mailbox lock (test/e2e/helpers.ts).
  workers: Number(process.env.E2E_WORKERS ?? 2),
  retries: 0,
  // Long journeys (a whole bilan, a letter from draft to PDF) on a busy machine: steps keep their own 20 s limit.
  timeout: 180_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  outputDir: "test-results",
  use: {
    baseURL: `http://localhost:${PORT}`,
    viewport: { width: 1280, height: 2000 },
    locale: "fr-FR",
    trace: "retain-on-failure",
    actionTimeout: 20_000,
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: `npx playwright install` cannot download a browser on these machines.
      executablePath: existsSync(chromium) ? chromium : undefined,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
  webServer: {
    // A fresh embedded database each run, seeded with the demo data, on the production build.
    command: `rm -rf ${DATA} && node --import tsx scripts/server.ts`,
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: "pipe",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      EMBEDDED_PG_PORT: String(PG_PORT),
      EMBEDDED_PG_DIR: path.join(DATA, "postgres"),
      RUPN_DATA_DIR: DATA,
      NODE_ENV: "production",
      DATABASE_URL: "",
      SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
      MAILBOX_PUBLIC: "1",
      SIGNIN_LINKS_PER_EMAIL: "100",
      SIGNIN_LINKS_PER_IP: "1000",
      SIGNIN_LINKS_PER_EMAIL_GLOBAL: "1000",
      PROCONNECT_ISSUER: `http://127.0.0.1:${OIDC_PORT}`,
      PROCONNECT_CLIENT_ID,
      PROCONNECT_CLIENT_SECRET,
      PROCONNECT_ALLOW_HTTP: "1",
    },
  },
});
