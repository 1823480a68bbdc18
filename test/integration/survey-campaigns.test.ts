import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { campaignAudience, closeCampaign, createCampaign, getCampaign, listCampaigns, sendCampaignMails } from "../../app/services/campaigns.server.ts";
import { campaignCsvStream, csvField, getResponseForManager, listCampaignResponses } from "../../app/services/campaign-responses.server.ts";
import { myBilans, saveResponse, startResponse } from "../../app/services/responses.server.ts";
import { loader as csvLoader } from "../../app/routes/campagnes.$id.export[.]csv.ts";
import { syncSurveyVersions } from "../../app/surveys/registry.server.ts";
import { validBilan } from "../fixtures/bilan-answers.ts";

useTestDatabase();

const day = 24 * 3600 * 1000;
let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  await db.schoolYear.upsert({ where: { id: "2025-2026" }, update: {}, create: { id: "2025-2026", startsOn: new Date("2025-09-01"), endsOn: new Date("2026-08-31") } });
  expect(await syncSurveyVersions()).toEqual([
    { key: "bilan-annuel", schoolYearId: "2025-2026", version: 1, change: "created" },
    { key: "lettre-de-mission", schoolYearId: "2025-2026", version: 1, change: "created" },
    { key: "lettre-de-mission", schoolYearId: "2026-2027", version: 1, change: "created" },
  ]);
  const version = await db.surveyVersion.findFirstOrThrow({ where: { key: "bilan-annuel" } });
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  const a = await makeEstablishment(rennes.id, { name: "Collège Anne de Bretagne" });
  const b = await makeEstablishment(rennes.id, { name: "Lycée Chateaubriand", type: "LYCEE" });
  const far = await makeEstablishment(poitiers.id, { name: "Collège de Poitiers" });
  // Designated for 2025-2026 (the year the campaign covers) and again this year.
  const both = (establishmentId: string) => [year, "2025-2026"].map((schoolYearId) => ({ role: "RUPN" as const, academyId: rennes.id, establishmentId, schoolYearId }));
  const rupnA = await makeUser(both(a.id), "anne@ac-rennes.fr");
  const rupnAB = await makeUser([...both(a.id), ...both(b.id)], "bruno@ac-rennes.fr");
  await makeUser([{ role: "RUPN", academyId: poitiers.id, establishmentId: far.id, schoolYearId: year }], "paul@ac-poitiers.fr");
  const dane = await makeUser([{ role: "DANE", academyId: rennes.id }]);
  const daneP = await makeUser([{ role: "DANE", academyId: poitiers.id }]);
  const actor = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
  return { version, rennes, poitiers, a, b, far, rupnA: await actor(rupnA.id), rupnAB: await actor(rupnAB.id), dane: await actor(dane.id), daneId: dane.id, daneP: await actor(daneP.id), danePId: daneP.id };
}

beforeAll(async () => {
  w = await world();
});

describe("campaigns", () => {
  it("lets a DANE open a campaign for its académie only", async () => {
    const input = { title: "Bilan annuel des RUPN 2025-2026", academyId: w.rennes.id, surveyVersionId: w.version.id, schoolYearId: "2025-2026", opensAt: new Date(Date.now() - day), closesAt: new Date(Date.now() + 30 * day) };
    await expect(createCampaign(w.daneP, input)).rejects.toMatchObject({ status: 404 });
    await expect(createCampaign(w.dane, { ...input, closesAt: input.opensAt })).rejects.toMatchObject({ status: 422, message: "La date de clôture doit suivre la date d'ouverture." });
    const campaign = await createCampaign(w.dane, input);
    expect((await listCampaigns(w.dane)).map((c) => c.id)).toEqual([campaign.id]);
    expect(await listCampaigns(w.daneP)).toEqual([]);
    await expect(getCampaign(w.daneP, campaign.id)).rejects.toMatchObject({ status: 404, message: "Cette campagne n'existe pas ou vous n'y avez pas accès." });
  });

  it("invites the académie's RUPN of the campaign's year, one row per establishment, and mails those who have not answered", async () => {
    const campaign = await getCampaign(w.dane, (await listCampaigns(w.dane))[0].id);
    const audience = (await campaignAudience(campaign)).invited;
    expect(audience.map((x) => `${x.user.email} ${x.establishment.name}`)).toEqual([
      "anne@ac-rennes.fr Collège Anne de Bretagne",
      "bruno@ac-rennes.fr Collège Anne de Bretagne",
      "bruno@ac-rennes.fr Lycée Chateaubriand",
    ]);
    expect((await myBilans(w.rupnAB)).map((r) => r.establishment.name)).toEqual(["Collège Anne de Bretagne", "Lycée Chateaubriand"]);

    // Anne answers; the reminder goes to Bruno only, once, naming both establishments.
    const id = await startResponse(w.rupnA, campaign.id, w.a.id);
    await saveResponse(w.rupnA, id, { surveyVersionId: w.version.id, version: 1, data: validBilan }, "submit");
    const before = await getDb().outboxMessage.count();
    expect(await sendCampaignMails(w.dane, campaign.id, "reminder", "https://rupn.example")).toEqual({ recipients: 1 });
    const mails = await getDb().outboxMessage.findMany({ skip: before });
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ kind: "campaign-reminder", recipient: "bruno@ac-rennes.fr", subject: "Rappel : Bilan annuel des RUPN 2025-2026" });
    expect(mails[0].textBody).toContain("- Collège Anne de Bretagne");
    expect(mails[0].textBody).toContain("- Lycée Chateaubriand");
    expect(mails[0].textBody).toContain("https://rupn.example/bilans");
    await expect(sendCampaignMails(w.daneP, campaign.id, "invitation", "https://rupn.example")).rejects.toMatchObject({ status: 404 });
  });

  it("lists, filters, shows and exports the responses to the DANE of the académie only", async () => {
    const campaign = (await listCampaigns(w.dane))[0];
    const started = await startResponse(w.rupnAB, campaign.id, w.b.id);
    expect((await listCampaignResponses(w.dane, campaign.id, {})).rows).toHaveLength(2);
    expect((await listCampaignResponses(w.dane, campaign.id, { status: "SUBMITTED" })).rows.map((r) => r.establishment.name)).toEqual(["Collège Anne de Bretagne"]);
    expect((await listCampaignResponses(w.dane, campaign.id, { type: "LYCEE" })).rows.map((r) => r.id)).toEqual([started]);
    expect((await listCampaignResponses(w.dane, campaign.id, { q: "chateau" })).rows.map((r) => r.id)).toEqual([started]);
    await expect(getResponseForManager(w.daneP, campaign.id, started)).rejects.toMatchObject({ status: 404 });
    expect((await getResponseForManager(w.dane, campaign.id, started)).response.id).toBe(started);

    const { stream } = await campaignCsvStream(w.dane, campaign.id);
    const csv = await new Response(stream).text();
    const [header, ...rows] = csv.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(header.split(";").slice(0, 7)).toEqual(["UAI", "Établissement", "Type", "Commune", "Référent·e", "Adresse électronique", "Envoyé le"]);
    expect(header).toContain("Assistance et maintenance de niveau 1 (heures par semaine)");
    expect(rows).toHaveLength(1); // submitted only
    expect(rows[0]).toContain(`${w.a.uai};Collège Anne de Bretagne;Collège;Rennes;Prénom Nom;anne@ac-rennes.fr`);
    expect(rows[0]).toContain("1 250 €");
    expect(rows[0]).toContain("Ateliers de prise en main pour les collègues ; ");
    expect(rows[0]).toContain("Cafés pédagogiques mensuels");

    const request = await signedRequest(w.daneId, `http://localhost/campagnes/${campaign.id}/export.csv`);
    const response = await csvLoader({ request, params: { id: campaign.id }, context: { clientIp: null, cspNonce: "" } } as never);
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(await response.text()).toBe(csv);
    const foreign = await csvLoader({ request: await signedRequest(w.danePId, "http://localhost/x"), params: { id: campaign.id }, context: { clientIp: null, cspNonce: "" } } as never).catch((r: Response) => r);
    expect(foreign.status).toBe(404);
  });

  it("makes a closed campaign read-only", async () => {
    const campaign = (await listCampaigns(w.dane))[0];
    const id = (await myBilans(w.rupnAB)).find((r) => r.establishment.id === w.b.id)!.response!.id;
    await closeCampaign(w.dane, campaign.id);
    await expect(closeCampaign(w.dane, campaign.id)).rejects.toMatchObject({ status: 409 });
    await expect(saveResponse(w.rupnAB, id, { surveyVersionId: w.version.id, version: 1, data: {} }, "draft")).rejects.toMatchObject({ status: 409 });
    await expect(sendCampaignMails(w.dane, campaign.id, "reminder", "https://x")).rejects.toMatchObject({ status: 409 });
    // Answered bilans stay visible, read-only; unanswered ones disappear from the RUPN's list.
    expect((await myBilans(w.rupnAB)).map((r) => [r.establishment.name, r.campaign.state])).toEqual([["Lycée Chateaubriand", "closed"]]);
  });
});

describe("CSV fields", () => {
  it("quotes separators and neutralises formulas", () => {
    expect(csvField('a;b "c"')).toBe('"a;b ""c"""');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField(null)).toBe("");
    expect(csvField(12.5)).toBe("12.5");
  });
});
