// bench/submit: validated bilan submissions through the real route action (session lookup, JSON body,
// survey-core re-validation, optimistic lock, facts, audit, one transaction) against a raw insert-only endpoint
// (JSON body, one INSERT) served by the same HTTP server, in the same run, with the same load.
// Goal (issue #4): ≥ 200 submissions/s, p99 ≤ 150 ms, ratio ≥ 0.5. Run: npm run bench:submit
// Rounds alternate baseline and validated runs on fresh rows; each figure is the median over the rounds, printed
// next to the baseline's with the ratio, with the CPU each request cost in this process (HTTP client and server,
// Prisma, validation workers) and in PostgreSQL.
import http from "node:http";
import { Readable } from "node:stream";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { createCookie } from "@remix-run/node";
import { benchDatabase } from "./lib.ts";

process.env.SESSION_SECRET ??= "bench-secret";
const COUNT = Number(process.env.BENCH_SUBMISSIONS ?? 3000);
const WARMUP = 200;
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

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

const total = WARMUP + ROUNDS * COUNT;
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

/** CPU time (ms) of the PostgreSQL server: the postmaster, its live backends and the children it reaped. */
function postgresCpuMs(): number {
  const pid = Number(readFileSync(path.join(database.dir, "pg", "postmaster.pid"), "utf8").split("\n")[0]);
  const ticks = (stat: string, from: number, to: number) => stat.slice(stat.lastIndexOf(")") + 2).split(" ").slice(from, to).reduce((a, b) => a + Number(b), 0);
  let total = ticks(readFileSync(`/proc/${pid}/stat`, "utf8"), 11, 15); // utime stime cutime cstime
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      if (Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]) === pid) total += ticks(stat, 11, 13);
    } catch {
      // exited meanwhile
    }
  }
  return (total * 1000) / 100; // USER_HZ
}

function answers(i: number) {
  return { ...validBilan, h_assistance: (i % 20) / 2, tickets_collectivite: i % 300, satisfaction_reconnaissance: 1 + (i % 5) };
}

async function run(label: string, from: number, count: number, send: (i: number) => Promise<Response>) {
  const latencies: number[] = [];
  let next = from;
  let failures = 0;
  const cpu = process.cpuUsage();
  const pgCpu = postgresCpuMs();
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
  const used = process.cpuUsage(cpu);
  const nodeCpu = (used.user + used.system) / 1000 / count;
  const postgresCpu = (postgresCpuMs() - pgCpu) / count;
  latencies.sort((a, b) => a - b);
  const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
  return { label, count, failures, perSecond: count / seconds, p50: pct(50), p99: pct(99), nodeCpu, postgresCpu };
}

type Result = Awaited<ReturnType<typeof run>>;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
/** Median of each figure over the rounds (each figure on its own). */
function summary(results: Result[]): Result {
  const m = (f: (r: Result) => number) => median(results.map(f));
  return {
    label: results[0].label, count: results.reduce((a, r) => a + r.count, 0), failures: results.reduce((a, r) => a + r.failures, 0),
    perSecond: m((r) => r.perSecond), p50: m((r) => r.p50), p99: m((r) => r.p99), nodeCpu: m((r) => r.nodeCpu), postgresCpu: m((r) => r.postgresCpu),
  };
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
const rounds: { baseline: Result; result: Result }[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const from = WARMUP + round * COUNT;
  const baseline = await run("insertion brute (référence)", from, COUNT, raw);
  const result = await run("soumission validée", from, COUNT, validated);
  rounds.push({ baseline, result });
  console.log(`  manche ${round + 1} : brute ${baseline.perSecond.toFixed(0)} /s (p99 ${baseline.p99.toFixed(1)} ms), validée ${result.perSecond.toFixed(0)} /s (p99 ${result.p99.toFixed(1)} ms), ratio ${(result.perSecond / baseline.perSecond).toFixed(2)}`);
}
const baseline = summary(rounds.map((r) => r.baseline));
const result = summary(rounds.map((r) => r.result));
const ratio = median(rounds.map((r) => r.result.perSecond / r.baseline.perSecond));
const facts = Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "ResponseFact"`)[0].n);
const submitted = Number((await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n FROM "SurveyResponse" WHERE status = 'SUBMITTED'`)[0].n);

const row = (label: string, value: (r: Result) => number, digits: number, unit: string) => {
  const v = value(result), b = value(baseline);
  return `${label.padEnd(26)} ${`${v.toFixed(digits)} ${unit}`.padStart(12)} ${`${b.toFixed(digits)} ${unit}`.padStart(12)}   ×${(v / b).toFixed(2)}`;
};
console.log(`bench/submit — ${COUNT} soumissions × ${ROUNDS} manches, ${CONCURRENCY} clients simultanés, questionnaire ${JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8")).pages.length} pages, médianes des manches`);
console.log(`${"".padEnd(26)} ${"validée".padStart(12)} ${"brute (réf.)".padStart(12)}   ratio`);
console.log(row("débit", (r) => r.perSecond, 0, "/s"));
console.log(row("latence p50", (r) => r.p50, 1, "ms"));
console.log(row("latence p99", (r) => r.p99, 1, "ms"));
console.log(row("CPU Node par requête", (r) => r.nodeCpu, 2, "ms"));
console.log(row("CPU PostgreSQL par requête", (r) => r.postgresCpu, 2, "ms"));
console.log(`échecs : ${result.failures} validées, ${baseline.failures} brutes ; ${submitted} bilans envoyés, ${facts} faits`);
console.log(`ratio débit validé / brut (médiane des manches) : ${ratio.toFixed(2)} (objectif ≥ 0,5)`);
const ok = result.failures === 0 && result.perSecond >= 200 && result.p99 <= 150 && ratio >= 0.5;
console.log(ok ? "Objectifs atteints (≥ 200 /s, p99 ≤ 150 ms, ratio ≥ 0,5)." : "Objectifs NON atteints (≥ 200 /s, p99 ≤ 150 ms, ratio ≥ 0,5).");

server.close();
await disconnectDb();
await database.close();
process.exit(ok ? 0 : 1);
