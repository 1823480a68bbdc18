import { readFileSync } from "node:fs";
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
  const academy = await makeAcademy("Rennes");
  const school = await makeEstablishment(academy.id);
  const rupnUser = await makeUser([{ role: "RUPN", academyId: academy.id, establishmentId: school.id, schoolYearId: year }]);
  const colleagueUser = await makeUser([{ role: "RUPN", academyId: academy.id, establishmentId: school.id, schoolYearId: year }]);
  const version = await db.surveyVersion.create({
    data: { key: "bilan-annuel", schoolYearId: "2025-2026", version: 1, checksum: definitionChecksum(definition), title: definition.title, definition },
  });
  const campaign = (opensAt: number, closesAt: number) =>
    db.campaign.create({
      data: { title: "Bilan annuel", academyId: academy.id, schoolYearId: "2025-2026", surveyVersionId: version.id, opensAt: new Date(Date.now() + opensAt), closesAt: new Date(Date.now() + closesAt) },
    });
  const open = await campaign(-day, 30 * day);
  const actor = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
  return { academy, school, version, open, campaign, rupnUser, colleagueUser, rupn: await actor(rupnUser.id), colleague: await actor(colleagueUser.id) };
}

beforeAll(async () => {
  w = await world();
});

type Body = { intent?: string; surveyVersionId?: string; version?: number; data?: unknown };

async function post(userId: string, responseId: string, body: Body | string, headers: Record<string, string> = {}) {
  const request = await signedRequest(userId, `http://localhost/api/reponses/${responseId}`, {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = await action({ request, params: { id: responseId }, context: { clientIp: "127.0.0.1", cspNonce: "" } } as never);
  return { status: response.status, body: (await response.json()) as { ok: boolean; message: string; version?: number; errors: { question: string; message: string }[] } };
}

/** Everything a refused request could have written. */
async function snapshot(responseId: string) {
  const db = getDb();
  const row = await db.surveyResponse.findUniqueOrThrow({ where: { id: responseId } });
  return {
    row: { version: row.version, status: row.status, data: row.data, draftData: row.draftData, updatedAt: row.updatedAt.toISOString() },
    facts: await db.responseFact.count(),
    audits: await db.auditEvent.count(),
  };
}

async function freshResponse(campaignId = w.open.id) {
  await getDb().surveyResponse.deleteMany({ where: { campaignId, respondentId: w.rupnUser.id } });
  return startResponse(w.rupn, campaignId, w.school.id);
}

describe("saving and submitting a bilan", () => {
  it("autosaves a draft, submits it with facts and an audit, then audits each later edit", async () => {
    const id = await freshResponse();
    const draft = await post(w.rupnUser.id, id, { intent: "save", surveyVersionId: w.version.id, version: 1, data: { statut: "cpe" } });
    expect(draft).toMatchObject({ status: 200, body: { ok: true, version: 2 } });
    const submitted = await post(w.rupnUser.id, id, { intent: "submit", surveyVersionId: w.version.id, version: 2, data: validBilan });
    expect(submitted).toMatchObject({ status: 200, body: { ok: true, version: 3, status: "SUBMITTED" } });
    const db = getDb();
    const facts = await db.responseFact.findMany({ where: { responseId: id, indicator: "workload.assistance" } });
    expect(facts.map((f) => f.numericValue)).toEqual([1.5]);
    // An autosave after submission goes aside: the DANE keeps the submitted answers.
    await post(w.rupnUser.id, id, { intent: "save", surveyVersionId: w.version.id, version: 3, data: { ...validBilan, poursuite: "non" } });
    const stored = await db.surveyResponse.findUniqueOrThrow({ where: { id } });
    expect(stored).toMatchObject({ status: "SUBMITTED", data: expect.objectContaining({ poursuite: "oui" }), draftData: expect.objectContaining({ poursuite: "non" }) });
    expect(await post(w.rupnUser.id, id, { intent: "submit", surveyVersionId: w.version.id, version: 4, data: { ...validBilan, poursuite: "non" } })).toMatchObject({ status: 200 });
    const audits = await db.auditEvent.findMany({ where: { entityId: id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["response.submit", "response.update"]);
    expect(audits[1].summary).toEqual({ changed: ["poursuite"] });
    expect((await db.responseFact.findMany({ where: { responseId: id, indicator: "intent.continue" } })).map((f) => f.textValue)).toEqual(["non"]);
    expect((await db.surveyResponse.findUniqueOrThrow({ where: { id } })).draftData).toBeNull();
  });

  it("answers once per RUPN, establishment and campaign", async () => {
    const id = await freshResponse();
    expect(await startResponse(w.rupn, w.open.id, w.school.id)).toBe(id);
  });
});

describe("bad input: 4xx, French message, nothing written", () => {
  const cases: [string, (id: string) => Promise<{ status: number; body: { message: string } }>, number, RegExp][] = [
    ["malformed JSON", (id) => post(w.rupnUser.id, id, '{"intent": "save", '), 400, /^Le contenu envoyé n'est pas du JSON valide\.$/],
    ["a body over 1 MB", (id) => post(w.rupnUser.id, id, { intent: "save", surveyVersionId: w.version.id, version: 1, data: { commentaires: "x".repeat(1_100_000) } }), 413, /dépasse la taille maximale autorisée \(1 Mo\)/],
    ["a body over 1 MB without Content-Length", async (id) => {
      const request = await signedRequest(w.rupnUser.id, `http://localhost/api/reponses/${id}`, {
        method: "POST", headers: { "Content-Type": "application/json" }, duplex: "half",
        body: new ReadableStream({ start(c) { for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode("x".repeat(100_000))); c.close(); } }),
      } as RequestInit);
      const response = await action({ request, params: { id }, context: { clientIp: null, cspNonce: "" } } as never);
      return { status: response.status, body: await response.json() };
    }, 413, /1 Mo/],
    ["not JSON at all", (id) => post(w.rupnUser.id, id, "statut=cpe", { "Content-Type": "application/x-www-form-urlencoded" }), 415, /format JSON/],
    ["a missing field", (id) => post(w.rupnUser.id, id, { intent: "save", surveyVersionId: w.version.id, data: {} }), 400, /champ « version »/],
    ["an answer to a question that does not exist", (id) => post(w.rupnUser.id, id, { intent: "save", surveyVersionId: w.version.id, version: 1, data: { statut: "cpe", salaire: 3000 } }), 422, /« salaire » ne correspond à aucune question/],
    ["an answer to a hidden question", (id) => post(w.rupnUser.id, id, { intent: "submit", surveyVersionId: w.version.id, version: 1, data: { ...validBilan, reconnaissance: "aucune" } }), 422, /« Montant annuel de votre IMP » est masquée par vos autres réponses/],
    ["an incomplete submission", (id) => post(w.rupnUser.id, id, { intent: "submit", surveyVersionId: w.version.id, version: 1, data: { statut: "cpe" } }), 422, /^Certaines réponses sont à corriger\./],
    ["a wrong survey version", (id) => post(w.rupnUser.id, id, { intent: "save", surveyVersionId: "inconnue", version: 1, data: {} }), 409, /version 1 du questionnaire, pas avec celle affichée/],
    ["a stale copy of the draft (optimistic lock)", (id) => post(w.rupnUser.id, id, { intent: "save", surveyVersionId: w.version.id, version: 7, data: {} }), 409, /modifié entre-temps/],
    ["another person's draft", (id) => post(w.colleagueUser.id, id, { intent: "save", surveyVersionId: w.version.id, version: 1, data: { statut: "cpe" } }), 404, /^Ce bilan n'existe pas ou vous n'y avez pas accès\.$/],
  ];

  for (const [label, send, status, message] of cases) {
    it(`refuses ${label}`, async () => {
      const id = await freshResponse();
      const before = await snapshot(id);
      const result = await send(id);
      expect(result.status).toBe(status);
      expect(result.body.message).toMatch(message);
      expect(await snapshot(id)).toEqual(before);
    });
  }

  it("names the questions in error so the form can show them", async () => {
    const id = await freshResponse();
    const { body } = await post(w.rupnUser.id, id, { intent: "submit", surveyVersionId: w.version.id, version: 1, data: { ...validBilan, h_assistance: 99 } });
    expect(body.errors).toEqual([{ question: "h_assistance", message: expect.stringContaining("ne doit pas être supérieure à 35") }]);
  });

  it("refuses any write once the campaign is closed", async () => {
    const closed = await w.campaign(-30 * day, 30 * day);
    const id = await startResponse(w.rupn, closed.id, w.school.id);
    await getDb().campaign.update({ where: { id: closed.id }, data: { closesAt: new Date(Date.now() - 1000) } });
    const before = await snapshot(id);
    const result = await post(w.rupnUser.id, id, { intent: "submit", surveyVersionId: w.version.id, version: 1, data: validBilan });
    expect(result.status).toBe(409);
    expect(result.body.message).toMatch(/^La campagne « Bilan annuel » est close depuis le .* : ce bilan ne peut plus être modifié\.$/);
    expect(await snapshot(id)).toEqual(before);
    await expect(startResponse(w.colleague, closed.id, w.school.id)).rejects.toMatchObject({ status: 409 });
  });

  it("refuses an old version of a definition that changed after it had answers", async () => {
    const { syncSurveyVersions } = await import("../../app/surveys/registry.server.ts");
    const changed = { ...definition, title: `${definition.title} (révisé)` };
    const file = { key: "bilan-annuel", schoolYearId: "2025-2026", file: "x", title: changed.title, checksum: definitionChecksum(changed), definition: changed };
    expect(await syncSurveyVersions([file])).toEqual([{ key: "bilan-annuel", schoolYearId: "2025-2026", version: 2, change: "new-version" }]);
    expect(await syncSurveyVersions([file])).toEqual([{ key: "bilan-annuel", schoolYearId: "2025-2026", version: 2, change: "unchanged" }]);
    const v2 = await getDb().surveyVersion.findFirstOrThrow({ where: { version: 2 } });
    const campaign2 = await getDb().campaign.create({
      data: { title: "Bilan v2", academyId: w.academy.id, schoolYearId: "2025-2026", surveyVersionId: v2.id, opensAt: new Date(Date.now() - day), closesAt: new Date(Date.now() + day) },
    });
    const id = await startResponse(w.rupn, campaign2.id, w.school.id);
    const before = await snapshot(id);
    const result = await post(w.rupnUser.id, id, { intent: "submit", surveyVersionId: w.version.id, version: 1, data: validBilan });
    expect(result.status).toBe(409);
    expect(result.body.message).toMatch(/version 2 du questionnaire/);
    expect(await snapshot(id)).toEqual(before);
    // Version 1 is kept as answered.
    expect((await getDb().surveyVersion.findUniqueOrThrow({ where: { id: w.version.id } })).checksum).toBe(definitionChecksum(definition));
  });
});
