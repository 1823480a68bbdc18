// A fresh database per test file, cloned from the migrated template. Sets DATABASE_URL so that
// the app's own db client (app/db/db.server.ts) talks to it: tests exercise the real services.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, inject } from "vitest";
import pg from "pg";
import { disconnectDb, getDb } from "../../app/db/db.server.ts";

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export async function createTestDatabase(): Promise<{ name: string; url: string }> {
  const name = `t_${randomBytes(6).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`));
  const url = new URL(inject("pgAdminUrl"));
  url.pathname = `/${name}`;
  return { name, url: url.toString() };
}

export async function dropTestDatabase(name: string) {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

/** Call at the top of a test file: every test in the file shares one fresh database. */
export function useTestDatabase() {
  let name = "";
  beforeAll(async () => {
    const created = await createTestDatabase();
    name = created.name;
    process.env.DATABASE_URL = created.url;
  });
  afterAll(async () => {
    await disconnectDb();
    await dropTestDatabase(name);
  });
  return { db: () => getDb() };
}
