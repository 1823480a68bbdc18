// Lettre de mission end to end on the real database: opening (prefilled from last year), autosave with the IMP
// checks, optimistic locking, submission, signature, DANE validation (accounts, roles, mails with the PDF),
// return, scope (404) — and delivery with SMTP down then up (every mail exactly once).
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { startTestSmtp } from "../setup/smtp.ts";
import { pdfText } from "../setup/pdf.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { action as apiAction } from "../../app/routes/api.lettres.$id.ts";
import { loader as pdfLoader } from "../../app/routes/lettres.$id_.pdf.ts";
import { findLetter, openLetter, saveLetter, transitionLetter, LetterError } from "../../app/services/mission-letters.server.ts";
import { createPoitiersRuleSet } from "../../app/services/imp-rule-sets.server.ts";
import { processOutbox, smtpDeliver } from "../../app/services/outbox.server.ts";
import { campaignFormOptions, createCampaign } from "../../app/services/campaigns.server.ts";
import { definitionChecksum } from "../../app/surveys/checksum.server.ts";
import type { Actor } from "../../app/domain/permissions.ts";

useTestDatabase();

let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  const previousYear = `${Number(year.slice(0, 4)) - 1}-${year.slice(0, 4)}`;
  await db.schoolYear.upsert({ where: { id: previousYear }, update: {}, create: { id: previousYear, startsOn: new Date(`${previousYear.slice(0, 4)}-09-01`), endsOn: new Date(`${year.slice(0, 4)}-08-31`) } });
  const versions: Record<string, string> = {};
  for (const y of [previousYear, year]) {
    // The definition of the current year; any file of the folder has the same questions.
    const definition = JSON.parse(readFileSync("surveys/lettre-de-mission/2026-2027.json", "utf8"));
    const v = await db.surveyVersion.create({ data: { key: "lettre-de-mission", schoolYearId: y, version: 1, checksum: definitionChecksum(definition), title: definition.title, definition } });
    versions[y] = v.id;
  }
  const academy = await makeAcademy("Rennes");
  const otherAcademy = await makeAcademy("Nantes");
  const school = await makeEstablishment(academy.id, { name: "Collège Les Ormeaux" });
  await db.establishment.update({ where: { id: school.id }, data: { email: "ce.ormeaux@ac-test.fr" } });
  const other = await makeEstablishment(academy.id, { name: "Collège Voisin" });
  const foreign = await makeEstablishment(otherAcademy.id, { name: "Collège Lointain" });
  for (const e of [school, other, foreign]) {
    await db.establishmentYear.create({ data: { establishmentId: e.id, schoolYearId: year, pupilCount: 250, source: "test" } });
  }
  for (const a of [academy, otherAcademy]) await createPoitiersRuleSet(db, a.id, year);
  const chefUser = await makeUser([{ role: "CHEF", academyId: academy.id, establishmentId: school.id }], "chef.ormeaux@test.example");
  await db.user.update({ where: { id: chefUser.id }, data: { firstName: "Claire", lastName: "Martin" } });
  const rupnUser = await makeUser([{ role: "RUPN", academyId: academy.id, establishmentId: school.id, schoolYearId: year }]);
  const otherChefUser = await makeUser([{ role: "CHEF", academyId: academy.id, establishmentId: other.id }]);
  const daneUser = await makeUser([{ role: "DANE", academyId: academy.id }]);
  const foreignDaneUser = await makeUser([{ role: "DANE", academyId: otherAcademy.id }]);
  const actor = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
  return {
    year, previousYear, versions, academy, school, other, foreign,
    chefUser, rupnUser, otherChefUser, daneUser,
    chef: await actor(chefUser.id), rupn: await actor(rupnUser.id), otherChef: await actor(otherChefUser.id),
    dane: await actor(daneUser.id), foreignDane: await actor(foreignDaneUser.id),
  };
}

beforeAll(async () => {
  w = await world();
});

const referent = (over: Record<string, unknown>) => ({ statut: "enseignant", discipline: "Mathématiques", nouveau: false, periode: "annee", reconnaissance: "imp", imp_montant: 1250, ...over });
const fullSplit = (emails: string[]) =>
  Object.fromEntries(
    ["support_team", "advise_head", "communicate", "self_training", "local_authority_liaison", "incident_tickets", "amon_interface", "user_accounts", "tablets", "ent_administrator", "ent_usage_referent", "pedagogical_services", "website"].map((k) => [k, { responsables: emails }]),
  );

function letterData(over: Record<string, unknown> = {}) {
  return {
    chef_nom: "Claire Martin",
    chef_qualite: "principal",
    referents: [
      referent({ prenom: "Anne", nom: "Durand", email: "anne.durand@ac-test.fr", imp_montant: 1250 }),
      referent({ prenom: "Bruno", nom: "Petit", email: "bruno.petit@ac-test.fr", statut: "cpe", discipline: undefined, nouveau: true, imp_montant: 1250 }),
    ],
    complement: 0,
    inscription_formation: true,
    repartition: fullSplit(["anne.durand@ac-test.fr", "bruno.petit@ac-test.fr"]),
    priorites: "Développer l'usage de l'ENT.",
    moyens: ["bureau"],
    ...over,
  };
}

async function freshLetter() {
  await getDb().missionLetter.deleteMany({ where: { establishmentId: w.school.id } });
  return openLetter(w.chef, w.school.id);
}

async function snapshot(id: string) {
  const db = getDb();
  const row = await db.missionLetter.findUniqueOrThrow({ where: { id } });
  return {
    row: { version: row.version, status: row.status, data: row.data, attributed: row.attributedCents, updatedAt: row.updatedAt.toISOString() },
    attributions: await db.impAttribution.count({ where: { letterId: id } }),
    outbox: await db.outboxMessage.count(),
    audits: await db.auditEvent.count({ where: { entityId: id } }),
  };
}

async function post(userId: string, id: string, body: unknown) {
  const request = await signedRequest(userId, `http://localhost/api/lettres/${id}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const response = await apiAction({ request, params: { id }, context: { clientIp: "127.0.0.1", cspNonce: "" } } as never);
  return { status: response.status, body: (await response.json()) as { ok: boolean; message: string; version?: number; checks?: { errors: { code: string }[]; warnings: { code: string }[]; totals: Record<string, number> } } };
}

async function refusal(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof LetterError) return { status: error.status, message: error.message };
    throw error;
  }
  throw new Error("expected a refusal");
}

/** Draft → submitted → signed, through the service. */
async function signedLetter(data = letterData()) {
  const id = await freshLetter();
  await saveLetter(w.chef, id, { surveyVersionId: w.versions[w.year], version: 1, data }, "submit");
  await transitionLetter(w.chef, id, { action: "sign", version: 2, confirmed: true });
  return id;
}

describe("opening a letter", () => {
  it("prefills the establishment from the directory and the rest from last year's letter", async () => {
    const db = getDb();
    await db.missionLetter.deleteMany({ where: { establishmentId: w.school.id } });
    const last = await db.missionLetter.create({
      data: {
        establishmentId: w.school.id, schoolYearId: w.previousYear, surveyVersionId: w.versions[w.previousYear], status: "VALIDATED",
        data: { ...letterData(), referents: [referent({ prenom: "Anne", nom: "Durand", email: "anne.durand@ac-test.fr", nouveau: true, periode: "partielle", debut: "2025-10-01" })], priorites: "L'an dernier" },
      },
    });
    const id = await openLetter(w.rupn, w.school.id);
    const letter = await db.missionLetter.findUniqueOrThrow({ where: { id } });
    const data = letter.data as Record<string, unknown>;
    expect(letter.schoolYearId).toBe(w.year);
    expect(data).toMatchObject({ etab_nom: "Collège Les Ormeaux", etab_type: "Collège", etab_effectif: "250", chef_nom: "Claire Martin" });
    expect(data.referents).toEqual([expect.objectContaining({ email: "anne.durand@ac-test.fr", nouveau: false, periode: "annee", imp_montant: 1250 })]);
    expect((data.referents as Record<string, unknown>[])[0].debut).toBeUndefined();
    expect(data.priorites).toBeUndefined();
    expect(data.repartition).toEqual(letterData().repartition);
    // Opening again returns the same letter.
    expect(await openLetter(w.chef, w.school.id)).toBe(id);
    await db.missionLetter.delete({ where: { id: last.id } });
  });

  it("refuses people outside the establishment: 404 out of scope, 403 for a DANE (who does not fill letters)", async () => {
    expect(await refusal(openLetter(w.otherChef, w.school.id))).toMatchObject({ status: 404 });
    expect(await refusal(openLetter(w.foreignDane, w.school.id))).toMatchObject({ status: 404 });
    expect(await refusal(openLetter(w.dane, w.other.id))).toMatchObject({ status: 403 });
    expect(await getDb().missionLetter.count({ where: { establishmentId: w.other.id } })).toBe(0);
  });
});

describe("saving a draft", () => {
  it("autosaves, returns the IMP checks and rewrites the attributions", async () => {
    const id = await freshLetter();
    const saved = await post(w.rupnUser.id, id, { intent: "save", surveyVersionId: w.versions[w.year], version: 1, data: letterData({ etab_nom: "Falsifié" }) });
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(2);
    expect(saved.body.checks!.errors).toEqual([]);
    expect(saved.body.checks!.totals).toEqual({ envelope: 250_000, topUp: 0, attributed: 250_000 });
    const db = getDb();
    const row = await db.missionLetter.findUniqueOrThrow({ where: { id }, include: { attributions: { orderBy: { position: "asc" } } } });
    expect((row.data as Record<string, unknown>).etab_nom).toBe("Collège Les Ormeaux");
    expect(row.attributions.map((a) => [a.lastName, a.email, a.impCents, a.newcomer])).toEqual([
      ["Durand", "anne.durand@ac-test.fr", 125_000, false],
      ["Petit", "bruno.petit@ac-test.fr", 125_000, true],
    ]);
    expect(row).toMatchObject({ envelopeCents: 250_000, attributedCents: 250_000, topUpCents: 0, pupilCount: 250 });
  });

  it("reports an envelope overflow as an error and an uncovered mission as a warning, in French", async () => {
    const id = await freshLetter();
    const data = letterData({
      referents: [
        referent({ prenom: "Anne", nom: "Durand", email: "anne.durand@ac-test.fr", imp_montant: 2500 }),
        referent({ prenom: "Bruno", nom: "Petit", email: "bruno.petit@ac-test.fr", imp_montant: 1250 }),
      ],
      repartition: { ...fullSplit(["anne.durand@ac-test.fr"]), website: { responsables: [] } },
    });
    const saved = await post(w.chefUser.id, id, { intent: "save", surveyVersionId: w.versions[w.year], version: 1, data });
    expect(saved.body.checks!.errors.map((e) => e.code)).toEqual(["ENVELOPE_EXCEEDED"]);
    expect(saved.body.checks!.warnings.map((e) => e.code)).toEqual(["UNCOVERED_MISSION"]);
    // Submitting is refused and writes nothing.
    const before = await snapshot(id);
    const submit = await post(w.chefUser.id, id, { intent: "submit", surveyVersionId: w.versions[w.year], version: 2, data });
    expect(submit.status).toBe(422);
    expect(submit.body.message).toMatch(/dépasse l'enveloppe notifiée \(2\s500,00\s€\)/);
    expect(await snapshot(id)).toEqual(before);
    // With a top-up from the establishment's own budget, it fits.
    const topped = await post(w.chefUser.id, id, { intent: "submit", surveyVersionId: w.versions[w.year], version: 2, data: { ...data, complement: 1250 } });
    expect(topped).toMatchObject({ status: 200, body: { ok: true, version: 3 } });
    expect(await getDb().missionLetter.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SUBMITTED", topUpCents: 125_000, attributedCents: 375_000 });
  });

  it("rejects a stale copy with a 409 and loses nothing (optimistic lock)", async () => {
    const id = await freshLetter();
    const first = await post(w.chefUser.id, id, { intent: "save", surveyVersionId: w.versions[w.year], version: 1, data: letterData({ priorites: "Version du chef" }) });
    expect(first.status).toBe(200);
    const before = await snapshot(id);
    const second = await post(w.rupnUser.id, id, { intent: "save", surveyVersionId: w.versions[w.year], version: 1, data: letterData({ priorites: "Version du référent" }) });
    expect(second.status).toBe(409);
    expect(second.body.message).toMatch(/modifiée entre-temps/);
    expect(await snapshot(id)).toEqual(before);
    expect(((await getDb().missionLetter.findUniqueOrThrow({ where: { id } })).data as Record<string, unknown>).priorites).toBe("Version du chef");
  });

  it("refuses bad input with a French message and writes nothing", async () => {
    const id = await freshLetter();
    const before = await snapshot(id);
    const unknownQuestion = await post(w.chefUser.id, id, { intent: "save", surveyVersionId: w.versions[w.year], version: 1, data: { salaire: 3 } });
    expect(unknownQuestion.status).toBe(422);
    expect(unknownQuestion.body.message).toMatch(/« salaire » ne correspond à aucune question/);
    const wrongVersion = await post(w.chefUser.id, id, { intent: "save", surveyVersionId: w.versions[w.previousYear], version: 1, data: {} });
    expect(wrongVersion.status).toBe(409);
    const malformed = await post(w.chefUser.id, id, { intent: "save", version: 1, data: {} });
    expect(malformed.status).toBe(400);
    const rupnSubmit = await post(w.rupnUser.id, id, { intent: "submit", surveyVersionId: w.versions[w.year], version: 1, data: letterData() });
    expect(rupnSubmit.status).toBe(403);
    expect(await snapshot(id)).toEqual(before);
  });
});

describe("scope", () => {
  it("hides a letter from another establishment's chef and another académie's DANE (404), shows it to the DANE", async () => {
    const id = await freshLetter();
    expect(await findLetter(w.otherChef, id)).toBeNull();
    expect(await findLetter(w.foreignDane, id)).toBeNull();
    expect(await findLetter(w.dane, id)).not.toBeNull();
    const save = await post(w.otherChefUser.id, id, { intent: "save", surveyVersionId: w.versions[w.year], version: 1, data: letterData() });
    expect(save.status).toBe(404);
    expect(await refusal(transitionLetter(w.foreignDane, id, { action: "validate", version: 1 }))).toMatchObject({ status: 404 });
    const request = await signedRequest(w.otherChefUser.id, `http://localhost/lettres/${id}/pdf`);
    const response = await pdfLoader({ request, params: { id }, context: {} } as never).catch((r: Response) => r);
    expect((response as Response).status).toBe(404);
  });
});

describe("signing and validating", () => {
  it("requires the chef's explicit signature, records name and time, then lets only the DANE validate", async () => {
    const id = await freshLetter();
    await saveLetter(w.chef, id, { surveyVersionId: w.versions[w.year], version: 1, data: letterData() }, "submit");
    expect(await refusal(transitionLetter(w.rupn, id, { action: "sign", version: 2, confirmed: true }))).toMatchObject({ status: 403 });
    expect(await refusal(transitionLetter(w.chef, id, { action: "sign", version: 2, confirmed: false }))).toMatchObject({ status: 422 });
    expect(await refusal(transitionLetter(w.dane, id, { action: "validate", version: 2 }))).toMatchObject({ status: 409 });
    const at = new Date("2026-11-20T10:00:00Z");
    await transitionLetter(w.chef, id, { action: "sign", version: 2, confirmed: true }, { now: at });
    expect(await getDb().missionLetter.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "SIGNED", signerName: "Claire Martin", signedAt: at, version: 3 });
    expect(await refusal(transitionLetter(w.chef, id, { action: "validate", version: 3 }))).toMatchObject({ status: 403 });
    expect(await refusal(transitionLetter(w.dane, id, { action: "validate", version: 2 }))).toMatchObject({ status: 409 });
    const actions = (await getDb().auditEvent.findMany({ where: { entityId: id }, orderBy: { createdAt: "asc" } })).map((e) => e.action);
    expect(actions).toEqual(["mission-letter.create", "mission-letter.submit", "mission-letter.sign"]);
  });

  it("returns a signed letter to draft with the DANE's comment", async () => {
    const id = await signedLetter();
    expect(await refusal(transitionLetter(w.dane, id, { action: "return", version: 3, comment: "" }))).toMatchObject({ status: 422 });
    await transitionLetter(w.dane, id, { action: "return", version: 3, comment: "Précisez la répartition du site web." });
    expect(await getDb().missionLetter.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "DRAFT", signedAt: null, returnComment: "Précisez la répartition du site web.", version: 4 });
    // Editable again by the chef.
    const saved = await saveLetter(w.chef, id, { surveyVersionId: w.versions[w.year], version: 4, data: letterData() }, "draft");
    expect(saved.version).toBe(5);
  });

  it("on validation creates the referents' accounts and roles and queues one mail per recipient, the PDF rendered at delivery", async () => {
    const db = getDb();
    const id = await signedLetter();
    const outboxBefore = await db.outboxMessage.count();
    const result = await transitionLetter(w.dane, id, { action: "validate", version: 3 }, { origin: "https://rupn.example" });
    expect(result.effects!.recipients.sort()).toEqual(["anne.durand@ac-test.fr", "bruno.petit@ac-test.fr", "ce.ormeaux@ac-test.fr"]);
    const anne = await db.user.findUniqueOrThrow({ where: { email: "anne.durand@ac-test.fr" }, include: { roles: true } });
    expect(anne.roles).toEqual([expect.objectContaining({ role: "RUPN", establishmentId: w.school.id, schoolYearId: w.year })]);
    const mails = await db.outboxMessage.findMany({ where: { kind: "mission-letter.validated" }, orderBy: { recipient: "asc" } });
    expect(await db.outboxMessage.count()).toBe(outboxBefore + 3);
    expect(mails.map((m) => m.recipient)).toEqual(["anne.durand@ac-test.fr", "bruno.petit@ac-test.fr", "ce.ormeaux@ac-test.fr"]);
    expect(mails[0].textBody).toMatch(/une IMP de 1\s250,00\s€ par an/);
    expect(mails[0].textBody).toContain(`https://rupn.example/lettres/${id}`);
    expect(mails[0].attachments).toEqual([{ filename: expect.stringMatching(/^lettre-de-mission-.*\.pdf$/), contentType: "application/pdf", ref: { kind: "mission-letter-pdf", letterId: id } }]);
    await db.outboxMessage.deleteMany({ where: { kind: "mission-letter.validated" } });
  });
});

describe("campaigns", () => {
  it("do not offer or accept the letter's form (letters have their own workflow)", async () => {
    const options = await campaignFormOptions(w.dane);
    expect(options.versions.map((v) => v.key)).not.toContain("lettre-de-mission");
    const day = 24 * 3600 * 1000;
    await expect(
      createCampaign(w.dane, { title: "Lettres", academyId: w.academy.id, surveyVersionId: w.versions[w.year], schoolYearId: w.year, opensAt: new Date(), closesAt: new Date(Date.now() + day) }),
    ).rejects.toMatchObject({ status: 422 });
    expect(await getDb().campaign.count()).toBe(0);
  });
});

describe("newcomers", () => {
  it("the letter's sign-up designates the newcomers for the next entry training when the DANE validates", async () => {
    const db = getDb();
    const course = await db.trainingCourse.create({
      data: { academyId: w.academy.id, title: "Entrer dans la fonction de RUPN", kind: "ENTRY_TRAINING", audience: "Nouveaux référents", description: "Journée en présentiel" },
    });
    const startsAt = new Date(Date.now() + 30 * 24 * 3600 * 1000);
    const session = await db.trainingSession.create({
      data: { courseId: course.id, startsAt, endsAt: new Date(startsAt.getTime() + 6 * 3600 * 1000), venueMode: "IN_PERSON", address: "Canopé, Rennes", capacity: 10 },
    });
    const id = await signedLetter();
    const result = await transitionLetter(w.dane, id, { action: "validate", version: 3 });
    expect(result.effects!.designation).toMatchObject({ sessionId: session.id, outcomes: [expect.objectContaining({ outcome: "registered" })] });
    const registrations = await db.trainingRegistration.findMany({ where: { sessionId: session.id }, include: { user: true } });
    // Bruno Petit is new to the mission, Anne Durand is not.
    expect(registrations.map((r) => [r.user.email, r.kind, r.status, r.establishmentId])).toEqual([["bruno.petit@ac-test.fr", "DESIGNATED", "REGISTERED", w.school.id]]);
    expect(await db.outboxMessage.count({ where: { recipient: "bruno.petit@ac-test.fr", subject: { contains: "Convocation" } } })).toBe(1);
    await db.trainingRegistration.deleteMany({ where: { sessionId: session.id } });
    await db.trainingSession.delete({ where: { id: session.id } });
    await db.trainingCourse.delete({ where: { id: course.id } });
  });
});

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe("delivery", () => {
  it("with SMTP down during validation, then up: every mail arrives exactly once, with the PDF", async () => {
    const db = getDb();
    await db.outboxMessage.deleteMany({});
    const id = await signedLetter();
    await transitionLetter(w.dane, id, { action: "validate", version: 3 });
    const port = await closedPort();
    const down = await processOutbox(smtpDeliver(`smtp://127.0.0.1:${port}`, "rupn@test.example"));
    expect(down).toEqual({ sent: 0, failed: 3 });
    expect(await db.outboxMessage.count({ where: { status: "PENDING", attempts: 1, lastError: { not: null } } })).toBe(3);
    const smtp = await startTestSmtp(port);
    try {
      // Not yet due: the backoff is respected.
      expect(await processOutbox(smtpDeliver(smtp.url, "rupn@test.example"))).toEqual({ sent: 0, failed: 0 });
      await db.outboxMessage.updateMany({ data: { nextAttemptAt: new Date(Date.now() - 1000) } });
      expect(await processOutbox(smtpDeliver(smtp.url, "rupn@test.example"))).toEqual({ sent: 3, failed: 0 });
      await db.outboxMessage.updateMany({ data: { nextAttemptAt: new Date(Date.now() - 1000) } });
      expect(await processOutbox(smtpDeliver(smtp.url, "rupn@test.example"))).toEqual({ sent: 0, failed: 0 });
      expect(smtp.messages.map((m) => (m.to as { text: string }).text).sort()).toEqual(["anne.durand@ac-test.fr", "bruno.petit@ac-test.fr", "ce.ormeaux@ac-test.fr"]);
      const pdfs = smtp.messages.map((m) => m.attachments.find((a) => a.contentType === "application/pdf")!.content);
      // Everyone gets the same document, the one stored for downloads.
      expect(new Set(pdfs.map((p) => p.toString("base64"))).size).toBe(1);
      const text = pdfText(pdfs[0]);
      for (const expected of ["Anne Durand", "Bruno Petit", "Collège Les Ormeaux", "1 250,00", "Claire Martin"]) expect(text.replace(/\u00a0/g, " ")).toContain(expected);
      const stored = await db.missionLetterDocument.findUniqueOrThrow({ where: { letterId: id } });
      expect(Buffer.from(stored.pdf).equals(pdfs[0])).toBe(true);
    } finally {
      await smtp.close();
    }
  });
});

export type { Actor };
