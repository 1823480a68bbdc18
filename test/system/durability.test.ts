// kill -9 in the middle of 200 concurrent submissions (issue #12): after a restart, every acknowledged submission
// is stored whole (answers, facts, workload row) and no response is half-written.
import { afterAll, beforeAll, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { validBilan } from "../fixtures/bilan-answers.ts";
import { bilanWorld } from "./fixtures.ts";
import { startApp, type AppServer } from "./app-server.ts";

useTestDatabase();
let w: Awaited<ReturnType<typeof bilanWorld>>;
let app: AppServer | null = null;
const N = 200;

beforeAll(async () => {
  w = await bilanWorld(N);
  app = await startApp(process.env.DATABASE_URL!);
});

afterAll(async () => {
  if (app) await app.stop();
});

it("keeps every acknowledged submission whole across kill -9", async () => {
  const server = app!;
  const acknowledged = new Set<string>();
  const answers = (i: number) => ({ ...validBilan, tickets_collectivite: i, commentaires: `Bilan n° ${i}` });
  let killed = false;
  const killAt = 40;
  const submissions = w.referents.map(async (r, i) => {
    try {
      const res = await fetch(`${server.origin}/api/reponses/${r.responseId}`, {
        method: "POST",
        headers: { Cookie: r.cookie, "Content-Type": "application/json", Origin: `http://localhost:${server.port}` },
        body: JSON.stringify({ intent: "submit", surveyVersionId: w.version.id, version: 1, data: answers(i) }),
      });
      if (res.ok && ((await res.json()) as { ok: boolean }).ok) {
        acknowledged.add(r.responseId);
        if (acknowledged.size >= killAt && !killed) {
          killed = true;
          server.child.kill("SIGKILL");
        }
      }
    } catch {
      /* the connection died with the server: not acknowledged */
    }
  });
  await Promise.all(submissions);
  expect(killed).toBe(true);
  expect(acknowledged.size).toBeGreaterThanOrEqual(killAt);
  expect(acknowledged.size).toBeLessThan(N);

  // Restart on the same database: it boots (migrations, survey sync) and serves again.
  app = await startApp(process.env.DATABASE_URL!);
  const db = getDb();
  const rows = await db.surveyResponse.findMany({
    where: { campaignId: w.campaign.id },
    select: { id: true, status: true, data: true, submittedAt: true, version: true, _count: { select: { facts: true } }, workload: { select: { assistance: true } } },
  });
  expect(rows).toHaveLength(N);
  const factsPerSubmission = rows.find((r) => r.status === "SUBMITTED")!._count.facts;
  expect(factsPerSubmission).toBeGreaterThan(5);
  for (const [index, r] of w.referents.entries()) {
    const row = rows.find((x) => x.id === r.responseId)!;
    if (acknowledged.has(r.responseId)) expect(row.status).toBe("SUBMITTED");
    if (row.status === "SUBMITTED") {
      // Whole: the exact answers sent, the submission time, every fact and the workload row.
      expect(row.data).toEqual(answers(index));
      expect(row.submittedAt).not.toBeNull();
      expect(row.version).toBe(2);
      expect(row._count.facts).toBe(factsPerSubmission);
      expect(row.workload).not.toBeNull();
    } else {
      // Untouched: no partial write of an unacknowledged submission.
      expect(row.status).toBe("DRAFT");
      expect(row.data).toEqual({});
      expect(row.submittedAt).toBeNull();
      expect(row.version).toBe(1);
      expect(row._count.facts).toBe(0);
      expect(row.workload).toBeNull();
    }
  }
});
