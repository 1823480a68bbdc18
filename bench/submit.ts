// bench/submit: validated bilan submissions through the real route action (session lookup, JSON body,
// survey-core re-validation, optimistic lock, facts, audit, one transaction) against a raw insert-only endpoint
// (JSON body, one INSERT) served by the same HTTP server, in the same run, with the same load.
// Goal (issue #4): ≥ 200 submissions/s, p99 ≤ 150 ms, ratio ≥ 0.5. Run: npm run bench:submit
import http from "node:http";
import { Readable } from "node:stream";
import { readFileSync } from "node:fs";
import pg from "pg";
import { createCookie } from "@remix-run/node";
import { benchDatabase } from "./lib.ts";

process.env.SESSION_SECRET ??= "bench-secret";
const COUNT = Number(process.env.BENCH_SUBMISSIONS ?? 3000);
const WARMUP = 200;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

const database = await benchDatabase(Number(process.env.BENCH_PG_PORT ?? 5471));
const { schoolYearIdFor } = await import("../app/domain/school-year.ts");
const { syncSurveyVersions } = await import("../app/surveys/registry.server.ts");
const { db, disconnectDb } = await import("../app/db/db.server.ts");
const { action } = await import("../app/routes/api.reponses.$id.ts");
const { sessionSecrets } = await import("../app/auth/secrets.server.ts");
const { validBilan } = await import("../test/fixtures/bilan-answers.ts");

/** Bulk data in a few SQL statements: N establishments, each with one RUPN, a session and a draft. */
async function seed(n: number) {
  const year = schoolYearIdFor(new Date());
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await client.query(`INSERT INTO "SchoolYear" (id, "startsOn", "endsOn") VALUES ($1, now(), now()), ('2025-2026', '2025-09-01', '2026-08-31') ON CONFLICT DO NOTHING`, [year]);
  await syncSurveyVersions();
  const { rows: [version] } = await client.query(`SELECT id FROM "SurveyVersion" LIMIT 1`);
  await client.query(`INSERT INTO "Academy" (id, code, name) VALUES ('bench-ac', '99', 'Bench')`);
  await client.query(`INSERT INTO "Campaign" (id, title, "academyId", "schoolYearId", "surveyVersionId", "opensAt", "closesAt")
    VALUES ('bench-campaign', 'Bilan', 'bench-ac', '2025-2026', $1, now() - interval '1 day', now() + interval '1 day')`, [version.id]);
  await client.query(`
    WITH s AS (SELECT i, lpad(i::text, 7, '0') AS d FROM generate_series(1, $1::int) AS i),
    e AS (INSERT INTO "Establishment" (id, uai, name, type, sector, "academyId", "updatedAt")
          SELECT 'e' || i, d || 'A', 'Collège ' || i, 'COLLEGE', 'PUBLIC', 'bench-ac', now() FROM s RETURNING id),
    u AS (INSERT INTO "User" (id, email, "firstName", "lastName") SELECT 'u' || i, 'rupn' || i || '@bench.example', 'R', 'N' || i FROM s RETURNING id),
    r AS (INSERT INTO "RoleAssignment" (id, "userId", role, "academyId", "establishmentId", "schoolYearId")
          SELECT 'r' || i, 'u' || i, 'RUPN', 'bench-ac', 'e' || i, $2 FROM s RETURNING id),
    se AS (INSERT INTO "Session" (id, "userId", "expiresAt") SELECT 's' || i, 'u' || i, now() + interval '1 day' FROM s RETURNING id)
    INSERT INTO "SurveyResponse" (id, "campaignId", "surveyVersionId", "establishmentId", "respondentId", data, "updatedAt")
    SELECT 'resp' || i, 'bench-campaign', $3, 'e' || i, 'u' || i, '{}', now() FROM s`, [n, year, version.id]);
  await client.query(`CREATE TABLE bench_raw (id bigserial PRIMARY KEY, response_id text, payload jsonb NOT NULL, created_at timestamptz DEFAULT now())`);
  await client.end();
  return version.id as string;
}

const total = COUNT + WARMUP;
const surveyVersionId = await seed(total);
const cookie = createCookie("rupn_session", { secrets: sessionSecrets() });
const cookies = await Promise.all(Array.from({ length: total }, (_, i) => cookie.serialize(`s${i + 1}`).then((c) => c.split(";")[0])));

const server = http.createServer(async (req, res) => {
  try {
    const body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    if (req.url === "/raw") {
      // Baseline: read the JSON, one INSERT, answer.
      const data = JSON.parse(await new Response(body).text());
      await db.$executeRaw`INSERT INTO bench_raw (response_id, payload) VALUES (${data.id}, ${JSON.stringify(data.data)}::jsonb)`;
      res.writeHead(200, { "Content-Type": "application/json" }).end('{"ok":true}');
      return;
    }
    const id = req.url!.split("/").pop()!;
    const request = new Request(`http://localhost${req.url}`, { method: "POST", headers: req.headers as Record<string, string>, body, duplex: "half" } as RequestInit);
    const response = await action({ request, params: { id }, context: { clientIp: "127.0.0.1", cspNonce: "" } } as never);
    res.writeHead(response.status, { "Content-Type": "application/json" }).end(await response.text());
  } catch (error) {
    res.writeHead(500).end(String(error));
  }
});
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

function answers(i: number) {
  return { ...validBilan, h_assistance: (i % 20) / 2, tickets_collectivite: i % 300, satisfaction_reconnaissance: 1 + (i % 5) };
}

async function run(label: string, from: number, count: number, send: (i: number) => Promise<Response>) {
  const latencies: number[] = [];
  let next = from;
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < from + count) {
        const i = next++;
        const t = performance.now();
        const response = await send(i);
        await response.arrayBuffer();
        latencies.push(performance.now() - t);
        if (response.status !== 200) failures++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { label, count, failures, perSecond: count / seconds, p50: pct(50), p99: pct(99) };
}

const validated = (i: number) =>
  fetch(`${base}/api/reponses/resp${i + 1}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Cookie: cookies[i] },
    body: JSON.stringify({ intent: "submit", surveyVersionId, version: 1, data: answers(i) }),
  });
const raw = (i: number) =>
  fetch(`${base}/raw`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ id: `resp${i + 1}`, data: answers(i) }) });

await run("warm-up", 0, WARMUP, validated);
await run("warm-up", 0, WARMUP, raw);
const baseline = await run("insertion brute (référence)", 0, COUNT, raw);
const result = await run("soumission validée", WARMUP, COUNT, validated);
const facts = Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "ResponseFact"`)[0].n);
const submitted = Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "SurveyResponse" WHERE status = 'SUBMITTED'`)[0].n);

const line = (r: typeof result) =>
  `${r.label.padEnd(28)} ${r.count} requêtes, ${r.failures} échecs : ${r.perSecond.toFixed(0)} /s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms`;
console.log(`bench/submit — ${COUNT} soumissions, ${CONCURRENCY} clients simultanés, questionnaire ${JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8")).pages.length} pages`);
console.log(line(baseline));
console.log(line(result));
console.log(`ratio débit validé / brut : ${(result.perSecond / baseline.perSecond).toFixed(2)} (objectif ≥ 0,5) ; ${submitted} bilans envoyés, ${facts} faits`);
const ok = result.failures === 0 && result.perSecond >= 200 && result.p99 <= 150 && result.perSecond / baseline.perSecond >= 0.5;
console.log(ok ? "Objectifs atteints (≥ 200 /s, p99 ≤ 150 ms, ratio ≥ 0,5)." : "Objectifs NON atteints (≥ 200 /s, p99 ≤ 150 ms, ratio ≥ 0,5).");

server.close();
await disconnectDb();
await database.close();
process.exit(ok ? 0 : 1);
