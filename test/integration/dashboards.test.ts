// Golden tests of the dashboards: a small world built here, and every number of every panel compared with an
// independent computation written in this file from the same hand-made bilans (not with the service's output).
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { syncSurveyVersions } from "../../app/surveys/registry.server.ts";
import { saveResponse, startResponse } from "../../app/services/responses.server.ts";
import { loadDashboardPage, participationPage } from "../../app/services/dashboards.server.ts";
import { parseDashboardFilters } from "../../app/domain/dashboards/filters.ts";
import { loader as loadLoader } from "../../app/routes/tableaux-de-bord._index.tsx";
import { loader as participationLoader, action as participationAction } from "../../app/routes/tableaux-de-bord.participation.tsx";
import { loader as workbookLoader } from "../../app/routes/tableaux-de-bord_.campagnes.$id.classeur[.]xlsx.ts";
import ExcelJS from "exceljs";
import { validBilan } from "../fixtures/bilan-answers.ts";

useTestDatabase();

const day = 24 * 3600 * 1000;
const CATS = ["pedagogical_support", "leadership_advice", "assistance", "online_services", "communication", "training"] as const;
const INDICATORS = CATS.map((c) => `workload.${c}`);
type Hours = [number, number, number, number, number, number];
type Est = Awaited<ReturnType<typeof makeEstablishment>>;
type Bilan = { campaign: string; est: Est; user: string; hours: Hours; referents: number };

let w: Awaited<ReturnType<typeof world>>;
const bilans: Bilan[] = [];

async function world() {
  const db = getDb();
  const current = await ensureCurrentSchoolYear();
  for (const id of ["2024-2025", "2025-2026"]) {
    const start = Number(id.slice(0, 4));
    await db.schoolYear.upsert({ where: { id }, update: {}, create: { id, startsOn: new Date(Date.UTC(start, 8, 1)), endsOn: new Date(Date.UTC(start + 1, 7, 31)) } });
  }
  await syncSurveyVersions();
  const version = await db.surveyVersion.findFirstOrThrow();
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  const A = await makeEstablishment(rennes.id, { name: "Collège Anne de Bretagne", type: "COLLEGE", departmentCode: "035", departmentName: "Ille-et-Vilaine", basinCode: "R1", basinName: "Rennes Nord", priorityEducation: "REP" });
  const B = await makeEstablishment(rennes.id, { name: "Lycée Bréquigny", type: "LYCEE", departmentCode: "035", departmentName: "Ille-et-Vilaine", basinCode: "R1", basinName: "Rennes Nord" });
  const C = await makeEstablishment(rennes.id, { name: "Collège Saint-Charles", type: "COLLEGE", sector: "PRIVATE", departmentCode: "022", departmentName: "Côtes-d'Armor", basinCode: "S1", basinName: "Saint-Brieuc" });
  const D = await makeEstablishment(rennes.id, { name: "Lycée professionnel de Dinan", type: "LYCEE_PRO", departmentCode: "022", departmentName: "Côtes-d'Armor", priorityEducation: "REP+" });
  const E = await makeEstablishment(rennes.id, { name: "EREA de Ploërmel", type: "EREA", departmentCode: "056", departmentName: "Morbihan" });
  const P = await makeEstablishment(poitiers.id, { name: "Collège de Poitiers", type: "COLLEGE", departmentCode: "086", departmentName: "Vienne" });
  const rupn = (est: Est, year: string) => ({ role: "RUPN" as const, academyId: est.academyId, establishmentId: est.id, schoolYearId: year });
  // Referents of 2025-2026 (the year cR25 covers) who go on this year: designated for both years.
  const onward = (est: Est) => [rupn(est, "2025-2026"), rupn(est, current)];
  const u1 = await makeUser([rupn(A, "2024-2025"), ...onward(A)], "u1@test.example");
  const u2 = await makeUser([rupn(A, "2024-2025")], "u2@test.example");
  const u3 = await makeUser([rupn(B, "2024-2025"), ...onward(B)], "u3@test.example");
  const u4 = await makeUser([rupn(C, "2024-2025")], "u4@test.example");
  const u5 = await makeUser([rupn(D, "2024-2025")], "u5@test.example");
  const u6 = await makeUser(onward(C), "u6@test.example");
  const u7 = await makeUser(onward(D), "u7@test.example");
  const u8 = await makeUser(onward(E), "u8@test.example");
  const p1 = await makeUser(onward(P), "p1@test.example");
  const dane = await makeUser([{ role: "DANE", academyId: rennes.id }]);
  const rectorat = await makeUser([{ role: "RECTORAT", academyId: rennes.id }]);
  const daneP = await makeUser([{ role: "DANE", academyId: poitiers.id }]);
  const admin = await makeUser([{ role: "ADMIN", academyId: rennes.id }]);
  const chef = await makeUser([{ role: "CHEF", academyId: rennes.id, establishmentId: A.id }]);
  const campaign = (academyId: string, schoolYearId: string, opensAt: Date, closesAt: Date, title: string) =>
    db.campaign.create({ data: { title, academyId, schoolYearId, surveyVersionId: version.id, opensAt, closesAt } });
  const cR24 = await campaign(rennes.id, "2024-2025", new Date("2025-05-01"), new Date("2025-07-01"), "Bilan Rennes 2024-2025");
  const cR25 = await campaign(rennes.id, "2025-2026", new Date(Date.now() - 10 * day), new Date(Date.now() + 30 * day), "Bilan Rennes 2025-2026");
  const cP25 = await campaign(poitiers.id, "2025-2026", new Date(Date.now() - 10 * day), new Date(Date.now() + 30 * day), "Bilan Poitiers 2025-2026");
  const actor = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
  return { version, rennes, poitiers, A, B, C, D, E, P, u: { u1, u2, u3, u4, u5, u6, u7, u8, p1 }, cR24, cR25, cP25,
    ids: { dane: dane.id, rectorat: rectorat.id, daneP: daneP.id, admin: admin.id, chef: chef.id },
    dane: await actor(dane.id), rectorat: await actor(rectorat.id), daneP: await actor(daneP.id), admin: await actor(admin.id),
    u3: await actor(u3.id), u7: await actor(u7.id) };
}

/** A submitted bilan written as the submission writes it: the response and its facts (plus an unrelated fact). */
async function submitted(b: Bilan) {
  const db = getDb();
  const r = await db.surveyResponse.create({
    data: { campaignId: b.campaign, surveyVersionId: w.version.id, establishmentId: b.est.id, respondentId: b.user, status: "SUBMITTED", data: {}, submittedAt: new Date() },
  });
  await db.responseFact.createMany({
    data: [
      ...CATS.map((c, i) => ({ responseId: r.id, campaignId: b.campaign, establishmentId: b.est.id, indicator: `workload.${c}`, question: `h_${c}`, numericValue: b.hours[i] })),
      { responseId: r.id, campaignId: b.campaign, establishmentId: b.est.id, indicator: "context.referent_count", question: "nombre_referents", numericValue: b.referents },
      { responseId: r.id, campaignId: b.campaign, establishmentId: b.est.id, indicator: "assistance.tickets", question: "tickets_collectivite", numericValue: 40 },
    ],
  });
  bilans.push(b);
}

beforeAll(async () => {
  w = await world();
  const { u } = w;
  await submitted({ campaign: w.cR24.id, est: w.A, user: u.u1.id, hours: [3, 1, 2, 1, 0.5, 0.5], referents: 2 });
  await submitted({ campaign: w.cR24.id, est: w.A, user: u.u2.id, hours: [1, 0.5, 4, 1, 0, 0.5], referents: 2 });
  await submitted({ campaign: w.cR24.id, est: w.B, user: u.u3.id, hours: [2, 1, 2.5, 2, 1, 0], referents: 1 });
  await submitted({ campaign: w.cR24.id, est: w.C, user: u.u4.id, hours: [0, 0, 0, 0, 0, 0], referents: 1 });
  await submitted({ campaign: w.cR25.id, est: w.A, user: u.u1.id, hours: [2.5, 1, 1.5, 1, 0.5, 0.5], referents: 2 });
  await submitted({ campaign: w.cR25.id, est: w.A, user: u.u2.id, hours: [1, 1, 3, 0.5, 0.5, 0], referents: 3 });
  await submitted({ campaign: w.cR25.id, est: w.C, user: u.u6.id, hours: [1, 0.5, 2, 1, 0.5, 0], referents: 1 });
  await submitted({ campaign: w.cP25.id, est: w.P, user: u.p1.id, hours: [1, 1, 5, 1, 0, 0], referents: 1 });
  // u3 submits through the real bilan service (facts extracted from the survey), u7 only saves a draft.
  const id = await startResponse(w.u3, w.cR25.id, w.B.id);
  await saveResponse(w.u3, id, { surveyVersionId: w.version.id, version: 1, data: validBilan }, "submit");
  bilans.push({ campaign: w.cR25.id, est: w.B, user: u.u3.id, hours: [validBilan.h_accompagnement, validBilan.h_conseil, validBilan.h_assistance, validBilan.h_administration, validBilan.h_communication, validBilan.h_formation], referents: validBilan.nombre_referents });
  const draft = await startResponse(w.u7, w.cR25.id, w.D.id);
  await saveResponse(w.u7, draft, { surveyVersionId: w.version.id, version: 1, data: { statut: "cpe", h_assistance: 30 } }, "draft");
});

// ---- The independent computation -------------------------------------------------------------------------

const yearOf = (b: Bilan) => (b.campaign === w.cR24.id ? "2024-2025" : "2025-2026");
const total = (h: Hours) => h.reduce((a, x) => a + x, 0);
const r2 = (x: number) => Math.round(x * 100) / 100;
const r3 = (x: number) => Math.round(x * 1000) / 1000;

function expectedRows(list: Bilan[], keyOf: (b: Bilan) => string) {
  const groups = new Map<string, Bilan[]>();
  for (const b of list) groups.set(keyOf(b), [...(groups.get(keyOf(b)) ?? []), b]);
  return new Map([...groups].map(([key, g]) => {
    const sums = CATS.map((_, i) => g.reduce((a, b) => a + b.hours[i], 0));
    const all = sums.reduce((a, x) => a + x, 0);
    return [key, {
      responses: g.length,
      means: Object.fromEntries(CATS.map((c, i) => [c, r2(sums[i] / g.length)])),
      totalMean: r2(all / g.length),
      assistanceShare: all > 0 ? r3(sums[2] / all) : null,
    }];
  }));
}

type Row = { key: string; responses: number; means: Record<string, number>; totalMean: number; assistanceShare: number | null };
function expectRows(actual: Row[], expected: ReturnType<typeof expectedRows>) {
  expect(Object.fromEntries(actual.map((r) => [r.key, { responses: r.responses, means: r.means, totalMean: r.totalMean, assistanceShare: r.assistanceShare }])))
    .toEqual(Object.fromEntries(expected));
}

function expectedHistogram(list: Bilan[]) {
  const counts = Array(10).fill(0);
  for (const b of list) if (total(b.hours) > 0) counts[Math.min(9, Math.floor((10 * b.hours[2]) / total(b.hours)))]++;
  return counts;
}

function expectedExceeding(list: Bilan[]) {
  const groups = new Map<string, Bilan[]>();
  for (const b of list) groups.set(`${b.est.id}/${b.campaign}`, [...(groups.get(`${b.est.id}/${b.campaign}`) ?? []), b]);
  return [...groups.values()]
    .map((g) => {
      const ass = g.reduce((a, b) => a + b.hours[2], 0);
      const ped = g.reduce((a, b) => a + b.hours[0], 0);
      const all = g.reduce((a, b) => a + total(b.hours), 0);
      return { uai: g[0].est.uai, schoolYearId: yearOf(g[0]), referents: g.length, assistance: ass, pedagogical: ped, gap: r2(ass - ped), assistanceShare: all ? r3(ass / all) : null };
    })
    .filter((x) => x.assistance > x.pedagogical)
    .sort((a, b) => b.gap - a.gap);
}

async function dashboard(actor: typeof w.dane, query: string) {
  const filters = parseDashboardFilters(new URLSearchParams(query));
  return loadDashboardPage(actor, filters, "ecart");
}

function checkEverything(page: Awaited<ReturnType<typeof loadDashboardPage>>, list: Bilan[], allYears: Bilan[]) {
  const d = page.data;
  const types: Record<string, string> = { [w.A.id]: "COLLEGE", [w.B.id]: "LYCEE", [w.C.id]: "COLLEGE", [w.D.id]: "LYCEE_PRO", [w.E.id]: "EREA", [w.P.id]: "COLLEGE" };
  const sectors: Record<string, string> = { [w.C.id]: "PRIVATE" };
  const deps: Record<string, string> = { [w.A.id]: "035", [w.B.id]: "035", [w.C.id]: "022", [w.D.id]: "022", [w.E.id]: "056", [w.P.id]: "086" };
  expectRows(d.byType, expectedRows(list, (b) => types[b.est.id]));
  expectRows(d.bySector, expectedRows(list, (b) => sectors[b.est.id] ?? "PUBLIC"));
  expectRows(d.byZone, expectedRows(list, (b) => deps[b.est.id]));
  expectRows(d.byYear, expectedRows(allYears, yearOf));
  expect(d.histogram.map((b) => b.count)).toEqual(expectedHistogram(list));
  expect(d.totals).toEqual({
    responses: list.length,
    establishments: new Set(list.map((b) => b.est.id)).size,
    exceed: list.filter((b) => b.hours[2] > b.hours[0]).length,
    exceedShare: list.length ? r3(list.filter((b) => b.hours[2] > b.hours[0]).length / list.length) : null,
    noHours: list.filter((b) => total(b.hours) === 0).length,
  });
  expect(d.exceeding.rows.map(({ uai, schoolYearId, referents, assistance, pedagogical, gap, assistanceShare }) => ({ uai, schoolYearId, referents, assistance, pedagogical, gap, assistanceShare })))
    .toEqual(expectedExceeding(list));
  expect(d.exceeding.matching).toBe(expectedExceeding(list).length);
}

const rennesBilans = () => bilans.filter((b) => b.est.academyId === w.rennes.id);

describe("load dashboard", () => {
  it("defaults to the latest year with bilans, in the DANE's académie only", async () => {
    const page = await dashboard(w.dane, "");
    expect(page.filters.schoolYears).toEqual(["2025-2026"]);
    const list = rennesBilans().filter((b) => yearOf(b) === "2025-2026");
    expect(list).toHaveLength(4);
    checkEverything(page, list, rennesBilans());
    // A few figures written out by hand, as a reader of the dashboard would check them.
    expect(page.data.byType.find((r) => r.key === "COLLEGE")).toMatchObject({ responses: 3, totalMean: 6, assistanceShare: r3(6.5 / 18) });
    expect(page.data.totals).toMatchObject({ responses: 4, exceed: 2, exceedShare: 0.5 });
    expect(page.data.exceeding.rows.map((r) => r.name)).toEqual(["Collège Anne de Bretagne", "Collège Saint-Charles"]);
    expect(page.data.exceeding.rows[0].responsesLink).toBe(`/campagnes/${w.cR25.id}/reponses?statut=SUBMITTED&q=${w.A.uai}`);
  });

  it("covers the chosen years; the year-over-year panel covers every year", async () => {
    const page = await dashboard(w.dane, "annee=2024-2025");
    const list = rennesBilans().filter((b) => yearOf(b) === "2024-2025");
    checkEverything(page, list, rennesBilans());
    expect(page.data.totals).toMatchObject({ responses: 4, noHours: 1, exceed: 2 });
    expect(page.data.histogram.map((b) => b.count)).toEqual([0, 0, 2, 0, 0, 1, 0, 0, 0, 0]);
    const both = await dashboard(w.dane, "annee=2024-2025&annee=2025-2026");
    checkEverything(both, rennesBilans(), rennesBilans());
  });

  it("applies each filter", async () => {
    const all = rennesBilans();
    const cases: [string, (b: Bilan) => boolean][] = [
      ["type=COLLEGE", (b) => [w.A.id, w.C.id].includes(b.est.id)],
      ["type=COLLEGE&type=LYCEE", (b) => [w.A.id, w.B.id, w.C.id].includes(b.est.id)],
      ["departement=022", (b) => [w.C.id, w.D.id].includes(b.est.id)],
      ["bassin=R1", (b) => [w.A.id, w.B.id].includes(b.est.id)],
      ["secteur=PRIVATE", (b) => b.est.id === w.C.id],
      ["secteur=PUBLIC", (b) => b.est.id !== w.C.id],
      ["ep=REP", (b) => b.est.id === w.A.id],
      ["ep=hors", (b) => [w.B.id, w.C.id, w.E.id].includes(b.est.id)],
      ["referents=1", (b) => b.referents === 1],
      ["referents=2", (b) => b.referents === 2],
      ["referents=3%2B", (b) => b.referents >= 3],
    ];
    for (const [query, keep] of cases) {
      const page = await dashboard(w.dane, `annee=2024-2025&annee=2025-2026&${query}`);
      checkEverything(page, all.filter(keep), all.filter(keep));
    }
  });

  it("breaks down by bassin when asked, with the establishments that have none apart", async () => {
    const page = await dashboard(w.dane, "annee=2024-2025&decoupage=bassin");
    const basins: Record<string, string> = { [w.A.id]: "R1", [w.B.id]: "R1", [w.C.id]: "S1" };
    expectRows(page.data.byZone, expectedRows(rennesBilans().filter((b) => yearOf(b) === "2024-2025"), (b) => basins[b.est.id] ?? ""));
    expect(page.data.byZone.map((r) => r.label)).toEqual(["Rennes Nord (R1)", "Saint-Brieuc (S1)"]);
  });

  it("sorts the establishments table on the asked column", async () => {
    const filters = parseDashboardFilters(new URLSearchParams("annee=2024-2025&annee=2025-2026"));
    const byName = await loadDashboardPage(w.dane, filters, "nom");
    expect(byName.data.exceeding.rows.map((r) => `${r.name} ${r.schoolYearId}`)).toEqual([
      "Collège Anne de Bretagne 2025-2026", "Collège Anne de Bretagne 2024-2025", "Collège Saint-Charles 2025-2026", "Lycée Bréquigny 2024-2025",
    ]);
    const byShare = await loadDashboardPage(w.dane, filters, "part");
    const shares = byShare.data.exceeding.rows.map((r) => r.assistanceShare!);
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
  });

  it("keeps each académie to itself; an administrator sees all or picks one", async () => {
    const p = await dashboard(w.daneP, "");
    checkEverything(p, bilans.filter((b) => b.est.id === w.P.id), bilans.filter((b) => b.est.id === w.P.id));
    expect(p.options.departments.map((d) => d.code)).toEqual(["086"]);
    const admin = await dashboard(w.admin, "annee=2025-2026");
    checkEverything(admin, bilans.filter((b) => yearOf(b) === "2025-2026"), bilans);
    const adminP = await dashboard(w.admin, `academie=${w.poitiers.id}&annee=2025-2026`);
    checkEverything(adminP, bilans.filter((b) => b.est.id === w.P.id), bilans.filter((b) => b.est.id === w.P.id));
    // The rectorat sees the figures but not the links to the responses (a DANE page).
    const rect = await dashboard(w.rectorat, "");
    checkEverything(rect, rennesBilans().filter((b) => yearOf(b) === "2025-2026"), rennesBilans());
    expect(rect.data.exceeding.rows.every((r) => r.responsesLink === null)).toBe(true);
  });

  it("answers 404 to another académie's id and 403 to other roles, through the route", async () => {
    const call = async (userId: string, query: string) =>
      loadLoader({ request: await signedRequest(userId, `http://localhost/tableaux-de-bord?${query}`), params: {}, context: {} } as never).catch((r: Response) => r);
    const foreign = (await call(w.ids.dane, `academie=${w.poitiers.id}`)) as Response;
    expect(foreign.status).toBe(404);
    expect(await foreign.text()).toBe("Cette académie n'existe pas ou vous n'y avez pas accès.");
    expect(((await call(w.ids.chef, "")) as Response).status).toBe(403);
    const ok = (await call(w.ids.dane, "annee=2024-2025&type=LYCEE")) as Awaited<ReturnType<typeof loadLoader>>;
    expect(ok.data.totals.responses).toBe(1);
    expect(ok.filters.types).toEqual(["LYCEE"]);
  });
});

describe("workload rows kept from the facts", () => {
  it("follows a re-submitted bilan, and drops a bilan whose facts are deleted", async () => {
    const db = getDb();
    const response = await db.surveyResponse.findFirstOrThrow({ where: { campaignId: w.cR25.id, establishmentId: w.B.id } });
    await saveResponse(w.u3, response.id, { surveyVersionId: w.version.id, version: response.version, data: { ...validBilan, h_assistance: 6, nombre_referents: 3 } }, "submit");
    const mine = bilans.find((b) => b.campaign === w.cR25.id && b.est.id === w.B.id)!;
    mine.hours = [mine.hours[0], mine.hours[1], 6, mine.hours[3], mine.hours[4], mine.hours[5]];
    mine.referents = 3;
    checkEverything(await dashboard(w.dane, ""), rennesBilans().filter((b) => yearOf(b) === "2025-2026"), rennesBilans());
    expect(await db.responseWorkload.findUnique({ where: { responseId: response.id } })).toMatchObject({ assistance: 6, referentCount: 3, academyId: w.rennes.id, schoolYearId: "2025-2026" });

    // A throwaway bilan: counted once its facts exist, gone with them.
    const extra = { campaign: w.cR24.id, est: w.D, user: w.u.u5.id, hours: [1, 1, 1, 1, 1, 1] as Hours, referents: 1 };
    await submitted(extra);
    expect((await dashboard(w.dane, "annee=2024-2025")).data.totals.responses).toBe(5);
    const row = await db.surveyResponse.findFirstOrThrow({ where: { campaignId: w.cR24.id, respondentId: w.u.u5.id } });
    await db.responseFact.deleteMany({ where: { responseId: row.id } });
    expect(await db.responseWorkload.count({ where: { responseId: row.id } })).toBe(0);
    await db.surveyResponse.delete({ where: { id: row.id } });
    bilans.splice(bilans.indexOf(extra), 1);
    checkEverything(await dashboard(w.dane, "annee=2024-2025"), rennesBilans().filter((b) => yearOf(b) === "2024-2025"), rennesBilans());
  });
});

// ---- Participation ----------------------------------------------------------------------------------------

describe("participation dashboard", () => {
  it("counts invited and answered per campaign, by type and by zone", async () => {
    const page = await participationPage(w.dane, parseDashboardFilters(new URLSearchParams()), w.cR25.id);
    // Invited to cR24: the RUPN designated for 2024-2025, the year it covers (u1..u5 ; u1..u4 answered).
    // Invited to cR25: the RUPN designated for 2025-2026 (u1, u3, u6, u7, u8) and u2, who answered without a designation.
    expect(page.byCampaign.map(({ key, invited, submitted, drafts, notStarted, rate }) => ({ key, invited, submitted, drafts, notStarted, rate }))).toEqual([
      { key: w.cR25.id, invited: 6, submitted: 4, drafts: 1, notStarted: 1, rate: r3(4 / 6) },
      { key: w.cR24.id, invited: 5, submitted: 4, drafts: 0, notStarted: 1, rate: 0.8 },
    ]);
    const pick = (rows: { key: string; invited: number; submitted: number; drafts: number }[]) =>
      Object.fromEntries(rows.map((r) => [r.key, [r.invited, r.submitted, r.drafts]]));
    expect(pick(page.detail!.byType)).toEqual({ COLLEGE: [3, 3, 0], LYCEE: [1, 1, 0], LYCEE_PRO: [1, 0, 1], EREA: [1, 0, 0] });
    expect(pick(page.detail!.byZone)).toEqual({ "035": [3, 3, 0], "022": [2, 1, 1], "056": [1, 0, 0] });
    expect(page.detail!.total).toMatchObject({ invited: 6, submitted: 4, drafts: 1, notStarted: 1 });
    expect(page.missing!.rows.map((r) => [r.establishment, r.email, r.status])).toEqual([
      ["EREA de Ploërmel", "u8@test.example", "NONE"],
      ["Lycée professionnel de Dinan", "u7@test.example", "DRAFT"],
    ]);
    const filtered = await participationPage(w.dane, parseDashboardFilters(new URLSearchParams("type=LYCEE_PRO&type=EREA")), w.cR25.id);
    expect(filtered.byCampaign.map((r) => [r.invited, r.submitted])).toEqual([[2, 0], [1, 0]]);
    expect(filtered.missing!.matching).toBe(2);
  });

  it("sends the reminder to the non-respondents through the outbox; scope and roles are enforced", async () => {
    const db = getDb();
    const post = async (userId: string, campagne: string) => {
      const body = new URLSearchParams({ intent: "reminder", campagne });
      const request = await signedRequest(userId, "http://localhost/tableaux-de-bord/participation", { method: "POST", body, headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "http://localhost" } });
      return participationAction({ request, params: {}, context: { clientIp: null } } as never).catch((r: Response) => r);
    };
    const before = await db.outboxMessage.count();
    const sent = (await post(w.ids.dane, w.cR25.id)) as { message: string };
    expect(sent.message).toBe("Relance envoyée à 2 référent·es.");
    const mails = await db.outboxMessage.findMany({ skip: before, orderBy: { recipient: "asc" } });
    expect(mails.map((m) => [m.kind, m.recipient])).toEqual([["campaign-reminder", "u7@test.example"], ["campaign-reminder", "u8@test.example"]]);
    const closed = (await post(w.ids.dane, w.cR24.id)) as { data: { error: string }; init: { status: number } };
    expect(closed.init.status).toBe(409);
    const foreign = (await post(w.ids.dane, w.cP25.id)) as { data: { error: string }; init: { status: number } };
    expect(foreign.init.status).toBe(404);
    expect(((await post(w.ids.rectorat, w.cR25.id)) as Response).status).toBe(403);
    expect(await db.outboxMessage.count()).toBe(before + 2);
  });

  it("answers 404 to another académie's campaign", async () => {
    const get = async (userId: string, query: string) =>
      participationLoader({ request: await signedRequest(userId, `http://localhost/tableaux-de-bord/participation?${query}`), params: {}, context: {} } as never).catch((r: Response) => r);
    expect(((await get(w.ids.dane, `campagne=${w.cP25.id}`)) as Response).status).toBe(404);
    expect(((await get(w.ids.dane, "campagne=nimporte-quoi")) as Response).status).toBe(404);
    // An administrator compares, by default, the campaigns of the latest year only (every académie).
    const admin = (await get(w.ids.admin, "")) as Awaited<ReturnType<typeof participationLoader>>;
    expect(admin.filters.schoolYears).toEqual(["2025-2026"]);
    expect(admin.byCampaign.map((r) => [r.key, r.invited, r.submitted]).sort()).toEqual([[w.cP25.id, 1, 1], [w.cR25.id, 6, 4]].sort());
    const adminOld = (await get(w.ids.admin, "annee=2024-2025")) as Awaited<ReturnType<typeof participationLoader>>;
    expect(adminOld.byCampaign.map((r) => [r.key, r.invited, r.submitted])).toEqual([[w.cR24.id, 5, 4]]);
    expect(adminOld.campaign!.id).toBe(w.cR24.id);
    const own = (await get(w.ids.daneP, `campagne=${w.cP25.id}`)) as Awaited<ReturnType<typeof participationLoader>>;
    expect(own.campaigns.map((c) => c.id)).toEqual([w.cP25.id]);
    expect(own.detail!.total).toMatchObject({ invited: 1, submitted: 1 });
  });
});

// ---- XLSX workbook -----------------------------------------------------------------------------------------

describe("campaign workbook", () => {
  const download = async (userId: string, id: string) =>
    workbookLoader({ request: await signedRequest(userId, `http://localhost/tableaux-de-bord/campagnes/${id}/classeur.xlsx`), params: { id }, context: { clientIp: null } } as never).catch((r: Response) => r);

  it("streams the responses and one sheet per dashboard table, with the same numbers", async () => {
    const response = (await download(w.ids.dane, w.cR25.id)) as Response;
    expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="classeur-2025-2026-${w.cR25.id}.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    expect(workbook.worksheets.map((s) => s.name)).toEqual([
      "Réponses", "Charge par type", "Charge par département", "Charge public-privé", "Part de l'assistance", "Assistance sup. accomp.",
      "Participation par type", "Participation par département", "Non-répondants",
    ]);
    const values = (name: string) => {
      const rows: unknown[][] = [];
      workbook.getWorksheet(name)!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
      return rows;
    };
    const responses = values("Réponses");
    expect(responses[0].slice(0, 7)).toEqual(["UAI", "Établissement", "Type", "Commune", "Référent·e", "Adresse électronique", "Envoyé le"]);
    expect(responses).toHaveLength(1 + 4);
    const u3 = responses.find((r) => r[5] === "u3@test.example")!;
    const col = (title: string) => responses[0].indexOf(title);
    expect(u3[col("Assistance et maintenance de niveau 1 (heures par semaine)")]).toBe(6); // re-submitted above
    expect(u3[col("Montant annuel de votre IMP")]).toBe("1 250 €");

    const list = bilans.filter((b) => b.campaign === w.cR25.id);
    const byType = expectedRows(list, (b) => ({ [w.A.id]: "Collège", [w.B.id]: "Lycée", [w.C.id]: "Collège" })[b.est.id]!);
    const sheet = values("Charge par type");
    expect(sheet[0]).toEqual(["Type d'établissement", "Bilans", ...CATS.map((c) => expect.stringContaining("(h/semaine)")), "Total (h/semaine)", "Part de l'assistance (%)"]);
    for (const [label, e] of byType) {
      const row = sheet.find((r) => r[0] === label)!;
      expect(row).toEqual([label, e.responses, ...CATS.map((c) => e.means[c]), e.totalMean, Math.round(e.assistanceShare! * 1000) / 10]);
    }
    expect(sheet).toHaveLength(1 + byType.size);
    expect(values("Part de l'assistance").slice(1).map((r) => r[1])).toEqual(expectedHistogram(list));
    expect(values("Assistance sup. accomp.").slice(1).map((r) => [r[1], r[8]])).toEqual(expectedExceeding(list).map((x) => [x.uai, x.gap]));
    expect(values("Participation par type").slice(1).map((r) => r.slice(0, 5))).toEqual([
      ["Collège", 3, 3, 0, 0], ["Lycée", 1, 1, 0, 0], ["Lycée professionnel", 1, 0, 1, 0], ["EREA", 1, 0, 0, 1], ["Ensemble", 6, 4, 1, 1],
    ]);
    expect(values("Non-répondants").slice(1).map((r) => r[5])).toEqual(["u8@test.example", "u7@test.example"]);
  });

  it("is the DANE's: another académie's campaign is a 404, the rectorat gets a 403", async () => {
    expect(((await download(w.ids.daneP, w.cR25.id)) as Response).status).toBe(404);
    expect(((await download(w.ids.rectorat, w.cR25.id)) as Response).status).toBe(403);
  });
});
