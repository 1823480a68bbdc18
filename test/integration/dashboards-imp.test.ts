// Golden tests of the IMP dashboard and of the letters-by-status panel: lettres de mission, attributions and bilans
// built here, every number compared with a computation written in this file.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { syncSurveyVersions } from "../../app/surveys/registry.server.ts";
import { impPage, participationPage } from "../../app/services/dashboards.server.ts";
import { parseDashboardFilters } from "../../app/domain/dashboards/filters.ts";
import { parseLetterStatusFilter } from "../../app/domain/dashboards/imp.ts";
import { loader as impLoader } from "../../app/routes/tableaux-de-bord.imp.tsx";

useTestDatabase();

type Est = Awaited<ReturnType<typeof makeEstablishment>>;
type Letter = { est: Est; year: string; status: "DRAFT" | "SUBMITTED" | "SIGNED" | "VALIDATED"; pupils: number | null; envelope: number | null; topUp: number; imps: (number | "relief")[] };

let w: Awaited<ReturnType<typeof world>>;
const letters: Letter[] = [];
const hours: { est: Est; year: string; total: number }[] = [];

async function world() {
  const db = getDb();
  await ensureCurrentSchoolYear();
  for (const id of ["2024-2025", "2025-2026"]) {
    const start = Number(id.slice(0, 4));
    await db.schoolYear.upsert({ where: { id }, update: {}, create: { id, startsOn: new Date(Date.UTC(start, 8, 1)), endsOn: new Date(Date.UTC(start + 1, 7, 31)) } });
  }
  await syncSurveyVersions();
  const version = await db.surveyVersion.findFirstOrThrow({ where: { key: "bilan-annuel" } });
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  const dep = (code: string, name: string) => ({ departmentCode: code, departmentName: name });
  const A = await makeEstablishment(rennes.id, { name: "Collège A", type: "COLLEGE", ...dep("035", "Ille-et-Vilaine") });
  const B = await makeEstablishment(rennes.id, { name: "Lycée B", type: "LYCEE", ...dep("035", "Ille-et-Vilaine") });
  const C = await makeEstablishment(rennes.id, { name: "Collège C", type: "COLLEGE", sector: "PRIVATE", ...dep("022", "Côtes-d'Armor") });
  const D = await makeEstablishment(rennes.id, { name: "LP D", type: "LYCEE_PRO", ...dep("022", "Côtes-d'Armor") });
  const E = await makeEstablishment(rennes.id, { name: "EREA E", type: "EREA", ...dep("056", "Morbihan") });
  const F = await makeEstablishment(rennes.id, { name: "Collège F (fermé)", type: "COLLEGE", ...dep("056", "Morbihan") });
  await db.establishment.update({ where: { id: F.id }, data: { closedAt: new Date("2024-06-30") } });
  const P = await makeEstablishment(poitiers.id, { name: "Collège P", type: "COLLEGE", ...dep("086", "Vienne") });
  const campaign = (academyId: string, schoolYearId: string) =>
    db.campaign.create({ data: { title: `Bilan ${schoolYearId}`, academyId, schoolYearId, surveyVersionId: version.id, opensAt: new Date("2026-05-01"), closesAt: new Date("2026-07-01") } });
  const campaigns = { R25: await campaign(rennes.id, "2025-2026"), R24: await campaign(rennes.id, "2024-2025"), P25: await campaign(poitiers.id, "2025-2026") };
  const ids = {
    dane: (await makeUser([{ role: "DANE", academyId: rennes.id }])).id,
    rectorat: (await makeUser([{ role: "RECTORAT", academyId: rennes.id }])).id,
    daneP: (await makeUser([{ role: "DANE", academyId: poitiers.id }])).id,
    chef: (await makeUser([{ role: "CHEF", academyId: rennes.id, establishmentId: A.id }])).id,
  };
  const actor = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
  return { version, rennes, poitiers, A, B, C, D, E, F, P, campaigns, ids, dane: await actor(ids.dane), daneP: await actor(ids.daneP), rectorat: await actor(ids.rectorat) };
}

let people = 0;
async function letter(l: Letter) {
  const db = getDb();
  const attributed = l.imps.reduce<number>((a, x) => a + (x === "relief" ? 0 : x), 0);
  const row = await db.missionLetter.create({
    data: {
      establishmentId: l.est.id, schoolYearId: l.year, surveyVersionId: w.version.id, status: l.status, data: {},
      pupilCount: l.pupils, envelopeCents: l.envelope, topUpCents: l.topUp, attributedCents: attributed,
    },
  });
  await db.impAttribution.createMany({
    data: l.imps.map((x, position) => ({
      letterId: row.id, establishmentId: l.est.id, schoolYearId: l.year, position, firstName: "P", lastName: `N${position}`,
      email: `ref${people++}@test.example`, staffStatus: "enseignant", impCents: x === "relief" ? null : x, reliefHours: x === "relief" ? 1 : null,
    })),
  });
  letters.push(l);
}

/** A submitted bilan: its response and its workload facts (the trigger derives ResponseWorkload). */
async function bilan(est: Est, campaignId: string, year: string, h: number[]) {
  const db = getDb();
  const user = await makeUser([]);
  const r = await db.surveyResponse.create({ data: { campaignId, surveyVersionId: w.version.id, establishmentId: est.id, respondentId: user.id, status: "SUBMITTED", data: {} } });
  const cats = ["pedagogical_support", "leadership_advice", "assistance", "online_services", "communication", "training"];
  await db.responseFact.createMany({ data: cats.map((c, i) => ({ responseId: r.id, campaignId, establishmentId: est.id, indicator: `workload.${c}`, question: c, numericValue: h[i] })) });
  hours.push({ est, year, total: h.reduce((a, x) => a + x, 0) });
}

beforeAll(async () => {
  w = await world();
  await letter({ est: w.A, year: "2025-2026", status: "VALIDATED", pupils: 600, envelope: 250_000, topUp: 0, imps: [125_000, 125_000] });
  await letter({ est: w.B, year: "2025-2026", status: "SIGNED", pupils: 1200, envelope: 375_000, topUp: 0, imps: [125_000, 125_000, 62_500] });
  await letter({ est: w.C, year: "2025-2026", status: "DRAFT", pupils: null, envelope: null, topUp: 62_500, imps: [62_500, "relief"] });
  await letter({ est: w.D, year: "2024-2025", status: "VALIDATED", pupils: 300, envelope: 125_000, topUp: 0, imps: [125_000] });
  await letter({ est: w.P, year: "2025-2026", status: "VALIDATED", pupils: 500, envelope: 125_000, topUp: 0, imps: [125_000] });
  await bilan(w.A, w.campaigns.R25.id, "2025-2026", [2.5, 1, 1.5, 1, 0.5, 0.5]);
  await bilan(w.A, w.campaigns.R25.id, "2025-2026", [1, 1, 3, 0.5, 0.5, 0]);
  await bilan(w.B, w.campaigns.R25.id, "2025-2026", [3, 1, 1, 2, 1, 0.5]);
  await bilan(w.D, w.campaigns.R24.id, "2024-2025", [1, 0, 4, 1, 0, 0]);
  await bilan(w.E, w.campaigns.R25.id, "2025-2026", [1, 1, 1, 1, 1, 1]); // bilans but no letter: not a point
});

// ---- The independent computation -------------------------------------------------------------------------

const TYPE: Record<string, string> = {};
const attributedOf = (l: Letter) => l.imps.reduce<number>((a, x) => a + (x === "relief" ? 0 : x), 0);
function expected(list: Letter[]) {
  const known = list.filter((l) => l.envelope !== null);
  const withPupils = list.filter((l) => (l.pupils ?? 0) > 0);
  const attributed = list.reduce((a, l) => a + attributedOf(l), 0);
  const envelope = known.reduce((a, l) => a + l.envelope!, 0);
  const pupils = withPupils.reduce((a, l) => a + l.pupils!, 0);
  const attributedWithPupils = withPupils.reduce((a, l) => a + attributedOf(l), 0);
  return {
    letters: list.length, envelope, envelopeUnknown: list.length - known.length, attributed, topUp: list.reduce((a, l) => a + l.topUp, 0),
    pupils, attributedWithPupils,
    perEstablishment: list.length ? Math.round(attributed / list.length) / 100 : null,
    perPupil: pupils ? Math.round(attributedWithPupils / pupils) / 100 : null,
    envelopeUse: envelope ? Math.round((attributed / envelope) * 1000) / 1000 : null,
  };
}
const pick = ({ letters, envelope, envelopeUnknown, attributed, topUp, pupils, attributedWithPupils, perEstablishment, perPupil, envelopeUse }: ReturnType<typeof expected>) =>
  ({ letters, envelope, envelopeUnknown, attributed, topUp, pupils, attributedWithPupils, perEstablishment, perPupil, envelopeUse });

async function imp(actor: typeof w.dane, query: string) {
  const params = new URLSearchParams(query);
  return impPage(actor, parseDashboardFilters(params), parseLetterStatusFilter(params.get("lettres")));
}

const rennes = () => letters.filter((l) => l.est.academyId === w.rennes.id);

describe("IMP dashboard", () => {
  it("sums envelopes, attributions and top-ups, per establishment and per pupil, by type and by year", async () => {
    TYPE[w.A.id] = TYPE[w.C.id] = TYPE[w.P.id] = "COLLEGE";
    TYPE[w.B.id] = "LYCEE";
    TYPE[w.D.id] = "LYCEE_PRO";
    const page = await imp(w.dane, "");
    expect(page.filters.schoolYears).toEqual(["2025-2026"]);
    const list = rennes().filter((l) => l.year === "2025-2026");
    const d = page.data!;
    expect(pick(d.total!)).toEqual(pick(expected(list)));
    // Written out: 625 000 c attributed over 3 letters; 562 500 c over the 1 800 pupils of the two letters that know them.
    expect(d.total).toMatchObject({ attributed: 625_000, perEstablishment: 2083.33, perPupil: 3.13, envelopeUnknown: 1, topUp: 62_500, envelopeUse: 1 });
    for (const type of ["COLLEGE", "LYCEE"]) {
      expect(pick(d.byType.find((r) => r.key === type)!)).toEqual(pick(expected(list.filter((l) => TYPE[l.est.id] === type))));
    }
    expect(d.byType.map((r) => r.key)).toEqual(["COLLEGE", "LYCEE"]);
    expect(Object.fromEntries(d.byZone.map((r) => [r.key, r.letters]))).toEqual({ "035": 2, "022": 1 });
    expect(d.byYear.map((r) => [r.key, pick(r)])).toEqual([
      ["2024-2025", pick(expected(rennes().filter((l) => l.year === "2024-2025")))],
      ["2025-2026", pick(expected(list))],
    ]);
  });

  it("counts the rates attributed, every legal rate shown, and the allègements", async () => {
    const d = (await imp(w.dane, "annee=2025-2026")).data!;
    const imps = rennes().filter((l) => l.year === "2025-2026").flatMap((l) => l.imps);
    const count = (x: number | "relief") => imps.filter((i) => i === x).length;
    expect(d.rates.map((r) => [r.key, r.count])).toEqual([
      ["31250", count(31_250)], ["62500", count(62_500)], ["125000", count(125_000)], ["250000", count(250_000)], ["375000", count(375_000)], ["relief", count("relief")],
    ]);
    expect(d.rates.map((r) => r.count)).toEqual([0, 2, 4, 0, 0, 1]); // A: 2 × 1 250 €, B: 2 × 1 250 € and 625 €, C: 625 € and an allègement
  });

  it("plots IMP against the hours the referents report, for establishments with both", async () => {
    const d = (await imp(w.dane, "annee=2025-2026")).data!;
    const expectedPoints = rennes()
      .filter((l) => l.year === "2025-2026" && hours.some((h) => h.est.id === l.est.id && h.year === l.year))
      .map((l) => ({ uai: l.est.uai, hours: hours.filter((h) => h.est.id === l.est.id && h.year === l.year).reduce((a, h) => a + h.total, 0), imp: attributedOf(l) / 100 }))
      .sort((a, b) => a.uai.localeCompare(b.uai));
    expect(d.scatter.points.map(({ uai, hours, imp }) => ({ uai, hours, imp }))).toEqual(expectedPoints);
    expect(d.scatter.points.map((p) => p.name).sort()).toEqual(["Collège A", "Lycée B"]);
  });

  it("applies the letter status and establishment filters", async () => {
    const cases: [string, (l: Letter) => boolean][] = [
      ["lettres=signees", (l) => l.status === "SIGNED" || l.status === "VALIDATED"],
      ["lettres=validees", (l) => l.status === "VALIDATED"],
      ["type=COLLEGE", (l) => TYPE[l.est.id] === "COLLEGE"],
      ["secteur=PRIVATE", (l) => l.est.id === w.C.id],
      ["departement=035", (l) => [w.A.id, w.B.id].includes(l.est.id)],
    ];
    for (const [query, keep] of cases) {
      const page = await imp(w.dane, `annee=2025-2026&${query}`);
      const list = rennes().filter((l) => l.year === "2025-2026").filter(keep);
      expect(page.data?.total ? pick(page.data.total) : null, query).toEqual(list.length ? pick(expected(list)) : null);
    }
  });

  it("keeps each académie to itself: another académie is a 404, other roles a 403", async () => {
    const p = await imp(w.daneP, "");
    expect(pick(p.data!.total!)).toEqual(pick(expected(letters.filter((l) => l.est.id === w.P.id))));
    expect(pick((await imp(w.rectorat, "")).data!.total!)).toEqual(pick(expected(rennes().filter((l) => l.year === "2025-2026"))));
    const call = async (userId: string, query: string) =>
      impLoader({ request: await signedRequest(userId, `http://localhost/tableaux-de-bord/imp?${query}`), params: {}, context: {} } as never).catch((r: Response) => r);
    expect(((await call(w.ids.dane, `academie=${w.poitiers.id}`)) as Response).status).toBe(404);
    expect(((await call(w.ids.chef, "")) as Response).status).toBe(403);
  });
});

describe("letters by status (participation)", () => {
  it("counts the open establishments of the campaign's académie by the state of that year's letter", async () => {
    const page = await participationPage(w.dane, parseDashboardFilters(new URLSearchParams()), w.campaigns.R25.id);
    const open = [w.A, w.B, w.C, w.D, w.E]; // F is closed
    const statusOf = (e: Est) => letters.find((l) => l.est.id === e.id && l.year === "2025-2026")?.status ?? "NONE";
    const byType = new Map<string, Record<string, number>>();
    for (const e of open) {
      const row = byType.get(e.type) ?? {};
      row[statusOf(e)] = (row[statusOf(e)] ?? 0) + 1;
      byType.set(e.type, row);
    }
    const compact = (counts: Record<string, number>) => Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
    expect(Object.fromEntries(page.letters!.filter((r) => r.key !== "total").map((r) => [r.key, compact(r.counts)]))).toEqual(Object.fromEntries(byType));
    expect(page.letters!.find((r) => r.key === "total")).toMatchObject({ total: 5, signedShare: 0.4, counts: { NONE: 2, DRAFT: 1, SUBMITTED: 0, SIGNED: 1, VALIDATED: 1 } });
  });
});
