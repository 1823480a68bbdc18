// The submission path of ADR 011: validate first (in a worker), then one guarded statement; any failed guard
// falls back to the checked path and its exact refusals.
import { readFileSync } from "node:fs";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { action } from "../../app/routes/api.reponses.$id.ts";
import { startResponse } from "../../app/services/responses.server.ts";
import { definitionChecksum } from "../../app/surveys/checksum.server.ts";
import { validBilan } from "../fixtures/bilan-answers.ts";

useTestDatabase();

const definition = JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8"));
const day = 24 * 3600 * 1000;
let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  await db.schoolYear.upsert({ where: { id: "2025-2026" }, update: {}, create: { id: "2025-2026", startsOn: new Date("2025-09-01"), endsOn: new Date("2026-08-31") } });
  const academy = await makeAcademy("Nantes");
  const school = await makeEstablishment(academy.id);
  const user = await makeUser([{ role: "RUPN", academyId: academy.id, establishmentId: school.id, schoolYearId: year }]);
  const version = await db.surveyVersion.create({
    data: { key: "bilan-annuel", schoolYearId: "2025-2026", version: 1, checksum: definitionChecksum(definition), title: definition.title, definition },
  });
  const campaign = await db.campaign.create({
    data: { title: "Bilan annuel", academyId: academy.id, schoolYearId: "2025-2026", surveyVersionId: version.id, opensAt: new Date(Date.now() - day), closesAt: new Date(Date.now() + day) },
  });
  const rupn = (await getActor(await signedRequest(user.id, "http://localhost/")))!;
  return { school, user, version, campaign, rupn };
}

beforeAll(async () => {
  w = await world();
});

function signed(responseId: string, body: object) {
  return signedRequest(w.user.id, `http://localhost/api/reponses/${responseId}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
}

async function post(responseId: string, body: object | Request) {
  const request = body instanceof Request ? body : await signed(responseId, body);
  const response = await action({ request, params: { id: responseId }, context: { clientIp: "127.0.0.1", cspNonce: "" } } as never);
  return { status: response.status, body: (await response.json()) as { ok: boolean; message: string; version?: number; errors: { question: string }[] } };
}

async function freshResponse() {
  await getDb().surveyResponse.deleteMany({ where: { campaignId: w.campaign.id, respondentId: w.user.id } });
  return startResponse(w.rupn, w.campaign.id, w.school.id);
}

/** The SQL statements the app sends while `run` runs (the app's Prisma client goes through pg). */
async function statements(run: () => Promise<unknown>) {
  const sent: string[] = [];
  const query = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    sent.push((typeof config === "string" ? config : (config.text ?? "")).trim());
    return (query as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await run();
  } finally {
    pg.Client.prototype.query = query;
  }
  return sent;
}

describe("the submission path", () => {
  it("costs two statements once the version is known: the session with its grants, then the guarded write", async () => {
    const id = await freshResponse();
    // The first save of a version in a process reads the response (and learns the version's checksum).
    expect(await post(id, { intent: "save", surveyVersionId: w.version.id, version: 1, data: { statut: "cpe" } })).toMatchObject({ status: 200 });
    const request = await signed(id, { intent: "submit", surveyVersionId: w.version.id, version: 2, data: validBilan });
    let result: Awaited<ReturnType<typeof post>> | undefined;
    const sent = await statements(async () => {
      result = await post(id, request);
    });
    expect(result).toMatchObject({ status: 200, body: { ok: true, version: 3, status: "SUBMITTED" } });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/FROM "Session"/);
    expect(sent[1]).toMatch(/^WITH updated AS \(\s*UPDATE "SurveyResponse"/);
    const db = getDb();
    expect(await db.responseFact.count({ where: { responseId: id } })).toBeGreaterThan(20);
    expect(await db.auditEvent.findMany({ where: { entityId: id }, select: { action: true, summary: true, actorId: true, ip: true } })).toEqual([
      { action: "response.submit", summary: { facts: await db.responseFact.count({ where: { responseId: id } }) }, actorId: w.user.id, ip: "127.0.0.1" },
    ]);
    const row = await db.surveyResponse.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "SUBMITTED", version: 3, draftData: null, data: expect.objectContaining({ poursuite: "oui" }) });
    expect(row.submittedAt).not.toBeNull();
  });

  it("validates against the definition a version has now, not the one this process validated with before", async () => {
    const id = await freshResponse();
    expect(await post(id, { intent: "save", surveyVersionId: w.version.id, version: 1, data: { statut: "cpe" } })).toMatchObject({ status: 200 });
    // The definition changes in place (as a sync does while a version is unanswered): a new required question.
    const changed = structuredClone(definition);
    changed.pages[0].elements.push({ type: "text", name: "nouvelle", title: "Nouvelle question", isRequired: true });
    const db = getDb();
    await db.surveyVersion.update({ where: { id: w.version.id }, data: { definition: changed, checksum: definitionChecksum(changed) } });
    try {
      const before = await db.surveyResponse.findUniqueOrThrow({ where: { id } });
      const refused = await post(id, { intent: "submit", surveyVersionId: w.version.id, version: 2, data: validBilan });
      expect(refused.status).toBe(422);
      expect(refused.body.errors.map((e) => e.question)).toEqual(["nouvelle"]);
      expect(await db.surveyResponse.findUniqueOrThrow({ where: { id } })).toEqual(before);
      expect(await db.responseFact.count({ where: { responseId: id } })).toBe(0);
      expect(await post(id, { intent: "submit", surveyVersionId: w.version.id, version: 2, data: { ...validBilan, nouvelle: "oui" } })).toMatchObject({ status: 200 });
    } finally {
      await db.surveyVersion.update({ where: { id: w.version.id }, data: { definition, checksum: definitionChecksum(definition) } });
    }
  });

  it("replaces the facts of a submitted bilan sent again, and audits what changed", async () => {
    const id = await freshResponse();
    await post(id, { intent: "submit", surveyVersionId: w.version.id, version: 1, data: validBilan });
    const db = getDb();
    const first = await db.responseFact.count({ where: { responseId: id } });
    const { "actions-Comment": _text, nombre_ateliers: _workshops, ...rest } = validBilan;
    expect(await post(id, { intent: "submit", surveyVersionId: w.version.id, version: 2, data: { ...rest, actions: ["pix"] } })).toMatchObject({ status: 200 });
    expect((await db.responseFact.findMany({ where: { responseId: id, indicator: { startsWith: "actions.kind" } } })).map((f) => f.textValue)).toEqual(["pix"]);
    // "ateliers" is gone, and with it the workshops question it showed; "other" and its text are gone too.
    expect(await db.responseFact.count({ where: { responseId: id } })).toBe(first - 4);
    expect((await db.auditEvent.findMany({ where: { entityId: id }, orderBy: { createdAt: "asc" } })).map((a) => a.summary)).toEqual([
      { facts: first },
      { changed: ["actions", "actions-Comment", "nombre_ateliers"] },
    ]);
  });
});
