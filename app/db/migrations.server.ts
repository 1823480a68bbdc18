// Offline Prisma migrations: the WebAssembly schema engine driven through @prisma/adapter-pg.
// The native schema engine (what `prisma migrate` runs) cannot be downloaded on our machines; the
// WASM engine reads and writes the same `prisma/migrations/<ts>_<name>/migration.sql` folders and the
// same `_prisma_migrations` table. See docs/decisions/003-migrations-wasm-engine.md.
import { randomUUID } from "node:crypto";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  ColumnTypeEnum,
  type ErrorRegistry,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import type { MigrationList, SchemaEngine } from "@prisma/schema-engine-wasm";
import * as wasmRuntime from "@prisma/schema-engine-wasm/schema_engine_bg";

export type MigrationLog = (message: string) => void;
export type DeployOptions = {
  /** Defaults to `prisma/migrations` under the current directory. */
  migrationsDir?: string;
  log?: MigrationLog;
  /** Failed migrations to mark rolled back first (`prisma migrate resolve --rolled-back`), see deployMigrations. */
  rolledBack?: string[];
};
export type CreateMigrationOptions = Omit<DeployOptions, "rolledBack"> & {
  /** A schema file, or a folder of `.prisma` files. Defaults to `prisma/schema.prisma`. */
  schemaPath?: string;
};

const FILTERS = { externalTables: [] as string[], externalEnums: [] as string[] };
const LOCKFILE = "migration_lock.toml";
const defaultMigrationsDir = () => path.resolve("prisma/migrations");

// ---------------------------------------------------------------------------------------------------
// Engine loading: the package entry imports the .wasm file as an ES module, which Node cannot do
// without a flag, so instantiate it by hand as Prisma's own loaders do.
let runtimeReady: Promise<typeof wasmRuntime> | undefined;
function loadRuntime() {
  runtimeReady ??= (async () => {
    // A Rust panic reaches JS as a bare `RuntimeError: unreachable`; the engine reports its reason here.
    (globalThis as Record<string, unknown>).PRISMA_WASM_PANIC_REGISTRY = {
      set_message: (message: string) => console.error(`Moteur de schéma (WASM) : panique : ${message}`),
    };
    const dir = path.dirname(createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg"));
    const bytes = new Uint8Array(await readFile(path.join(dir, "schema_engine_bg.wasm")));
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), {
      "./schema_engine_bg.js": wasmRuntime as unknown as WebAssembly.ModuleImports,
    });
    wasmRuntime.__wbg_set_wasm(instance.exports);
    (instance.exports.__wbindgen_start as () => void)();
    return wasmRuntime;
  })();
  return runtimeReady;
}

// ---------------------------------------------------------------------------------------------------
// Work-arounds for @prisma/adapter-pg 7.10 on the schema engine path.

/**
 * The engine's catalog queries return PostgreSQL's internal `"char"` type (OID 18: `pg_constraint.contype`,
 * `pg_class.relkind`…), which adapter-pg cannot map ("Column type 'char' could not be deserialized").
 * Mapping it to text is not enough: the engine reads those columns as `Character` and panics on a text
 * column ("Getting constraint_type … as char failed", as soon as a table exists). pg already parses the
 * value as a one-letter string: show the column to the adapter as text, then label it `Character`. The
 * rows array is the same object in the driver result and in the adapter's result set.
 */
type Queryable = {
  performIO(query: unknown): Promise<{ fields?: { dataTypeID: number }[]; rows: unknown[] }>;
  queryRaw(query: unknown): Promise<{ columnTypes: number[]; rows: unknown[] }>;
};
function labelCharColumns(target: object) {
  const queryable = target as Queryable;
  if (typeof queryable.performIO !== "function") throw new Error("adapter-pg has no performIO(): see labelCharColumns");
  const [performIO, queryRaw] = [queryable.performIO.bind(queryable), queryable.queryRaw.bind(queryable)];
  const charColumns = new WeakMap<unknown[], number[]>();
  queryable.performIO = async (query) => {
    const result = await performIO(query);
    const columns = (result.fields ?? []).flatMap((field, index) => (field.dataTypeID === 18 ? [index] : []));
    for (const index of columns) result.fields![index].dataTypeID = 25; // text
    if (columns.length) charColumns.set(result.rows, columns);
    return result;
  };
  queryable.queryRaw = async (query) => {
    const resultSet = await queryRaw(query);
    for (const index of charColumns.get(resultSet.rows) ?? []) resultSet.columnTypes[index] = ColumnTypeEnum.Character;
    return resultSet;
  };
}

type PgAdapter = Awaited<ReturnType<PrismaPg["connect"]>>;
const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`;

/**
 * A migration-aware adapter factory on top of adapter-pg, owning every pool it opens so that all are
 * closed at the end (the engine never disposes of its main connection).
 *  - adapter-pg's `connectToShadowDb` ignores the shadow database name when given a connection string,
 *    and drops the database while its own pool still holds it: ours passes host/port/user/password/
 *    database separately, ends the pool, then runs `DROP DATABASE … WITH (FORCE)`.
 *  - adapter-pg's `executeScript` splits the script on every `;` (breaking `$$ … ; … $$` bodies and
 *    string literals) and runs the pieces one by one, so a failing migration stays half applied. Ours
 *    sends the migration as one simple-protocol query, which PostgreSQL runs as one implicit
 *    transaction, as the native engine does: a failing migration leaves no change behind.
 */
class MigrationPgFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres" as const;
  readonly adapterName = "@prisma/adapter-pg";
  private readonly pools = new Map<pg.Pool, string>();
  private readonly shadowDatabases = new Set<string>();

  constructor(private readonly params: pg.ClientConfig & { database: string }) {}

  static fromUrl(connectionString: string) {
    // pg parses the URL (sslmode, sockets, encoded passwords, timeouts…); the password is non-enumerable.
    const p = (new pg.Client({ connectionString }) as unknown as { connectionParameters: pg.ClientConfig })
      .connectionParameters;
    if (!p.database) throw new Error(`Aucune base de données dans l'URL de connexion (${p.host}:${p.port}).`);
    return new MigrationPgFactory({ ...p, password: p.password, database: p.database });
  }

  connect() {
    return this.open(this.params.database);
  }

  async connectToShadowDb() {
    const name = `prisma_migrate_shadow_db_${randomUUID().replaceAll("-", "")}`;
    await this.admin(`CREATE DATABASE ${quoteIdent(name)}`).catch((error: Error) => {
      throw new Error(
        `${error.message} (la base fantôme temporaire se crée sur le même serveur : il faut le droit CREATEDB)`,
      );
    });
    this.shadowDatabases.add(name);
    const adapter = await this.open(name);
    adapter.dispose = () => this.dropShadowDatabase(name);
    return adapter;
  }

  /** Ends every pool and drops the shadow databases the engine did not dispose of (e.g. after an error). */
  async close() {
    for (const name of [...this.shadowDatabases]) await this.dropShadowDatabase(name).catch(() => {});
    await Promise.all([...this.pools.keys()].map((pool) => this.endPool(pool)));
  }

  private async open(database: string): Promise<PgAdapter> {
    const pool = new pg.Pool({ ...this.params, database, max: 4 });
    pool.on("error", () => {}); // an idle client's error surfaces on the next query
    this.pools.set(pool, database);
    // Cast: adapter-pg ships its own, newer @types/pg.
    const adapter = await new PrismaPg(pool as unknown as ConstructorParameters<typeof PrismaPg>[0]).connect();
    labelCharColumns(adapter);
    const startTransaction = adapter.startTransaction.bind(adapter);
    adapter.startTransaction = async (isolationLevel) => {
      const transaction = await startTransaction(isolationLevel);
      labelCharColumns(transaction);
      return transaction;
    };
    adapter.executeScript = async (script: string) => {
      await pool.query(script).catch((error) => (adapter as unknown as { onError(e: unknown): never }).onError(error));
    };
    adapter.dispose = () => this.endPool(pool);
    return adapter;
  }

  private async endPool(pool: pg.Pool) {
    if (this.pools.delete(pool)) await pool.end();
  }

  private async dropShadowDatabase(name: string) {
    for (const [pool, database] of [...this.pools]) if (database === name) await this.endPool(pool);
    await this.admin(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    this.shadowDatabases.delete(name);
  }

  private async admin(sql: string) {
    const client = new pg.Client(this.params);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Engine session.

/**
 * Engine errors only say `External error id#N` for JavaScript-side failures: put the real message back,
 * and drop the engine's span trace (`   0: schema_engine_wasm::…`), which stays in `cause`.
 */
function explain(error: unknown, registry: ErrorRegistry): Error {
  if (!(error instanceof Error)) return new Error(String(error));
  const message = error.message
    .replace(/External error id#(\d+)/g, (whole, id: string) => {
      const inner = registry.consumeError(Number(id))?.error;
      if (inner === undefined) return whole;
      return inner instanceof Error ? inner.message : JSON.stringify(inner);
    })
    .split(/\n\s+0: /)[0]
    .trim();
  return message === error.message ? error : new Error(message, { cause: error });
}

type SchemaFile = { path: string; content: string };
type Session = { engine: SchemaEngine; migrations: () => Promise<MigrationList> };

async function withEngine<T>(
  connectionString: string,
  migrationsDir: string,
  schemaFiles: SchemaFile[] | undefined,
  run: (session: Session) => Promise<T>,
): Promise<T> {
  const runtime = await loadRuntime();
  const pgFactory = MigrationPgFactory.fromUrl(connectionString);
  const factory = bindMigrationAwareSqlAdapterFactory(pgFactory);
  let engine: SchemaEngine | undefined;
  try {
    engine = await runtime.SchemaEngine.new(
      { datamodels: schemaFiles?.map((f) => [f.path, f.content] as [string, string]) },
      (line: string) => void (process.env.MIGRATIONS_DEBUG && process.stderr.write(`[schema-engine] ${line}\n`)),
      factory,
    );
    return await run({ engine, migrations: () => readMigrations(migrationsDir) });
  } catch (error) {
    throw explain(error, factory.errorRegistry);
  } finally {
    engine?.free();
    await pgFactory.close();
  }
}

/** Same shape as the Prisma CLI's own loader: every sub-folder, sorted by name. */
async function readMigrations(baseDir: string): Promise<MigrationList> {
  const entries = await readdir(baseDir, { withFileTypes: true }).catch(() => []);
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name);
  const migrationDirectories = await Promise.all(
    names.sort().map(async (name) => {
      const content = await readFile(path.join(baseDir, name, "migration.sql"), "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (error: Error) => ({ tag: "error" as const, value: error.message }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockContent = await readFile(path.join(baseDir, LOCKFILE), "utf8").catch(() => null);
  return { baseDir, lockfile: { path: LOCKFILE, content: lockContent }, shadowDbInitScript: "", migrationDirectories };
}

// ---------------------------------------------------------------------------------------------------
// Public API.

/**
 * Applies the pending migrations of `migrationsDir` (like `prisma migrate deploy`) and records them in
 * `_prisma_migrations`. Idempotent: a second call applies nothing.
 *
 * Failure: a migration runs as one implicit transaction (see MigrationPgFactory), so when its SQL fails
 * nothing of it remains. The engine then records a *failed* row (`finished_at` and `rolled_back_at` NULL,
 * `applied_steps_count` 0, the error in `logs`), never an applied one, and this function throws
 * `La migration « … » a échoué …`. Prisma refuses every later deploy (P3009) until such a migration is
 * resolved. Here the next deploy resolves it itself, as nothing of it was applied: it marks the failed
 * row rolled back (kept as an audit trail, exactly what `prisma migrate resolve --rolled-back` does) and
 * applies the file again (fixed in place or not; unchanged, it just fails again). Only when the file uses
 * explicit transaction control (BEGIN, COMMIT…), which may have committed part of it, does deploy refuse:
 * check the database, then pass the name in `opts.rolledBack` (`npm run db:deploy -- --rolled-back <name>`).
 */
export async function deployMigrations(
  connectionString: string,
  opts: DeployOptions = {},
): Promise<{ applied: string[] }> {
  const migrationsDir = path.resolve(opts.migrationsDir ?? defaultMigrationsDir());
  return withEngine(connectionString, migrationsDir, undefined, (session) =>
    applyPending(session, opts.log ?? (() => {}), opts.rolledBack ?? []),
  );
}

/**
 * Like `prisma migrate dev --name <name>`, but never resets the database: applies the pending migrations,
 * diffs the schema against the migration history replayed in a temporary shadow database (created and
 * dropped on the same server: the user needs CREATEDB), writes `<migrationsDir>/<YYYYMMDDHHMMSS>_<name>/
 * migration.sql` (and `migration_lock.toml` when missing), then applies it. When the schema has no
 * change, writes nothing and returns `{ directory: null }`.
 */
export async function createMigration(
  connectionString: string,
  name: string,
  opts: CreateMigrationOptions = {},
): Promise<{ directory: string | null }> {
  const migrationName = name.trim().toLowerCase().replace(/[^a-z0-9_]+/g, "_").replace(/^_+|_+$/g, "");
  if (!migrationName) throw new Error("Nom de migration vide : utilisez des lettres, des chiffres ou « _ ».");
  const migrationsDir = path.resolve(opts.migrationsDir ?? defaultMigrationsDir());
  const schemaFiles = await readSchema(path.resolve(opts.schemaPath ?? "prisma/schema.prisma"));
  const log = opts.log ?? (() => {});

  return withEngine(connectionString, migrationsDir, schemaFiles, async (session) => {
    const { engine } = session;
    await applyPending(session, log, []);
    // devDiagnostic replays the history in a shadow database (connectToShadowDb) and caches the result:
    // the engine's createMigration cannot open a shadow database by itself (PostgreSQL over an adapter).
    const list = await session.migrations();
    const { action } = await engine.devDiagnostic({ migrationsList: list, filters: FILTERS });
    if (action.tag === "reset") {
      throw new Error(
        `La base ne correspond pas à l'historique des migrations : ${action.reason}\nPas de réinitialisation ` +
          "automatique : recréez la base de développement (ou corrigez l'écart), puis relancez.",
      );
    }
    const created = await engine.createMigration({
      draft: false,
      migrationName,
      migrationsList: list,
      schema: { files: schemaFiles },
      filters: FILTERS,
    });
    if (created.migrationScript === null) {
      log("Le schéma Prisma correspond déjà aux migrations : aucune migration créée.");
      return { directory: null };
    }
    const directory = path.join(migrationsDir, created.generatedMigrationName);
    await mkdir(migrationsDir, { recursive: true });
    await mkdir(directory); // fails if it exists, as with the Prisma CLI
    await writeFile(path.join(directory, `migration.${created.extension}`), created.migrationScript, "utf8");
    if (list.lockfile.content === null) {
      const lock =
        "# Please do not edit this file manually\n# It should be added in your version-control system (e.g., Git)\n";
      await writeFile(path.join(migrationsDir, LOCKFILE), `${lock}provider = "${created.connectorType}"\n`, "utf8");
    }
    log(`Migration créée : ${path.relative(process.cwd(), directory) || directory}`);
    await applyPending(session, log, []);
    return { directory };
  });
}

/** Explicit transaction control can commit part of a failing script (false positives are harmless). */
const controlsTransaction = (sql: string) =>
  /(^|;)\s*(BEGIN|COMMIT|END|ROLLBACK|START\s+TRANSACTION|SAVEPOINT)\b/im.test(sql.replace(/--.*$/gm, ""));

function scriptOf(list: MigrationList, name: string) {
  const content = list.migrationDirectories.find((d) => d.path === name)?.migrationFile.content;
  return content?.tag === "ok" ? content.value : null;
}

async function applyPending({ engine, migrations }: Session, log: MigrationLog, rolledBack: string[]) {
  const list = await migrations();
  for (const migrationName of rolledBack) {
    await engine.markMigrationRolledBack({ migrationName });
    log(`Migration « ${migrationName} » marquée comme annulée (rolled back).`);
  }
  const diagnostic = await engine.diagnoseMigrationHistory({
    migrationsList: list,
    optInToShadowDatabase: false,
    filters: FILTERS,
  });
  const { history, failedMigrationNames: failed } = diagnostic;
  for (const name of diagnostic.editedMigrationNames.filter((n) => !failed.includes(n))) {
    log(`Attention : la migration « ${name} » a été modifiée après avoir été appliquée.`);
  }
  if (history?.diagnostic === "migrationsDirectoryIsBehind" || history?.diagnostic === "historiesDiverge") {
    log(`Attention : migrations en base absentes du dossier : ${history.unpersistedMigrationNames.join(", ")}`);
  }
  for (const migrationName of failed) {
    const script = scriptOf(list, migrationName);
    if (script === null || controlsTransaction(script)) {
      throw new Error(
        `La migration « ${migrationName} » a échoué lors d'un déploiement précédent et ` +
          (script === null
            ? "n'est plus dans le dossier des migrations. "
            : "contient un contrôle de transaction explicite : une partie a pu être validée. ") +
          `Vérifiez la base, puis marquez-la comme annulée : npm run db:deploy -- --rolled-back ${migrationName}`,
      );
    }
    await engine.markMigrationRolledBack({ migrationName }).catch((error: Error) => {
      if (!/not in a failed state/.test(error.message)) throw error; // a concurrent deploy resolved it
    });
    log(`Migration « ${migrationName} » en échec lors d'un déploiement précédent, sans effet : nouvel essai.`);
  }

  try {
    const { appliedMigrationNames: applied } = await engine.applyMigrations({ migrationsList: list, filters: FILTERS });
    applied.forEach((name) => log(`Migration appliquée : ${name}`));
    if (!applied.length) log("Aucune migration en attente : la base est à jour.");
    return { applied };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const name = /migration_name="([^"]+)"/.exec(message)?.[1];
    if (!name) throw error;
    const pending = history?.diagnostic === "databaseIsBehind" ? history.unappliedMigrationNames : [];
    const applied = pending.slice(0, Math.max(0, pending.indexOf(name)));
    applied.forEach((migrationName) => log(`Migration appliquée : ${migrationName}`));
    const outcome = controlsTransaction(scriptOf(list, name) ?? "")
      ? "avec son contrôle de transaction explicite (BEGIN/COMMIT…), une partie a pu être validée"
      : "elle a été annulée, rien n'en est appliqué";
    const reason = message.split(/\n\s+0: /)[0].replace(/^external connector error\s*/, "");
    const file = path.join(list.baseDir, name, "migration.sql");
    const failure = new Error(
      `La migration « ${name} » a échoué ; ${outcome}. Corrigez ${file} puis relancez le déploiement.\n` +
        `Erreur de la base : ${reason}`,
      { cause: error },
    );
    throw Object.assign(failure, { migrationName: name, applied });
  }
}

async function readSchema(schemaPath: string): Promise<SchemaFile[]> {
  const info = await stat(schemaPath).catch(() => {
    throw new Error(`Schéma Prisma introuvable : ${schemaPath}`);
  });
  const files = info.isDirectory()
    ? (await readdir(schemaPath, { recursive: true })).filter((f) => f.endsWith(".prisma")).sort()
    : [""];
  const paths = files.map((f) => path.join(schemaPath, f));
  return Promise.all(paths.map(async (file) => ({ path: file, content: await readFile(file, "utf8") })));
}
