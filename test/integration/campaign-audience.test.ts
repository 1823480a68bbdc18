// Golden test of a campaign's audience (issue 16, item 4; ADR 018): the RUPN designated for the school year the
// campaign covers — not the newcomers of the next year —, frozen when the invitations are sent, late designations
// reported apart and invited only on request; the participation dashboard counts the same people.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { syncSurveyVersions } from "../../app/surveys/registry.server.ts";
import { campaignAudience, createCampaign, getCampaign, sendCampaignMails } from "../../app/services/campaigns.server.ts";
import { myBilans, startResponse } from "../../app/services/responses.server.ts";
import { resolveDashboardScope } from "../../app/services/dashboards-scope.server.ts";
import { nonRespondents, participationByCampaign, scopedCampaigns } from "../../app/services/dashboards-participation.server.ts";
import { parseDashboardFilters } from "../../app/domain/dashboards/filters.ts";

useTestDatabase();

const day = 24 * 3600 * 1000;
const filters = parseDashboardFilters(new URLSearchParams());
let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const db = getDb();
  const current = await ensureCurrentSchoolYear();
  const covered = `${Number(current.slice(0, 4)) - 1}-${current.slice(0, 4)}`;
  await db.schoolYear.upsert({ where: { id: covered }, update: {}, create: { id: covered, startsOn: new Date(`${covered.slice(0, 4)}-09-01`), endsOn: new Date(`${covered.slice(5)}-08-31`) } });
  await syncSurveyVersions();
  const version = await db.surveyVersion.findFirstOrThrow({ where: { key: "bilan-annuel" } });
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  const a = await makeEstablishment(rennes.id, { name: "Collège Anne de Bretagne" });
  const b = await makeEstablishment(rennes.id, { name: "Lycée Chateaubriand", type: "LYCEE" });
  const p = await makeEstablishment(poitiers.id, { name: "Collège de Poitiers" });
  const rupn = (academyId: string, establishmentId: string, schoolYearId: string) => ({ role: "RUPN" as const, academyId, establishmentId, schoolYearId });
  // Anne goes on; Bruno served the covered year only; Chloé is designated for this year only (the newcomer).
  await makeUser([rupn(rennes.id, a.id, covered), rupn(rennes.id, a.id, current)], "anne@ac-rennes.fr");
  const bruno = await makeUser([rupn(rennes.id, b.id, covered)], "bruno@ac-rennes.fr");
  await makeUser([rupn(rennes.id, b.id, current)], "chloe@ac-rennes.fr");
  await makeUser([rupn(poitiers.id, p.id, covered)], "paul@ac-poitiers.fr");
  const daneUser = await makeUser([{ role: "DANE", academyId: rennes.id }]);
  const dane = (await getActor(await signedRequest(daneUser.id, "http://localhost/")))!;
  const open = { academyId: rennes.id, surveyVersionId: version.id, opensAt: new Date(Date.now() - day), closesAt: new Date(Date.now() + 30 * day) };
  const bilan = await createCampaign(dane, { ...open, title: `Bilan annuel ${covered}`, schoolYearId: covered });
  const next = await createCampaign(dane, { ...open, title: `Bilan annuel ${current}`, schoolYearId: current });
  return { current, covered, rennes, a, b, dane, bilan, next, bruno };
}

beforeAll(async () => {
  w = await world();
});

const people = (rows: { user: { email: string }; establishment: { name: string } }[]) => rows.map((r) => `${r.user.email} — ${r.establishment.name}`);
const audienceOf = async (id: string) => campaignAudience(await getCampaign(w.dane, id));
const mailsSince = async (count: number) => (await getDb().outboxMessage.findMany({ orderBy: { createdAt: "asc" }, skip: count })).map((m) => `${m.kind} ${m.recipient}`).sort();
async function invitedOnDashboard(id: string) {
  const campaigns = (await scopedCampaigns(await resolveDashboardScope(w.dane))).filter((c) => c.id === id);
  const [row] = await participationByCampaign(campaigns, filters);
  const missing = await nonRespondents(campaigns[0], filters);
  return { invited: row.invited, missing: missing.rows.map((r) => r.email).sort() };
}

describe("campaign audience", () => {
  it("is the RUPN designated for the school year the campaign covers, in its académie", async () => {
    const audience = await audienceOf(w.bilan.id);
    expect(audience.frozenAt).toBeNull();
    expect(people(audience.invited)).toEqual(["anne@ac-rennes.fr — Collège Anne de Bretagne", "bruno@ac-rennes.fr — Lycée Chateaubriand"]);
    expect(people((await audienceOf(w.next.id)).invited)).toEqual(["anne@ac-rennes.fr — Collège Anne de Bretagne", "chloe@ac-rennes.fr — Lycée Chateaubriand"]);
    expect(await invitedOnDashboard(w.bilan.id)).toEqual({ invited: 2, missing: ["anne@ac-rennes.fr", "bruno@ac-rennes.fr"] });
  });

  it("invites them, not this year's newcomer, and freezes the audience", async () => {
    const before = await getDb().outboxMessage.count();
    expect(await sendCampaignMails(w.dane, w.bilan.id, "invitation", "https://rupn.example")).toEqual({ recipients: 2 });
    expect(await mailsSince(before)).toEqual(["campaign-invitation anne@ac-rennes.fr", "campaign-invitation bruno@ac-rennes.fr"]);
    const audience = await audienceOf(w.bilan.id);
    expect(audience.frozenAt).toBeInstanceOf(Date);
    expect(await getDb().campaignInvitee.count({ where: { campaignId: w.bilan.id } })).toBe(2);

    // Bruno, who served the covered year and is not designated this year, finds and starts the bilan he is asked for.
    const bruno = (await getActor(await signedRequest(w.bruno.id, "http://localhost/")))!;
    expect((await myBilans(bruno)).map((r) => [r.campaign.title, r.establishment.name])).toEqual([[`Bilan annuel ${w.covered}`, "Lycée Chateaubriand"]]);
    expect(await startResponse(bruno, w.bilan.id, w.b.id)).toEqual(expect.any(String));
    await expect(startResponse(bruno, w.next.id, w.b.id)).rejects.toMatchObject({ status: 404 });
  });

  it("keeps the frozen audience when designations change, and reports late additions apart", async () => {
    // Denis is designated for the covered year after the invitations; Bruno's designation is withdrawn.
    const denis = await makeUser([{ role: "RUPN", academyId: w.rennes.id, establishmentId: w.a.id, schoolYearId: w.covered }], "denis@ac-rennes.fr");
    await getDb().roleAssignment.deleteMany({ where: { user: { email: "bruno@ac-rennes.fr" } } });

    const audience = await audienceOf(w.bilan.id);
    expect(people(audience.invited)).toEqual(["anne@ac-rennes.fr — Collège Anne de Bretagne", "bruno@ac-rennes.fr — Lycée Chateaubriand"]);
    expect(people(audience.late)).toEqual(["denis@ac-rennes.fr — Collège Anne de Bretagne"]);
    expect(await invitedOnDashboard(w.bilan.id)).toEqual({ invited: 2, missing: ["anne@ac-rennes.fr", "bruno@ac-rennes.fr"] });

    // Reminders go to the frozen audience only.
    let before = await getDb().outboxMessage.count();
    expect(await sendCampaignMails(w.dane, w.bilan.id, "reminder", "https://rupn.example")).toEqual({ recipients: 2 });
    expect(await mailsSince(before)).toEqual(["campaign-reminder anne@ac-rennes.fr", "campaign-reminder bruno@ac-rennes.fr"]);

    // Inviting the late additions adds them, marked as such, and mails only them.
    before = await getDb().outboxMessage.count();
    expect(await sendCampaignMails(w.dane, w.bilan.id, "late", "https://rupn.example")).toEqual({ recipients: 1 });
    expect(await mailsSince(before)).toEqual(["campaign-invitation denis@ac-rennes.fr"]);
    const after = await audienceOf(w.bilan.id);
    expect(after.late).toEqual([]);
    expect(after.invited.filter((i) => i.lateAddition).map((i) => i.user.id)).toEqual([denis.id]);
    expect(await invitedOnDashboard(w.bilan.id)).toEqual({ invited: 3, missing: ["anne@ac-rennes.fr", "bruno@ac-rennes.fr", "denis@ac-rennes.fr"] });

    // The next year's campaign, not sent yet, still follows its own year's designations.
    expect(people((await audienceOf(w.next.id)).invited)).toEqual(["anne@ac-rennes.fr — Collège Anne de Bretagne", "chloe@ac-rennes.fr — Lycée Chateaubriand"]);
  });
});
