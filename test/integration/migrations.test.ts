// The offline migration tooling (WASM schema engine + adapter-pg) against a real embedded PostgreSQL.
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../app/db/embedded.server.ts";
import { createMigration, deployMigrations } from "../../app/db/migrations.server.ts";

const REAL_MIGRATIONS = path.resolve("prisma/migrations");
const realNames = readdirSync(REAL_MIGRATIONS, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => e.name)
  .sort();
/** Every table the real migrations create. */
const realTables = realNames.flatMap((name) =>
  [
    ...readFileSync(path.join(REAL_MIGRATIONS, name, "migration.sql"), "utf8").matchAll(
      /CREATE TABLE "(\w+)"/g
    ),
  ].map((m) => m[1])
);

const PORT = Number(process.env.MIGRATIONS_TEST_PG_PORT ?? 5492);
// A fixed directory, so that a server orphaned by a killed run is found and stopped (postmaster.pid).
const DATA_DIR = path.join(os.tmpdir(), `rupn-migrations-test-pg-${PORT}`);
const DATABASES = ["mig_deploy", "mig_broken", "mig_txcontrol", "mig_create"];
let server: EmbeddedDatabase;
const scratch: string[] = [];

const database = (name: string) => server.url.replace(/\/[^/]+$/, `/${name}`);

async function query<T = Record<string, unknown>>(url: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, values)).rows as T[];
  } finally {
    await client.end();
  }
}

async function tables(url: string) {
  const rows = await query<{ table_name: string }>(
    url,
    "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name"
  );
  return rows.map((r) => r.table_name);
}

type HistoryRow = {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
};
function history(url: string, name?: string) {
  return query<HistoryRow>(
    url,
    `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs
       FROM _prisma_migrations ${name ? "WHERE migration_name = $1" : ""} ORDER BY started_at`,
    name ? [name] : []
  );
}

/** A private copy of the real migrations folder, plus extra migrations. */
function migrationsCopy(extra: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rupn-migrations-"));
  scratch.push(dir);
  cpSync(REAL_MIGRATIONS, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    mkdirSync(path.join(dir, name));
    writeFileSync(path.join(dir, name, "migration.sql"), sql);
  }
  return dir;
}

beforeAll(async () => {
  server = await startEmbeddedPostgres({
    dataDir: DATA_DIR,
    port: PORT,
    database: "postgres",
    log: () => {},
  });
  for (const name of DATABASES) {
    await query(server.adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await query(server.adminUrl, `CREATE DATABASE ${name}`);
  }
});

afterAll(async () => {
  if (server) {
    await server.stop();
    rmSync(DATA_DIR, { recursive: true, force: true });
  }
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

describe("deployMigrations", () => {
  it("applies every migration, creates the tables and records Prisma-compatible history", async () => {
    expect(realNames.length).toBeGreaterThan(0);
    expect(realTables).toContain("Establishment");
    const url = database("mig_deploy");

    const { applied } = await deployMigrations(url, { migrationsDir: REAL_MIGRATIONS });

    expect(applied).toEqual(realNames);
    expect(await tables(url)).toEqual(expect.arrayContaining([...realTables, "_prisma_migrations"]));
    const rows = await history(url);
    expect(rows.map((r) => r.migration_name)).toEqual(realNames);
    for (const row of rows) {
      const sql = readFileSync(path.join(REAL_MIGRATIONS, row.migration_name, "migration.sql"));
      // Same checksum as the native engine (SHA-256 of the script): `prisma migrate deploy` agrees.
      expect(row.checksum).toBe(createHash("sha256").update(sql).digest("hex"));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it("applies nothing the second time", async () => {
    const url = database("mig_deploy");
    const before = await history(url);
    const logs: string[] = [];

    const { applied } = await deployMigrations(url, {
      migrationsDir: REAL_MIGRATIONS,
      log: (m) => logs.push(m),
    });

    expect(applied).toEqual([]);
    expect(await history(url)).toEqual(before);
    expect(logs.join("\n")).toMatch(/aucune migration en attente/i);
  });

  it("never records a failing migration as applied, leaves nothing of it, and retries it once fixed", async () => {
    const url = database("mig_broken");
    const broken = "99990101000000_broken";
    const dir = migrationsCopy({
      [broken]: 'CREATE TABLE "BrokenPartial" (id int);\nALTER TABLE "DoesNotExist" ADD COLUMN x int;\n',
    });

    const failure = await deployMigrations(url, { migrationsDir: dir }).catch((error: Error) => error);

    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toContain(`« ${broken} » a échoué`);
    expect((failure as Error).message).toMatch(/DoesNotExist/);
    // The good migrations are applied and intact; the failing one is a failed row, nothing more.
    const rows = await history(url);
    expect(rows.filter((r) => r.finished_at !== null).map((r) => r.migration_name)).toEqual(realNames);
    const [failed, ...others] = await history(url, broken);
    expect(others).toEqual([]);
    expect(failed).toMatchObject({ finished_at: null, rolled_back_at: null, applied_steps_count: 0 });
    expect(failed.logs).toMatch(/DoesNotExist/);
    const afterFailure = await tables(url);
    expect(afterFailure).toEqual(expect.arrayContaining(realTables));
    expect(afterFailure).not.toContain("BrokenPartial"); // the whole script was rolled back

    // Fix the SQL in place: the next deploy marks the failed row rolled back and applies the fix.
    writeFileSync(path.join(dir, broken, "migration.sql"), 'CREATE TABLE "BrokenFixed" (id int);\n');
    expect((await deployMigrations(url, { migrationsDir: dir })).applied).toEqual([broken]);

    const attempts = await history(url, broken);
    expect(attempts).toHaveLength(2);
    expect(attempts[0]).toMatchObject({ finished_at: null, applied_steps_count: 0 });
    expect(attempts[0].rolled_back_at).toBeInstanceOf(Date);
    expect(attempts[1]).toMatchObject({ rolled_back_at: null, applied_steps_count: 1 });
    expect(attempts[1].finished_at).toBeInstanceOf(Date);
    expect(await tables(url)).toEqual(expect.arrayContaining([...realTables, "BrokenFixed"]));
    expect((await deployMigrations(url, { migrationsDir: dir })).applied).toEqual([]);
  });

  it("requires an explicit rolled-back resolution when a failed migration controls its own transaction", async () => {
    const url = database("mig_txcontrol");
    const name = "99990101000000_txcontrol";
    const dir = migrationsCopy({
      [name]:
        'BEGIN;\nCREATE TABLE "Committed" (id int);\nCOMMIT;\nALTER TABLE "DoesNotExist" ADD COLUMN x int;\n',
    });

    await expect(deployMigrations(url, { migrationsDir: dir })).rejects.toThrow(
      /a échoué ; avec son contrôle de transaction explicite .* une partie a pu être validée/
    );
    expect(await tables(url)).toContain("Committed"); // explicit COMMIT: partly applied

    await expect(deployMigrations(url, { migrationsDir: dir })).rejects.toThrow(`--rolled-back ${name}`);
    expect(await history(url, name)).toHaveLength(1);

    writeFileSync(path.join(dir, name, "migration.sql"), 'ALTER TABLE "Committed" ADD COLUMN y int;\n');
    expect((await deployMigrations(url, { migrationsDir: dir, rolledBack: [name] })).applied).toEqual([name]);
    expect(
      (await history(url, name)).map((r) => [r.rolled_back_at !== null, r.finished_at !== null])
    ).toEqual([
      [true, false],
      [false, true],
    ]);
  });
});

describe("createMigration", () => {
  it("returns null and writes nothing when the schema matches the migrations", async () => {
    const url = database("mig_deploy");
    const dir = migrationsCopy();
    const before = readdirSync(dir).sort();

    expect(await createMigration(url, "nothing", { migrationsDir: dir })).toEqual({ directory: null });

    expect(readdirSync(dir).sort()).toEqual(before);
    const shadows = await query(
      server.adminUrl,
      "SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow%'"
    );
    expect(shadows).toEqual([]);
  });

  it("writes and applies a migration for a schema change", async () => {
    const url = database("mig_create");
    const dir = migrationsCopy();
    rmSync(path.join(dir, "migration_lock.toml"), { force: true });
    const schemaPath = path.join(dir, "schema.prisma");
    writeFileSync(
      schemaPath,
      `${readFileSync(
        "prisma/schema.prisma",
        "utf8"
      )}\nmodel MigrationProbe {\n  id    Int    @id\n  label String @default("x")\n}\n`
    );

    const { directory } = await createMigration(url, "Add probe!", { migrationsDir: dir, schemaPath });

    expect(directory).toMatch(/[/\\]\d{14}_add_probe$/);
    expect(readFileSync(path.join(directory!, "migration.sql"), "utf8")).toContain(
      'CREATE TABLE "MigrationProbe"'
    );
    expect(readFileSync(path.join(dir, "migration_lock.toml"), "utf8")).toContain('provider = "postgresql"');
    expect(await tables(url)).toEqual(expect.arrayContaining([...realTables, "MigrationProbe"]));
    expect((await history(url)).map((r) => r.migration_name)).toEqual([
      ...realNames,
      path.basename(directory!),
    ]);
    expect(await createMigration(url, "again", { migrationsDir: dir, schemaPath })).toEqual({
      directory: null,
    });
  });
});
