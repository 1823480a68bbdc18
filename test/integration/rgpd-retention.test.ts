// The retention job (ADR 020): purges or anonymises exactly what is past its period, reports it in French in the
// audit log, and is idempotent — a second run changes nothing and reports zeros. The privacy page shows the periods
// the job uses, including a value set in the environment.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { changedTables, tableChecksums } from "../setup/checksum.ts";
import { getDb } from "../../app/db/db.server.ts";
import { makeAcademy, makeEstablishment, makeUser, ensureCurrentSchoolYear } from "../setup/factories.ts";
import { syncSurveyVersions } from "../../app/surveys/registry.server.ts";
import { runRetention } from "../../app/services/rgpd/retention.server.ts";
import { loader as privacyLoader } from "../../app/routes/donnees-personnelles.tsx";

useTestDatabase();

const hour = 3600_000;
const day = 24 * hour;
const ago = (ms: number) => new Date(Date.now() - ms);

let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  await syncSurveyVersions();
  await db.schoolYear.upsert({ where: { id: "2019-2020" }, update: {}, create: { id: "2019-2020", startsOn: new Date("2019-09-01"), endsOn: new Date("2020-08-31") } });
  const version = await db.surveyVersion.findFirstOrThrow({ where: { key: "bilan-annuel" } });
  const academy = await makeAcademy();
  const school = await makeEstablishment(academy.id);
  // Left the mission in 2020: designated for 2019-2020 only.
  const departed = await makeUser([{ role: "RUPN", academyId: academy.id, establishmentId: school.id, schoolYearId: "2019-2020" }], "ancien.referent@ac-test.fr");
  await db.user.update({ where: { id: departed.id }, data: { firstName: "Gwenaël", lastName: "Ancien", createdAt: new Date("2019-09-02") } });
  // Also old, but still in the mission (a chef) or designated this year: kept.
  const chef = await makeUser([{ role: "CHEF", academyId: academy.id, establishmentId: school.id }], "chef.toujours@ac-test.fr");
  await db.user.update({ where: { id: chef.id }, data: { createdAt: new Date("2015-01-01") } });
  const current = await makeUser([{ role: "RUPN", academyId: academy.id, establishmentId: school.id, schoolYearId: "2019-2020" }, { role: "RUPN", academyId: academy.id, establishmentId: school.id, schoolYearId: year }]);
  await db.user.update({ where: { id: current.id }, data: { createdAt: new Date("2019-09-02") } });

  // Bilans: one of a campaign closed in 2020 (past 5 years), one of an open campaign.
  const campaign = (closesAt: Date, schoolYearId: string) =>
    db.campaign.create({ data: { title: `Bilan ${schoolYearId}`, academyId: academy.id, schoolYearId, surveyVersionId: version.id, opensAt: new Date(closesAt.getTime() - 30 * day), closesAt } });
  const oldCampaign = await campaign(new Date("2020-07-01"), "2019-2020");
  const openCampaign = await campaign(new Date(Date.now() + 30 * day), year);
  const answers = { h_assistance: 2, commentaires: "Texte libre", "statut-Comment": "Autre statut" };
  const oldBilan = await db.surveyResponse.create({ data: { campaignId: oldCampaign.id, surveyVersionId: version.id, establishmentId: school.id, respondentId: current.id, status: "SUBMITTED", data: answers, submittedAt: new Date("2020-06-15") } });
  const newBilan = await db.surveyResponse.create({ data: { campaignId: openCampaign.id, surveyVersionId: version.id, establishmentId: school.id, respondentId: current.id, status: "SUBMITTED", data: answers, submittedAt: new Date() } });

  // Sign-in links, sessions, logs and mails on both sides of their periods.
  await db.loginToken.createMany({ data: [
    { email: "a@ac-test.fr", tokenHash: "old", expiresAt: ago(2 * day - 900_000), createdAt: ago(2 * day) },
    { email: "a@ac-test.fr", tokenHash: "new", expiresAt: new Date(Date.now() + 900_000) },
  ] });
  await db.session.createMany({ data: [
    { id: "s-old", userId: chef.id, createdAt: ago(13 * hour), expiresAt: new Date(Date.now() + hour) },
    { id: "s-expired", userId: chef.id, createdAt: ago(2 * hour), expiresAt: ago(hour) },
    { id: "s-new", userId: chef.id, createdAt: ago(hour), expiresAt: new Date(Date.now() + 11 * hour) },
  ] });
  await db.auditEvent.createMany({ data: [
    { action: "sign-in", entityType: "User", entityId: chef.id, createdAt: ago(400 * day) },
    { action: "sign-in", entityType: "User", entityId: chef.id, createdAt: ago(day) },
    { action: "view-personal-data", entityType: "User", entityId: chef.id, actorId: chef.id, createdAt: ago(400 * day) },
    { action: "rgpd.export", entityType: "User", entityId: chef.id, actorId: chef.id, createdAt: ago(400 * day) },
    { action: "view-personal-data", entityType: "User", entityId: chef.id, actorId: chef.id, createdAt: ago(day) },
    { action: "rgpd.erase", entityType: "User", entityId: "someone", createdAt: ago(4000 * day) },
    { action: "mission-letter.validate", entityType: "MissionLetter", entityId: "x", createdAt: ago(4000 * day) },
  ] });
  await db.outboxMessage.createMany({ data: [
    { kind: "t", recipient: "a@ac-test.fr", subject: "Ancien", textBody: "x", status: "SENT", sentAt: ago(400 * day), createdAt: ago(400 * day) },
    { kind: "t", recipient: "a@ac-test.fr", subject: "Échec ancien", textBody: "x", status: "FAILED", createdAt: ago(400 * day) },
    { kind: "t", recipient: "a@ac-test.fr", subject: "En attente", textBody: "x", status: "PENDING", createdAt: ago(400 * day) },
    { kind: "t", recipient: "a@ac-test.fr", subject: "Récent", textBody: "x", status: "SENT", sentAt: ago(day), createdAt: ago(day) },
  ] });
  return { departed, chef, current, oldBilan, newBilan };
}

beforeAll(async () => {
  w = await world();
}, 60_000);

describe("retention job", () => {
  it("purges and anonymises exactly what is past its period, and reports it in French", async () => {
    const db = getDb();
    const run = await runRetention();
    expect(run.counts).toEqual({ loginTokens: 1, sessions: 2, signInLog: 1, accessLog: 2, mails: 2, bilanFreeText: 1, departedPeople: 1 });
    expect(run.report).toContain("Personnes anonymisées (fin de mission) : 1");
    expect((await db.loginToken.findMany()).map((t) => t.tokenHash)).toEqual(["new"]);
    expect((await db.session.findMany()).map((s) => s.id)).toEqual(["s-new"]);
    expect((await db.outboxMessage.findMany({ orderBy: { subject: "asc" } })).map((m) => m.subject)).toEqual(["En attente", "Récent"]);
    expect(await db.auditEvent.count({ where: { action: { in: ["rgpd.erase", "mission-letter.validate"] }, createdAt: { lt: ago(1000 * day) } } })).toBe(2);
    const old = await db.surveyResponse.findUniqueOrThrow({ where: { id: w.oldBilan.id } });
    expect(old.data).toEqual({ h_assistance: 2 });
    expect(old.freeTextClearedAt).not.toBeNull();
    expect((await db.surveyResponse.findUniqueOrThrow({ where: { id: w.newBilan.id } })).data).toHaveProperty("commentaires");
    expect(await db.user.findUniqueOrThrow({ where: { id: w.departed.id } })).toMatchObject({ firstName: "Personne", lastName: "effacée", email: expect.stringMatching(/@anonyme\.invalid$/) });
    expect(await db.user.findUniqueOrThrow({ where: { id: w.chef.id } })).toMatchObject({ email: "chef.toujours@ac-test.fr", erasedAt: null });
    expect(await db.user.findUniqueOrThrow({ where: { id: w.current.id } })).toMatchObject({ erasedAt: null });
    const [event] = await db.auditEvent.findMany({ where: { action: "rgpd.retention" } });
    expect(event.summary).toMatchObject({ counts: run.counts, report: run.report, periods: { sessions: "12 heures", accessLog: "1 an" } });
    const erasure = await db.auditEvent.findFirstOrThrow({ where: { action: "rgpd.erase", entityId: w.departed.id } });
    expect(erasure).toMatchObject({ actorId: null, summary: expect.objectContaining({ reason: "Fin de la durée de conservation (personne ayant quitté la mission)" }) });
  });

  it("is idempotent: a second run changes nothing but its own report, and reports zeros", async () => {
    const db = getDb();
    const before = await tableChecksums([]);
    const eventsBefore = await db.auditEvent.count();
    const run = await runRetention();
    expect(Object.values(run.counts)).toEqual([0, 0, 0, 0, 0, 0, 0]);
    expect(run.report.at(-1)).toBe("Bilan : aucun changement, rien à purger.");
    expect(changedTables(before, await tableChecksums([]))).toEqual(["AuditEvent"]);
    expect(await db.auditEvent.count()).toBe(eventsBefore + 1);
    expect(await db.auditEvent.count({ where: { action: "rgpd.retention" } })).toBe(2);
  });

  it("uses the periods of the configuration, which the privacy page shows", async () => {
    const db = getDb();
    process.env.RGPD_RETENTION_ACCESS_LOG = "6mois";
    try {
      await db.auditEvent.create({ data: { action: "view-personal-data", entityType: "User", entityId: "x", createdAt: ago(200 * day) } });
      const page = privacyLoader();
      expect(page.retention.find((r) => r.kind === "accessLog")).toMatchObject({ period: "6 mois" });
      expect(page.retention.find((r) => r.kind === "sessions")).toMatchObject({ period: "12 heures" });
      expect((await runRetention()).counts.accessLog).toBe(1);
    } finally {
      delete process.env.RGPD_RETENTION_ACCESS_LOG;
    }
    expect(privacyLoader().retention.find((r) => r.kind === "accessLog")).toMatchObject({ period: "1 an" });
  });
});
