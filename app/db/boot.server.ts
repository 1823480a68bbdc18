// Start-up of the database: the embedded PostgreSQL when DATABASE_URL is unset, pending migrations,
// and the demo data on a fresh embedded database.
import path from "node:path";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded.server.ts";
import { deployMigrations } from "./migrations.server.ts";
import { getDb } from "./db.server.ts";

export type BootedDatabase = { url: string; embedded: EmbeddedDatabase | null; seeded: boolean };

export async function bootDatabase(options: { log?: (m: string) => void; seedDemo?: boolean } = {}): Promise<BootedDatabase> {
  const log = options.log ?? ((m: string) => console.log(m));
  let embedded: EmbeddedDatabase | null = null;
  if (!process.env.DATABASE_URL) {
    embedded = await startEmbeddedPostgres({ log });
    process.env.DATABASE_URL = embedded.url;
    process.env.RUPN_EMBEDDED_DB = "1";
    log(`PostgreSQL intégré démarré sur le port ${embedded.port}.`);
  }
  const url = process.env.DATABASE_URL;
  try {
    await deployMigrations(url, { migrationsDir: path.resolve("prisma/migrations"), log });
    let seeded = false;
    if (embedded && options.seedDemo !== false && (await getDb().academy.count()) === 0) {
      const { seedDemo } = await import("../../prisma/seed.ts");
      const result = await seedDemo(getDb());
      log(`Données de démonstration chargées : ${result.establishments} établissements, ${result.accounts} comptes.`);
      seeded = true;
    }
    return { url, embedded, seeded };
  } catch (error) {
    if (embedded) await embedded.stop();
    throw error;
  }
}

/** For CLI entry points: boots the database or prints the French reason and exits with code 1. */
export async function bootDatabaseOrExit(options: Parameters<typeof bootDatabase>[0] = {}): Promise<BootedDatabase> {
  try {
    return await bootDatabase(options);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
