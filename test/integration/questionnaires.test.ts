// Issue 14 (ADR 019): académie versions of a questionnaire. A version with answers is never changed (editing it
// starts a new draft); invalid definitions are refused with French messages per question; concurrent edits get a
// 409; a DANE never reads nor edits another académie's drafts; an imported JSON goes through the same checks; a
// campaign uses exactly one published version, and its answers give facts and workload like a national one.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { syncSurveyVersions } from "../../app/surveys/registry.server.ts";
import { createQuestionnaire, exportQuestionnaire, getQuestionnaire, listQuestionnaires, parseImportedJson } from "../../app/services/questionnaires.server.ts";
import { draftToEdit, publishQuestionnaire, saveQuestionnaire } from "../../app/services/questionnaires-edit.server.ts";
import { campaignFormOptions, createCampaign } from "../../app/services/campaigns.server.ts";
import { saveResponse, startResponse } from "../../app/services/responses.server.ts";
import type { Definition, SurveyElement } from "../../app/surveys/definition-walk.ts";
import { validBilan } from "../fixtures/bilan-answers.ts";
import { loadDashboardPage } from "../../app/services/dashboards.server.ts";
import { parseDashboardFilters } from "../../app/domain/dashboards/filters.ts";

useTestDatabase();

const day = 24 * 3600 * 1000;
let w: Awaited<ReturnType<typeof world>>;

async function actorOf(userId: string) {
  return (await getActor(await signedRequest(userId, "http://localhost/")))!;
}

async function world() {
  const db = getDb();
  const current = await ensureCurrentSchoolYear();
  await syncSurveyVersions();
  const national = await db.surveyVersion.findFirstOrThrow({ where: { key: "bilan-annuel", academyId: null } });
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  const college = await makeEstablishment(rennes.id, { name: "Collège Anne de Bretagne" });
  const rupnUser = await makeUser([{ role: "RUPN", academyId: rennes.id, establishmentId: college.id, schoolYearId: current }]);
  const dane = await actorOf((await makeUser([{ role: "DANE", academyId: rennes.id }])).id);
  const danePoitiers = await actorOf((await makeUser([{ role: "DANE", academyId: poitiers.id }])).id);
  const rupn = await actorOf(rupnUser.id);
  return { current, national, rennes, poitiers, college, dane, danePoitiers, rupn };
}

beforeAll(async () => {
  w = await world();
});

const bilanFrom = (national: { id: string }) => ({ academyId: w.rennes.id, schoolYearId: w.current, from: "version" as const, sourceId: national.id });
const elements = (d: Definition) => d.pages.flatMap((p) => p.elements);
const without = (d: Definition, name: string): Definition => ({ ...d, pages: d.pages.map((p) => ({ ...p, elements: p.elements.filter((e) => e.name !== name) })) });

describe("académie questionnaires", () => {
  it("start as a draft copy of the national model, with its indicator questions locked", async () => {
    const { id } = await createQuestionnaire(w.dane, bilanFrom(w.national));
    const q = await getQuestionnaire(w.dane, id);
    expect(q).toMatchObject({ key: "bilan-annuel", status: "DRAFT", academyId: w.rennes.id, derivedFromId: w.national.id, revision: 1 });
    expect(q.schoolYearId).toBe(w.current);
    expect(q.locks.map((l) => l.name)).toContain("h_assistance");
    // The national model is untouched, and stays the registry's latest national version.
    expect((await syncSurveyVersions()).find((o) => o.key === "bilan-annuel")).toMatchObject({ change: "unchanged", version: w.national.version });
  });

  it("refuse an invalid definition with French messages per question, and write nothing", async () => {
    const { id } = await createQuestionnaire(w.dane, bilanFrom(w.national));
    const q = await getQuestionnaire(w.dane, id);
    const broken = without(q.definition, "h_assistance");
    broken.pages[0].elements.push({ type: "sondage", name: "nouvelle", title: "Type inconnu" } as SurveyElement);
    const refusal = await saveQuestionnaire(w.dane, id, { revision: 1, definition: broken }).catch((e) => e);
    expect(refusal).toMatchObject({ status: 422, message: "Enregistrement refusé : corrigez les questions signalées." });
    expect(refusal.errors).toEqual(expect.arrayContaining([
      { question: "nouvelle", message: "type de question inconnu « sondage » (question « nouvelle »)" },
      { question: "h_assistance", message: expect.stringMatching(/^la question verrouillée « .+ » a été supprimée : Cette question alimente les tableaux de bord nationaux/) },
    ]));
    expect(await getQuestionnaire(w.dane, id)).toMatchObject({ revision: 1, definition: q.definition });

    // Incomplete questions are kept in the draft with their messages, and block publishing.
    const incomplete = structuredClone(q.definition);
    incomplete.pages[0].elements.push({ type: "radiogroup", name: "choix_vide", title: "Sans choix", choices: [] });
    const saved = await saveQuestionnaire(w.dane, id, { revision: 1, definition: incomplete });
    expect(saved).toEqual({ revision: 2, issues: [{ question: "choix_vide", message: "ajoutez au moins un choix." }] });
    await expect(publishQuestionnaire(w.dane, id, 2)).rejects.toMatchObject({ status: 422, errors: [{ question: "choix_vide", message: "ajoutez au moins un choix." }] });
    expect((await getQuestionnaire(w.dane, id)).status).toBe("DRAFT");
  });

  it("answer a concurrent edit with a 409, the second writer's text not written", async () => {
    const { id } = await createQuestionnaire(w.dane, bilanFrom(w.national));
    const q = await getQuestionnaire(w.dane, id);
    const a = structuredClone(q.definition);
    a.title = "Bilan de Rennes (onglet A)";
    const b = structuredClone(q.definition);
    b.title = "Bilan de Rennes (onglet B)";
    expect((await saveQuestionnaire(w.dane, id, { revision: 1, definition: a })).revision).toBe(2);
    await expect(saveQuestionnaire(w.dane, id, { revision: 1, definition: b })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/modifié entre-temps/) });
    expect((await getQuestionnaire(w.dane, id)).title).toBe("Bilan de Rennes (onglet A)");
  });

  it("are invisible to another académie's DANE (404), and never listed there", async () => {
    const { id } = await createQuestionnaire(w.dane, bilanFrom(w.national));
    await expect(getQuestionnaire(w.danePoitiers, id)).rejects.toMatchObject({ status: 404 });
    const q = await getQuestionnaire(w.dane, id);
    await expect(saveQuestionnaire(w.danePoitiers, id, { revision: q.revision, definition: q.definition })).rejects.toMatchObject({ status: 404 });
    await expect(publishQuestionnaire(w.danePoitiers, id, q.revision)).rejects.toMatchObject({ status: 404 });
    await expect(draftToEdit(w.danePoitiers, id)).rejects.toMatchObject({ status: 404 });
    await expect(exportQuestionnaire(w.danePoitiers, id)).rejects.toMatchObject({ status: 404 });
    // Nor copied into its own académie, nor created in Rennes by Poitiers.
    await expect(createQuestionnaire(w.danePoitiers, { ...bilanFrom({ id }), academyId: w.poitiers.id })).rejects.toMatchObject({ status: 404 });
    await expect(createQuestionnaire(w.danePoitiers, bilanFrom(w.national))).rejects.toMatchObject({ status: 404 });
    expect((await listQuestionnaires(w.danePoitiers)).versions.map((v) => v.id)).not.toContain(id);
    expect((await campaignFormOptions(w.danePoitiers)).versions.map((v) => v.id)).not.toContain(id);
  });

  it("check an imported foreign JSON by the same rules, bounded in size", async () => {
    const { definition } = await exportQuestionnaire(w.danePoitiers, w.national.id);
    const foreign = { ...without(definition as Definition, "h_conseil"), title: "Bilan venu d'ailleurs" };
    const refusal = await createQuestionnaire(w.dane, { academyId: w.rennes.id, schoolYearId: w.current, from: "import", key: "bilan-annuel", definition: foreign }).catch((e) => e);
    expect(refusal).toMatchObject({ status: 422, message: expect.stringMatching(/^Le fichier importé ne respecte pas/) });
    expect(refusal.errors).toEqual([{ question: "h_conseil", message: expect.stringMatching(/a été supprimée/) }]);
    expect(() => parseImportedJson("{ pas du json")).toThrow(/n'est pas un JSON SurveyJS lisible/);
    expect(() => parseImportedJson(`{"title":"${"x".repeat(600 * 1024)}"}`)).toThrow(/dépasse 512 Ko/);
    // A new survey key has no national model: no locks, only the definition's own checks.
    const needs = { title: "Besoins de formation", pages: [{ name: "p1", elements: [{ type: "checkbox", name: "themes", title: "Thèmes souhaités", choices: ["ia", "ent"] }] }] };
    const { id } = await createQuestionnaire(w.dane, { academyId: w.rennes.id, schoolYearId: w.current, from: "import", key: "besoins-de-formation", definition: needs });
    expect(await getQuestionnaire(w.dane, id)).toMatchObject({ key: "besoins-de-formation", status: "DRAFT", locks: [], title: "Besoins de formation" });
  });

  it("once published and answered, are never changed: editing starts a new draft; the answers give facts", async () => {
    const { id } = await createQuestionnaire(w.dane, bilanFrom(w.national));
    const q = await getQuestionnaire(w.dane, id);
    const d = structuredClone(q.definition);
    d.title = "Bilan annuel — académie de Rennes";
    d.pages[0].elements.push({ type: "boolean", name: "ent_academique", title: "Administrez-vous l'ENT ?", indicator: "tools.ent_admin", visibleIf: "{statut} = 'enseignant'" });
    const { revision } = await saveQuestionnaire(w.dane, id, { revision: 1, definition: d });
    // A draft cannot open a campaign.
    const open = { academyId: w.rennes.id, schoolYearId: w.current, opensAt: new Date(Date.now() - day), closesAt: new Date(Date.now() + 30 * day) };
    await expect(createCampaign(w.dane, { ...open, title: "Bilan", surveyVersionId: id })).rejects.toMatchObject({ status: 422 });
    await publishQuestionnaire(w.dane, id, revision);
    await expect(saveQuestionnaire(w.dane, id, { revision: revision + 1, definition: d })).rejects.toMatchObject({ status: 409, message: expect.stringMatching(/^Cette version est publiée/) });
    expect((await campaignFormOptions(w.dane)).versions.map((v) => v.id)).toEqual(expect.arrayContaining([id, w.national.id]));
    // Poitiers cannot open a campaign on Rennes' version.
    await expect(createCampaign(w.danePoitiers, { ...open, academyId: w.poitiers.id, title: "Bilan", surveyVersionId: id })).rejects.toMatchObject({ status: 422 });

    const campaign = await createCampaign(w.dane, { ...open, title: "Bilan annuel de Rennes", surveyVersionId: id });
    const responseId = await startResponse(w.rupn, campaign.id, w.college.id);
    const submitted = await saveResponse(w.rupn, responseId, { surveyVersionId: id, version: 1, data: { ...validBilan, ent_academique: true } }, "submit");
    expect(submitted.status).toBe("SUBMITTED");
    const facts = await getDb().responseFact.findMany({ where: { responseId }, select: { indicator: true, numericValue: true } });
    expect(facts).toEqual(expect.arrayContaining([{ indicator: "tools.ent_admin", numericValue: 1 }, { indicator: "workload.assistance", numericValue: 1.5 }]));
    expect(await getDb().responseWorkload.findUnique({ where: { responseId } })).not.toBeNull();

    // Editing the answered version starts a new draft derived from it; the answered text stays as it was.
    const before = await getDb().surveyVersion.findUniqueOrThrow({ where: { id } });
    const edit = await draftToEdit(w.dane, id);
    expect(edit.created).toBe(true);
    expect(edit.id).not.toBe(id);
    expect(await getQuestionnaire(w.dane, edit.id)).toMatchObject({ status: "DRAFT", derivedFromId: id, definition: before.definition });
    expect(await draftToEdit(w.dane, id)).toEqual({ id: edit.id, created: false });
    const after = await getDb().surveyVersion.findUniqueOrThrow({ where: { id } });
    expect([after.checksum, after.revision, after.status]).toEqual([before.checksum, before.revision, "PUBLISHED"]);
    expect(elements(after.definition as Definition).some((e) => e.name === "ent_academique")).toBe(true);
  });

  it("leave the other académie on the national model; the dashboards count both académies' workload", async () => {
    const db = getDb();
    const lycee = await makeEstablishment(w.poitiers.id, { name: "Lycée de Poitiers" });
    const rupnPoitiers = await actorOf((await makeUser([{ role: "RUPN", academyId: w.poitiers.id, establishmentId: lycee.id, schoolYearId: w.current }])).id);
    const open = { schoolYearId: w.current, opensAt: new Date(Date.now() - day), closesAt: new Date(Date.now() + 30 * day) };
    // Rennes' published version is not offered to Poitiers: its campaign uses the national model.
    const offered = (await campaignFormOptions(w.danePoitiers)).versions.filter((v) => v.key === "bilan-annuel");
    expect(offered.every((v) => v.academyId === null)).toBe(true);
    const campaign = await createCampaign(w.danePoitiers, { ...open, academyId: w.poitiers.id, title: "Bilan de Poitiers", surveyVersionId: w.national.id });
    const responseId = await startResponse(rupnPoitiers, campaign.id, lycee.id);
    const response = await db.surveyResponse.findUniqueOrThrow({ where: { id: responseId }, select: { surveyVersionId: true } });
    expect(response.surveyVersionId).toBe(w.national.id);
    await saveResponse(rupnPoitiers, responseId, { surveyVersionId: w.national.id, version: 1, data: { ...validBilan, h_assistance: 3 } }, "submit");

    const filters = parseDashboardFilters(new URLSearchParams(`annee=${w.current}`));
    const admin = await actorOf((await makeUser([{ role: "ADMIN", academyId: w.rennes.id }])).id);
    const totals = async (actor: typeof admin) => (await loadDashboardPage(actor, filters, "ecart")).data.totals.responses;
    // The Rennes bilan answered on the académie version (previous test) and the Poitiers one on the national model.
    expect(await totals(w.dane)).toBe(1);
    expect(await totals(w.danePoitiers)).toBe(1);
    expect(await totals(admin)).toBe(2);
  });
});
