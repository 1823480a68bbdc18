// Shared pieces of the benchmarks: a throwaway embedded PostgreSQL with the migrations applied.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { startEmbeddedPostgres } from "../app/db/embedded.server.ts";
import { deployMigrations } from "../app/db/migrations.server.ts";

export async function benchDatabase(port = Number(process.env.BENCH_PG_PORT ?? 5470)) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "rupn-bench-"));
  const server = await startEmbeddedPostgres({ dataDir: path.join(dir, "pg"), port, database: "bench", log: () => {} });
  await deployMigrations(server.url, { migrationsDir: path.resolve("prisma/migrations"), log: () => {} });
  process.env.DATABASE_URL = server.url;
  return {
    url: server.url,
    dir,
    async close() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function fmt(ms: number) {
  return `${(ms / 1000).toFixed(2)} s`;
}
