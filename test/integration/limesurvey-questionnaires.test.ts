// Issue 15 (ADR 015): a questionnaire imported from LimeSurvey belongs to the académie that imported it. It opens in
// that académie's questionnaire editor (a draft when imported alone, published when answers came with it), and no
// other académie lists it, opens it (404) or starts a campaign with it. The data migration that moves the versions
// imported before this rule (stored like national models) to their académie is run here on that old state.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { importLimeSurvey } from "../../app/services/limesurvey/import.server.ts";
import { getQuestionnaire, listQuestionnaires, QuestionnaireError } from "../../app/services/questionnaires.server.ts";
import { draftToEdit, publishQuestionnaire } from "../../app/services/questionnaires-edit.server.ts";
import { campaignFormOptions } from "../../app/services/campaigns.server.ts";
import { latestSurveyVersions } from "../../app/surveys/registry.server.ts";
import { elementsOf } from "../../app/surveys/definition-walk.ts";
import { bilanLsa } from "../fixtures/limesurvey-bilan.ts";
import { letterCsv, letterLss } from "../fixtures/limesurvey-letter.ts";
import { FIXTURES } from "../unit/limesurvey/fixtures.ts";

const { db } = useTestDatabase();
const MIGRATION = readFileSync(path.resolve("prisma/migrations/20261203140000_limesurvey_versions_of_academy/migration.sql"), "utf8");

async function actorOf(userId: string) {
  return (await getActor(await signedRequest(userId, "http://localhost/")))!;
}

let w: Awaited<ReturnType<typeof world>>;
async function world() {
  await ensureCurrentSchoolYear();
  const rennes = await makeAcademy("Rennes");
  const nantes = await makeAcademy("Nantes");
  const [college, lycee] = [await makeEstablishment(rennes.id), await makeEstablishment(nantes.id)];
  const daneRennesUser = await makeUser([{ role: "DANE", academyId: rennes.id }]);
  const dane = await actorOf(daneRennesUser.id);
  const daneNantes = await actorOf((await makeUser([{ role: "DANE", academyId: nantes.id }])).id);
  return { rennes, nantes, college, lycee, dane, daneRennesUserId: daneRennesUser.id, daneNantes };
}
beforeAll(async () => {
  w = await world();
});

async function expect404(promise: Promise<unknown>) {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(QuestionnaireError);
  expect((error as QuestionnaireError).status).toBe(404);
}

describe("LimeSurvey questionnaires in the questionnaire editor", () => {
  it("a questionnaire imported alone is a draft of the importing académie, opened in its editor only", async () => {
    const bytes = readFileSync(path.join(FIXTURES, "LimeSurvey-workflow/limesurvey_survey_981966.lss"));
    const summary = await importLimeSurvey({ fileName: "survey_981966.lss", bytes, academyId: w.rennes.id, schoolYearId: "2021-2022", actorId: w.daneRennesUserId, channel: "upload" });
    expect(summary.status).toBe("structure-only");

    const q = await getQuestionnaire(w.dane, summary.surveyVersionId);
    expect(q).toMatchObject({ key: "limesurvey-981966", academyId: w.rennes.id, status: "DRAFT", answered: false, locks: [] });
    // The editor shows the converted questions: as many as the source, minus what the report dropped.
    expect(elementsOf(q.definition).filter((e) => e.element.type !== "panel" && e.element.type !== "html").length).toBe(summary.report.counts.source - summary.report.counts.dropped);

    const mine = await listQuestionnaires(w.dane);
    expect(mine.versions.map((v) => v.id)).toContain(summary.surveyVersionId);
    expect(mine.models.map((v) => v.id)).not.toContain(summary.surveyVersionId);
    const theirs = await listQuestionnaires(w.daneNantes);
    expect([...theirs.models, ...theirs.versions].map((v) => v.id)).not.toContain(summary.surveyVersionId);
    await expect404(getQuestionnaire(w.daneNantes, summary.surveyVersionId));
    expect((await latestSurveyVersions()).map((v) => v.id)).not.toContain(summary.surveyVersionId);

    // The DANE may publish it, as any draft of its académie; it is then offered for Rennes' campaigns only.
    await publishQuestionnaire(w.dane, summary.surveyVersionId, q.revision);
    expect((await campaignFormOptions(w.dane)).versions.map((v) => v.id)).toContain(summary.surveyVersionId);
    expect((await campaignFormOptions(w.daneNantes)).versions.map((v) => v.id)).not.toContain(summary.surveyVersionId);
  });

  it("a file with responses gives a published version of the académie; another académie importing it gets its own", async () => {
    const bytes = bilanLsa([{ id: 1, uai: w.college.uai, hoursPerYear: [36, 36, 36, 36, 36, 36] }], [], "Bilan LimeSurvey de Rennes");
    const rennes = await importLimeSurvey({ fileName: "bilan.lsa", bytes, academyId: w.rennes.id, schoolYearId: "2019-2020", actorId: w.daneRennesUserId, channel: "upload" });
    const version = await getQuestionnaire(w.dane, rennes.surveyVersionId);
    expect(version).toMatchObject({ academyId: w.rennes.id, status: "PUBLISHED", answered: true });
    expect(version.publishedAt).not.toBeNull();
    expect((await campaignFormOptions(w.dane)).versions.map((v) => v.id)).toContain(rennes.surveyVersionId);
    expect((await campaignFormOptions(w.daneNantes)).versions.map((v) => v.id)).not.toContain(rennes.surveyVersionId);
    await expect404(getQuestionnaire(w.daneNantes, rennes.surveyVersionId));
    await expect404(draftToEdit(w.daneNantes, rennes.surveyVersionId));

    // Answered: "Modifier" starts a new draft of Rennes from it, the historic version stays as it is.
    const draft = await draftToEdit(w.dane, rennes.surveyVersionId);
    expect(draft.created).toBe(true);
    expect(await getQuestionnaire(w.dane, draft.id)).toMatchObject({ status: "DRAFT", academyId: w.rennes.id, derivedFromId: rennes.surveyVersionId });
    // Another export of that questionnaire goes to the historic version, never to the DANE's draft (same text so far).
    const more = await importLimeSurvey({ fileName: "bilan-2.lsa", bytes: bilanLsa([{ id: 2, uai: w.college.uai, hoursPerYear: [1, 2, 3, 4, 5, 6] }], [], "Bilan LimeSurvey de Rennes"), academyId: w.rennes.id, schoolYearId: "2019-2020", actorId: null, channel: "cli" });
    expect(more.surveyVersionId).toBe(rennes.surveyVersionId);
    expect(await getQuestionnaire(w.dane, draft.id)).toMatchObject({ status: "DRAFT", answered: false });

    // Nantes imports the same LimeSurvey file: its own version (next number), Rennes' version untouched.
    const nantes = await importLimeSurvey({ fileName: "bilan.lsa", bytes: bilanLsa([{ id: 1, uai: w.lycee.uai, hoursPerYear: [1, 1, 1, 1, 1, 1] }], [], "Bilan LimeSurvey de Rennes"), academyId: w.nantes.id, schoolYearId: "2019-2020", actorId: null, channel: "cli" });
    expect(nantes.surveyVersionId).not.toBe(rennes.surveyVersionId);
    const [a, b] = await Promise.all([rennes.surveyVersionId, nantes.surveyVersionId].map((id) => db().surveyVersion.findUniqueOrThrow({ where: { id } })));
    expect([a.academyId, b.academyId]).toEqual([w.rennes.id, w.nantes.id]);
    expect(b.version).toBeGreaterThan(a.version);
    expect(a.checksum).toBe(b.checksum);
  });

  it("a lettre de mission file leaves its LimeSurvey questionnaire a draft: nothing is answered on it", async () => {
    const enc = new TextEncoder();
    const summary = await importLimeSurvey({
      fileName: "lettres.csv", bytes: enc.encode(letterCsv([{ id: 1, uai: w.college.uai, referents: [{ nom: "Dupont", imp: "625" }] }])),
      structure: { fileName: "lettre.lss", bytes: enc.encode(letterLss()) }, kind: "letter",
      academyId: w.rennes.id, schoolYearId: "2019-2020", actorId: w.daneRennesUserId, channel: "upload",
    });
    expect(summary.kind).toBe("letter");
    expect(summary.result.responses).toBe(1);
    expect(await getQuestionnaire(w.dane, summary.surveyVersionId)).toMatchObject({ status: "DRAFT", academyId: w.rennes.id, answered: false });
    expect((await campaignFormOptions(w.dane)).versions.map((v) => v.id)).not.toContain(summary.surveyVersionId);
    await expect404(getQuestionnaire(w.daneNantes, summary.surveyVersionId));
  });

  it("the migration gives the versions imported before this rule to their académie, with a copy for a second académie", async () => {
    const bytes = bilanLsa([{ id: 1, uai: w.college.uai, hoursPerYear: [2, 2, 2, 2, 2, 2] }], [], "Bilan d'avant la règle");
    const first = await importLimeSurvey({ fileName: "old.lsa", bytes, academyId: w.rennes.id, schoolYearId: "2018-2019", actorId: null, channel: "cli" });
    const second = await importLimeSurvey({ fileName: "old.lsa", bytes: bilanLsa([{ id: 7, uai: w.lycee.uai, hoursPerYear: [3, 3, 3, 3, 3, 3] }], [], "Bilan d'avant la règle"), academyId: w.nantes.id, schoolYearId: "2018-2019", actorId: null, channel: "cli" });
    const alone = await importLimeSurvey({ fileName: "alone.lss", bytes: readFileSync(path.join(FIXTURES, "LimeSurvey-workflow/limesurvey_survey_981966.lss")), academyId: w.nantes.id, schoolYearId: "2018-2019", actorId: null, channel: "cli" });
    const enc = new TextEncoder();
    const letters = await importLimeSurvey({
      fileName: "lettres-old.csv", bytes: enc.encode(letterCsv([{ id: 1, uai: w.lycee.uai, referents: [{ nom: "Le Goff", imp: "625" }] }])),
      structure: { fileName: "lettre.lss", bytes: enc.encode(letterLss("Lettre d'avant la règle")) }, kind: "letter",
      academyId: w.nantes.id, schoolYearId: "2018-2019", actorId: null, channel: "cli",
    });
    // The old state: one national-looking version shared by both académies' imports, campaigns and responses.
    const shared = first.surveyVersionId;
    await db().$transaction([
      db().limeSurveyImport.update({ where: { id: second.importId }, data: { surveyVersionId: shared } }),
      db().surveyResponse.updateMany({ where: { campaignId: second.campaignId! }, data: { surveyVersionId: shared } }),
      db().campaign.update({ where: { id: second.campaignId! }, data: { surveyVersionId: shared } }),
      db().surveyVersion.delete({ where: { id: second.surveyVersionId } }),
      db().surveyVersion.updateMany({ where: { id: { in: [shared, alone.surveyVersionId, letters.surveyVersionId] } }, data: { academyId: null, status: "PUBLISHED", publishedAt: null } }),
    ]);

    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      await client.query(MIGRATION);
    } finally {
      await client.end();
    }

    expect(await db().surveyVersion.findUniqueOrThrow({ where: { id: shared } })).toMatchObject({ academyId: w.rennes.id, status: "PUBLISHED" });
    const copyId = (await db().limeSurveyImport.findUniqueOrThrow({ where: { id: second.importId } })).surveyVersionId;
    expect(copyId).not.toBe(shared);
    const copy = await db().surveyVersion.findUniqueOrThrow({ where: { id: copyId } });
    expect(copy).toMatchObject({ academyId: w.nantes.id, status: "PUBLISHED", key: "limesurvey-424242", schoolYearId: "2018-2019" });
    expect((await db().campaign.findUniqueOrThrow({ where: { id: second.campaignId! } })).surveyVersionId).toBe(copyId);
    const responses = await db().surveyResponse.findMany({ where: { campaignId: second.campaignId! }, select: { surveyVersionId: true } });
    expect(responses.length).toBe(1);
    expect(responses.every((r) => r.surveyVersionId === copyId)).toBe(true);
    expect(await db().surveyResponse.count({ where: { campaignId: first.campaignId!, surveyVersionId: shared } })).toBe(1);
    expect(await db().surveyVersion.findUniqueOrThrow({ where: { id: alone.surveyVersionId } })).toMatchObject({ academyId: w.nantes.id, status: "DRAFT", publishedAt: null });
    expect(await db().surveyVersion.findUniqueOrThrow({ where: { id: letters.surveyVersionId } })).toMatchObject({ academyId: w.nantes.id, status: "DRAFT", publishedAt: null });
    expect(await db().surveyVersion.count({ where: { academyId: null, key: { startsWith: "limesurvey-" } } })).toBe(0);
  });
});
