// Load on a busy machine (issue #12): while another process keeps a core busy, 120 referents register at once
// for a session of 20 places (with an Annuaire and an effectifs import running beside them), and 120 others
// autosave then submit their bilans. No 5xx, exact counts, imports complete.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { importAnnuaire, importEffectifs } from "../../app/services/imports.server.ts";
import { afterAll, beforeAll, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { makeUser } from "../setup/factories.ts";
import { validBilan } from "../fixtures/bilan-answers.ts";
import { bilanWorld, cpuHogSource } from "./fixtures.ts";
import { startApp, type AppServer } from "./app-server.ts";

useTestDatabase();
let w: Awaited<ReturnType<typeof bilanWorld>>;
let app: AppServer;
let hog: ChildProcess;
const PLACES = 20;
const CANDIDATES = 120;
const BILANS = 120;
let sessionId = "";
let courseId = "";
const candidates: { userId: string; cookie: string }[] = [];

beforeAll(async () => {
  w = await bilanWorld(BILANS);
  const db = getDb();
  const course = await db.trainingCourse.create({
    data: { academyId: w.academy.id, title: "Classe virtuelle : IA et pédagogie", kind: "VIRTUAL_CLASS", audience: "RUPN volontaires", description: "Une heure." },
  });
  courseId = course.id;
  const startsAt = new Date(Date.now() + 20 * 24 * 3600 * 1000);
  const session = await db.trainingSession.create({
    data: { courseId, startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), venueMode: "REMOTE", remoteUrl: "https://classe.example/ia", capacity: PLACES },
  });
  sessionId = session.id;
  for (let i = 0; i < CANDIDATES; i++) {
    const school = w.schools[i % w.schools.length];
    const user = await makeUser([{ role: "RUPN", academyId: w.academy.id, establishmentId: school.id, schoolYearId: w.year }], `candidat${i}@ac-test.fr`);
    candidates.push({ userId: user.id, cookie: (await createSession(user.id)).split(";")[0] });
  }
  app = await startApp(process.env.DATABASE_URL!, { DB_POOL_SIZE: "20" });
  hog = spawn(process.execPath, ["-e", cpuHogSource(180)], { stdio: "ignore" });
});

afterAll(async () => {
  hog?.kill("SIGKILL");
  expect(await app.stop()).toBe(0);
});

const FIXTURES = path.resolve("../shared/fixtures");

it("registrations for 20 places: 20 registered, the rest waitlisted, each person once, no 5xx; imports beside them hold", async () => {
  const origin = `http://localhost:${app.port}`;
  // The imports run in this process on the same database, in their own long transactions, during the rush.
  const imports = (async () => {
    const annuaire = await importAnnuaire(readFileSync(path.join(FIXTURES, "annuaire/coll-ges35/fr-en-annuaire-education.csv")), {
      fileName: "fr-en-annuaire-education.csv",
      actorId: null,
      channel: "cli" as const,
    });
    const effectifs = await importEffectifs(readFileSync(path.join(FIXTURES, "effectifs/coll-ges35/fr-en-college-effectifs-niveau-sexe-lv.csv")), {
      fileName: "fr-en-college-effectifs-niveau-sexe-lv.csv",
      actorId: null,
      channel: "cli" as const,
    });
    return [annuaire, effectifs];
  })();
  const statuses = await Promise.all(
    candidates.map((c) =>
      fetch(`${app.origin}/formations/${courseId}`, {
        method: "POST",
        headers: { Cookie: c.cookie, Origin: origin, "Content-Type": "application/x-www-form-urlencoded" },
        body: `intent=register&sessionId=${sessionId}`,
        redirect: "manual",
      }).then(async (r) => ({ status: r.status, text: await r.text() })),
    ),
  );
  expect(statuses.filter((s) => s.status >= 500)).toEqual([]);
  expect(statuses.every((s) => s.status === 200)).toBe(true);
  const db = getDb();
  const rows = await db.trainingRegistration.findMany({ where: { sessionId }, select: { userId: true, status: true } });
  expect(rows.filter((r) => r.status === "REGISTERED")).toHaveLength(PLACES);
  expect(rows.filter((r) => r.status === "WAITLISTED")).toHaveLength(CANDIDATES - PLACES);
  expect(new Set(rows.map((r) => r.userId)).size).toBe(CANDIDATES);
  const [annuaire, effectifs] = await imports;
  expect([annuaire.status, annuaire.error]).toEqual(["SUCCEEDED", null]);
  expect(annuaire.created).toBeGreaterThan(100);
  expect([effectifs.status, effectifs.error]).toEqual(["SUCCEEDED", null]);
  expect(effectifs.created + effectifs.updated).toBeGreaterThan(0);
});

it("autosaves then submissions of 120 bilans at once: all stored, no 5xx", async () => {
  const origin = `http://localhost:${app.port}`;
  const post = (r: (typeof w.referents)[number], body: object) =>
    fetch(`${app.origin}/api/reponses/${r.responseId}`, {
      method: "POST",
      headers: { Cookie: r.cookie, "Content-Type": "application/json", Origin: origin },
      body: JSON.stringify(body),
    }).then(async (res) => ({ status: res.status, body: (await res.json()) as { ok: boolean; version?: number; message?: string } }));
  const saves = await Promise.all(
    w.referents.map((r) => post(r, { intent: "save", surveyVersionId: w.version.id, version: 1, data: { statut: "enseignant", commentaires: "brouillon" } })),
  );
  expect(saves.filter((s) => s.status >= 500)).toEqual([]);
  expect(saves.map((s) => s.status)).toEqual(saves.map(() => 200));
  const submits = await Promise.all(
    w.referents.map((r, i) => post(r, { intent: "submit", surveyVersionId: w.version.id, version: saves[i].body.version, data: validBilan })),
  );
  expect(submits.filter((s) => s.status >= 500)).toEqual([]);
  expect(submits.map((s) => s.status)).toEqual(submits.map(() => 200));
  const db = getDb();
  expect(await db.surveyResponse.count({ where: { campaignId: w.campaign.id, status: "SUBMITTED" } })).toBe(BILANS);
  expect(await db.responseWorkload.count({ where: { campaignId: w.campaign.id } })).toBe(BILANS);
});
