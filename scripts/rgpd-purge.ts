// npm run rgpd:purge — runs the retention job once (ADR 020) on the database named by DATABASE_URL (or the embedded
// one) and prints its French report. The server runs the same job daily; running both is harmless (idempotent).
import { bootDatabaseOrExit } from "../app/db/boot.server.ts";
import { disconnectDb } from "../app/db/db.server.ts";
import { runRetention } from "../app/services/rgpd/retention.server.ts";
import { RetentionConfigError } from "../app/domain/rgpd/retention.ts";

const database = await bootDatabaseOrExit({ seedDemo: false });
let code = 0;
try {
  const run = await runRetention();
  console.log(`Purge des données personnelles (${run.durationMs} ms) :`);
  for (const line of run.report) console.log(`  ${line}`);
} catch (error) {
  console.error(error instanceof RetentionConfigError ? error.message : error);
  code = 1;
} finally {
  await disconnectDb();
  await database.embedded?.stop();
}
process.exit(code);
