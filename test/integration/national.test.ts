// The national view (issue 17 part 3, ADR 022): who may read it, what it publishes (no personal data, small groups
// suppressed so that no hidden cell follows from the totals), and the pre-aggregates it reads, which must equal a
// recomputation from the source rows after submissions and edits.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { syncSurveyVersions } from "../../app/surveys/registry.server.ts";
import { derivableHiddenCells } from "../setup/suppression-check.ts";
import { loader as nationalLoader } from "../../app/routes/national.tsx";
import { loader as establishmentLoader } from "../../app/routes/etablissements.$uai.tsx";
import { loader as letterLoader } from "../../app/routes/lettres.$id.tsx";
import { loader as responsesLoader } from "../../app/routes/campagnes.$id.reponses._index.tsx";
import { loader as dashboardLoader } from "../../app/routes/tableaux-de-bord._index.tsx";
import { participationByCampaign, scopedCampaigns } from "../../app/services/dashboards-participation.server.ts";
import { parseDashboardFilters } from "../../app/domain/dashboards/filters.ts";

useTestDatabase();

const YEAR = "2025-2026";
const PREVIOUS = "2024-2025";
const context = { clientIp: "127.0.0.1", cspNonce: "" };
type Est = Awaited<ReturnType<typeof makeEstablishment>>;
let w: Awaited<ReturnType<typeof world>>;
let people = 0;

async function world() {
  const db = getDb();
  await ensureCurrentSchoolYear();
  for (const id of [PREVIOUS, YEAR]) {
    const start = Number(id.slice(0, 4));
    await db.schoolYear.upsert({ where: { id }, update: {}, create: { id, startsOn: new Date(Date.UTC(start, 8, 1)), endsOn: new Date(Date.UTC(start + 1, 7, 31)) } });
  }
  await syncSurveyVersions();
  const version = await db.surveyVersion.findFirstOrThrow({ where: { key: "bilan-annuel" } });
  const alpha = await makeAcademy("Académie Alpha");
  const beta = await makeAcademy("Académie Bêta");
  const gamma = await makeAcademy("Académie Gamma");
  const est = {
    alphaCollege: await makeEstablishment(alpha.id, { name: "Collège Secret Alpha", type: "COLLEGE" }),
    alphaLycee: await makeEstablishment(alpha.id, { name: "Lycée Secret Alpha", type: "LYCEE" }),
    betaCollege: await makeEstablishment(beta.id, { name: "Collège Secret Bêta", type: "COLLEGE" }),
    betaLp: await makeEstablishment(beta.id, { name: "LP Secret Bêta", type: "LYCEE_PRO" }),
    gammaCollege: await makeEstablishment(gamma.id, { name: "Collège Secret Gamma", type: "COLLEGE" }),
    gammaLycee: await makeEstablishment(gamma.id, { name: "Lycée Secret Gamma", type: "LYCEE" }),
  };
  const campaign = (academyId: string, schoolYearId: string) =>
    db.campaign.create({ data: { title: `Bilan ${schoolYearId}`, academyId, schoolYearId, surveyVersionId: version.id, opensAt: new Date("2026-05-01"), closesAt: new Date("2026-07-01") } });
  const campaigns = {
    alpha: await campaign(alpha.id, YEAR), beta: await campaign(beta.id, YEAR), gamma: await campaign(gamma.id, YEAR), gammaPrevious: await campaign(gamma.id, PREVIOUS),
  };
  const users = {
    national: await makeUser([{ role: "NATIONAL", academyId: alpha.id }]),
    admin: await makeUser([{ role: "ADMIN", academyId: alpha.id }]),
    dane: await makeUser([{ role: "DANE", academyId: alpha.id }]),
    rupn: await makeUser([{ role: "RUPN", academyId: alpha.id, establishmentId: est.alphaCollege.id, schoolYearId: YEAR }], "referent.secret@ac-alpha.fr"),
  };
  return { db, version, alpha, beta, gamma, est, campaigns, users };
}

/** A submitted bilan of a new referent: its response and hour facts (the triggers derive the workload rows). */
async function bilan(est: Est, campaignId: string, h: number[]) {
  const db = getDb();
  const user = await makeUser([], `personne.${people++}@ac-test.fr`);
  const r = await db.surveyResponse.create({ data: { campaignId, surveyVersionId: w.version.id, establishmentId: est.id, respondentId: user.id, status: "SUBMITTED", data: {} } });
  const cats = ["pedagogical_support", "leadership_advice", "assistance", "online_services", "communication", "training"];
  await db.responseFact.createMany({ data: cats.map((c, i) => ({ responseId: r.id, campaignId, establishmentId: est.id, indicator: `workload.${c}`, question: c, numericValue: h[i] })) });
  return r;
}

async function letter(est: Est, year: string, status: "DRAFT" | "VALIDATED", imps: (number | null)[], pupils = 500) {
  const db = getDb();
  const row = await db.missionLetter.create({
    data: {
      establishmentId: est.id, schoolYearId: year, surveyVersionId: w.version.id, status, data: {}, pupilCount: pupils, envelopeCents: 250_000,
      attributedCents: imps.reduce<number>((a, x) => a + (x ?? 0), 0),
    },
  });
  await db.impAttribution.createMany({
    data: imps.map((x, position) => ({
      letterId: row.id, establishmentId: est.id, schoolYearId: year, position, firstName: "Prénom", lastName: `Nomsecret${position}`,
      email: `imp.${people++}@ac-test.fr`, staffStatus: "enseignant", impCents: x, reliefHours: x === null ? 1 : null,
    })),
  });
  return row;
}

const times = (n: number) => Array.from({ length: n }, (_, i) => i);

beforeAll(async () => {
  w = await world();
  const { est, campaigns } = w;
  // Alpha: 6 collège + 3 lycée bilans; Bêta: 7 collège + 1 LP; Gamma: 8 collège + 6 lycée (and last year 5 collège).
  for (const i of times(6)) await bilan(est.alphaCollege, campaigns.alpha.id, [2, 1, 1 + i, 1, 0.5, 0.5]);
  for (const i of times(3)) await bilan(est.alphaLycee, campaigns.alpha.id, [1, 0, 3 + i, 1, 0, 0]);
  for (const i of times(7)) await bilan(est.betaCollege, campaigns.beta.id, [3, 1, 1, 0.5 * i, 0, 0]);
  await bilan(est.betaLp, campaigns.beta.id, [0.5, 0, 6, 1, 0, 0]);
  for (const i of times(8)) await bilan(est.gammaCollege, campaigns.gamma.id, [2, 1, 2, 1, i % 2, 0]);
  for (const i of times(6)) await bilan(est.gammaLycee, campaigns.gamma.id, [2.5, 0, 1.5, 1, 0, i % 3]);
  for (const i of times(5)) await bilan(est.gammaCollege, campaigns.gammaPrevious.id, [2, 0, 1 + i, 0, 0, 0]);
  // Letters: Alpha names 3 people (small), Gamma 6 and Bêta 5.
  await letter(est.alphaCollege, YEAR, "VALIDATED", [125_000, 62_500, null]);
  await letter(est.betaCollege, YEAR, "VALIDATED", [62_500, 62_500, 62_500, 31_250, 31_250]);
  await letter(est.gammaCollege, YEAR, "VALIDATED", [62_500, 62_500, 62_500]);
  await letter(est.gammaLycee, YEAR, "VALIDATED", [125_000, 62_500, 62_500]);
  await letter(est.alphaLycee, YEAR, "DRAFT", [125_000]);
});

async function national(userId: string, query = "") {
  return (await nationalLoader({ request: await signedRequest(userId, `http://localhost/national${query}`), params: {}, context } as never)) as Awaited<ReturnType<typeof nationalLoader>>;
}

async function status(run: () => Promise<unknown>): Promise<number> {
  try {
    const value = await run();
    return value instanceof Response ? value.status : 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

describe("national view", () => {
  it("shows a NATIONAL user the académies compared, with small groups as '< 5' and no hidden cell derivable", async () => {
    const page = await national(w.users.national.id);
    const view = page.view!;
    expect(view.schoolYear).toBe(YEAR);
    const counts = view.load.counts;
    expect(counts.columns).toEqual(["Académie", "Collège", "Lycée", "Lycée professionnel", "Ensemble"]);
    const byName = Object.fromEntries(counts.rows.map((r) => [r.cells[0], r.cells.slice(1)]));
    expect(byName["Académie Alpha"][1]).toBe("< 5"); // 3 lycée bilans
    expect(byName["Académie Bêta"][2]).toBe("< 5"); // 1 LP bilan
    expect(byName["Académie Gamma"][0]).not.toBe("< 5");
    // Secondary suppression: every line with a hidden cell has another one, and the linear check finds nothing derivable.
    const hidden = counts.rows.map((r) => r.cells.slice(1).map((c) => typeof c === "string"));
    expect(derivableHiddenCells(hidden)).toEqual([]);
    expect(hidden.flat().filter(Boolean).length).toBeGreaterThanOrEqual(4);
    // The load indicators: Gamma is published with its means, and the national line sums the three académies.
    const gamma = view.load.indicators.rows.find((r) => r.cells[0] === "Académie Gamma")!;
    expect(gamma.cells[1]).toBe(14);
    expect(gamma.cells[2]).toBeCloseTo((8 * 2 + 6 * 1.5) / 14, 2);
    const total = view.load.indicators.rows.find((r) => r.key === "total")!;
    expect(total.cells[1]).toBe(9 + 8 + 14);
    // IMP: Alpha's validated letter names 3 people: hidden with another académie; Gamma (6 people) would be derivable otherwise.
    const imp = Object.fromEntries(view.imp.table.rows.map((r) => [r.cells[0], r.cells.slice(1)]));
    expect(imp["Académie Alpha"][1]).toBe("< 5");
    expect(imp["Académie Alpha"][3]).toBe("< 5");
    const hiddenImp = view.imp.table.rows.filter((r) => typeof r.cells[2] === "string").length;
    expect(hiddenImp === 0 || hiddenImp >= 2).toBe(true);
    expect(imp["France entière"][3]).toBe((125_000 + 62_500 + 62_500 * 3 + 31_250 * 2 + 62_500 * 3 + 125_000 + 62_500 * 2) / 100);
    // Year over year: Gamma's previous year is there.
    expect(view.years.national.rows.map((r) => r.key)).toEqual([PREVIOUS, YEAR]);
  });

  it("publishes no personal data: no establishment, person, email or UAI in the page data", async () => {
    const page = await national(w.users.national.id, `?academie=${w.gamma.id}`);
    const text = JSON.stringify(page);
    for (const e of Object.values(w.est)) {
      expect(text).not.toContain(e.name);
      expect(text).not.toContain(e.uai);
    }
    for (const marker of ["@ac-test.fr", "@ac-alpha.fr", "Nomsecret", "Prénom"]) expect(text).not.toContain(marker);
    expect(page.view!.academy!.name).toBe("Académie Gamma");
  });

  it("lets an administrator read it, and refuses the other roles (403) and the anonymous (sign-in)", async () => {
    expect((await national(w.users.admin.id)).view).not.toBeNull();
    expect(await status(() => national(w.users.dane.id))).toBe(403);
    expect(await status(() => national(w.users.rupn.id))).toBe(403);
    const anonymous = await status(() => nationalLoader({ request: new Request("http://localhost/national"), params: {}, context } as never));
    expect(anonymous).toBe(302);
  });

  it("answers a bad year or an unknown académie with a French 400/404, never a 500", async () => {
    expect(await status(() => national(w.users.national.id, "?annee=demain"))).toBe(400);
    expect(await status(() => national(w.users.national.id, "?annee=1999-2000"))).toBe(404);
    expect(await status(() => national(w.users.national.id, "?academie=inconnue"))).toBe(404);
  });

  it("answers generated query strings with 200, 400 or 404 and a French message, never a 500", async () => {
    const cookie = (await signedRequest(w.users.national.id, "http://localhost/")).headers.get("Cookie")!;
    const value = fc.oneof(fc.string({ maxLength: 80 }), fc.constantFrom("2025-2026", "2024-2025", "0000-0000", "", "%00", w.gamma.id), fc.string({ unit: "binary", maxLength: 20 }));
    await fc.assert(
      fc.asyncProperty(value, value, async (annee, academie) => {
        const url = `http://localhost/national?${new URLSearchParams({ annee, academie })}`;
        let code = 200;
        let body = "";
        try {
          await nationalLoader({ request: new Request(url, { headers: { Cookie: cookie } }), params: {}, context } as never);
        } catch (thrown) {
          if (!(thrown instanceof Response)) throw thrown;
          code = thrown.status;
          body = await thrown.text();
        }
        expect([200, 400, 404]).toContain(code);
        if (code !== 200) expect(body).toMatch(/[àâéèêîôûç]|invalide|Aucune/i);
      }),
      { numRuns: 150, seed: 17 },
    );
  });

  it("gives a NATIONAL user no establishment page, letter, responses or académie dashboard (403/404)", async () => {
    const id = w.users.national.id;
    const letterRow = await w.db.missionLetter.findFirstOrThrow({ where: { establishmentId: w.est.alphaCollege.id } });
    expect(await status(async () => establishmentLoader({ request: await signedRequest(id, `http://localhost/etablissements/${w.est.alphaCollege.uai}`), params: { uai: w.est.alphaCollege.uai }, context } as never))).toBe(404);
    expect([403, 404]).toContain(await status(async () => letterLoader({ request: await signedRequest(id, `http://localhost/lettres/${letterRow.id}`), params: { id: letterRow.id }, context } as never)));
    expect([403, 404]).toContain(await status(async () => responsesLoader({ request: await signedRequest(id, `http://localhost/campagnes/${w.campaigns.alpha.id}/reponses`), params: { id: w.campaigns.alpha.id }, context } as never)));
    expect(await status(async () => dashboardLoader({ request: await signedRequest(id, `http://localhost/tableaux-de-bord?academie=${w.alpha.id}`), params: {}, context } as never))).toBe(403);
  });
});

describe("national pre-aggregates", () => {
  const recomputedWorkload = () => getDb().$queryRaw<{ key: string; responses: number; exceed: number; assistance: number; ped: number; total: number }[]>`
    SELECT w."academyId" || '/' || w."schoolYearId" || '/' || e.type AS key, count(*)::int AS responses,
      count(*) FILTER (WHERE w.assistance > w."pedagogicalSupport")::int AS exceed, sum(w.assistance)::float8 AS assistance,
      sum(w."pedagogicalSupport")::float8 AS ped,
      sum(w."pedagogicalSupport" + w."leadershipAdvice" + w.assistance + w."onlineServices" + w.communication + w.training)::float8 AS total
    FROM "ResponseWorkload" w JOIN "Establishment" e ON e.id = w."establishmentId" GROUP BY 1 ORDER BY 1`;
  const storedWorkload = () => getDb().$queryRaw<{ key: string; responses: number; exceed: number; assistance: number; ped: number; total: number }[]>`
    SELECT "academyId" || '/' || "schoolYearId" || '/' || "establishmentType" AS key, responses, exceed, assistance AS assistance,
      "pedagogicalSupport" AS ped, ("pedagogicalSupport" + "leadershipAdvice" + assistance + "onlineServices" + communication + training) AS total
    FROM "NationalWorkloadAggregate" WHERE responses <> 0 ORDER BY 1`;
  const recomputedImp = () => getDb().$queryRaw<{ key: string; letters: number; attributed: number; envelope: number; referents: number; imp: number }[]>`
    SELECT e."academyId" || '/' || l."schoolYearId" || '/' || e.type || '/' || l.status AS key, count(*)::int AS letters,
      sum(l."attributedCents")::float8 AS attributed, sum(l."envelopeCents")::float8 AS envelope,
      sum((SELECT count(*) FROM "ImpAttribution" a WHERE a."letterId" = l.id))::int AS referents,
      sum((SELECT count(*) FROM "ImpAttribution" a WHERE a."letterId" = l.id AND a."impCents" IS NOT NULL))::int AS imp
    FROM "MissionLetter" l JOIN "Establishment" e ON e.id = l."establishmentId" GROUP BY 1 ORDER BY 1`;
  const storedImp = () => getDb().$queryRaw<{ key: string; letters: number; attributed: number; envelope: number; referents: number; imp: number }[]>`
    SELECT "academyId" || '/' || "schoolYearId" || '/' || "establishmentType" || '/' || status AS key, letters,
      "attributedCents"::float8 AS attributed, "envelopeCents"::float8 AS envelope, referents, "impReferents" AS imp
    FROM "NationalImpAggregate" WHERE letters <> 0 ORDER BY 1`;

  async function expectInStep() {
    const [a, b] = [await recomputedWorkload(), await storedWorkload()];
    expect(b.map((r) => r.key)).toEqual(a.map((r) => r.key));
    a.forEach((r, i) => {
      expect(b[i].responses, r.key).toBe(r.responses);
      expect(b[i].exceed, r.key).toBe(r.exceed);
      expect(b[i].assistance).toBeCloseTo(r.assistance, 6);
      expect(b[i].ped).toBeCloseTo(r.ped, 6);
      expect(b[i].total).toBeCloseTo(r.total, 6);
    });
    expect(await storedImp()).toEqual(await recomputedImp());
  }

  it("equal a recomputation from the source rows after submissions, edits, deletions and an establishment's change of type", async () => {
    const db = getDb();
    await expectInStep();
    // A new submission, an edit of a bilan's facts (the resubmission path replaces facts), a deleted bilan.
    const fresh = await bilan(w.est.betaLp, w.campaigns.beta.id, [1, 1, 1, 1, 1, 1]);
    await db.responseFact.updateMany({ where: { responseId: fresh.id, indicator: "workload.assistance" }, data: { numericValue: 9 } });
    await expectInStep();
    const victim = await db.surveyResponse.findFirstOrThrow({ where: { establishmentId: w.est.gammaLycee.id } });
    await db.surveyResponse.delete({ where: { id: victim.id } });
    await expectInStep();
    // An Annuaire correction: the Bêta LP becomes a lycée; its bilans and letters move group.
    await letter(w.est.betaLp, YEAR, "DRAFT", [62_500, 62_500]);
    await db.establishment.update({ where: { id: w.est.betaLp.id }, data: { type: "LYCEE" } });
    await expectInStep();
    // Letters: validation, attributions rewritten at a save, a deleted letter (cascading to its attributions).
    const draft = await db.missionLetter.findFirstOrThrow({ where: { establishmentId: w.est.alphaLycee.id } });
    await db.missionLetter.update({ where: { id: draft.id }, data: { status: "VALIDATED", attributedCents: 125_000 } });
    await db.impAttribution.deleteMany({ where: { letterId: draft.id } });
    await db.impAttribution.createMany({
      data: [0, 1].map((position) => ({ letterId: draft.id, establishmentId: w.est.alphaLycee.id, schoolYearId: YEAR, position, firstName: "P", lastName: "N", email: `re.${position}@ac-test.fr`, staffStatus: "enseignant", impCents: 62_500 })),
    });
    await expectInStep();
    const moved = await db.missionLetter.findFirstOrThrow({ where: { establishmentId: w.est.betaLp.id } });
    await db.missionLetter.delete({ where: { id: moved.id } });
    await expectInStep();
    // The rebuild function gives the same tables.
    const [workloadBefore, impBefore] = [await storedWorkload(), await storedImp()];
    await db.$executeRaw`SELECT rupn_rebuild_national_aggregates()`;
    expect(await storedImp()).toEqual(impBefore);
    expect((await storedWorkload()).map((r) => [r.key, r.responses])).toEqual(workloadBefore.map((r) => [r.key, r.responses]));
  });

  it("count participation per campaign exactly as the participation dashboard does, after designations, drafts, submissions and a frozen audience", async () => {
    const db = getDb();
    const expectParticipationInStep = async () => {
      const campaigns = await scopedCampaigns({ academyIds: "all", offered: "all", managed: [] });
      const live = await participationByCampaign(campaigns, parseDashboardFilters(new URLSearchParams()));
      const stored = await db.nationalParticipationAggregate.findMany();
      expect(Object.fromEntries(stored.map((r) => [r.campaignId, [r.invited, r.submitted]]))).toEqual(
        Object.fromEntries(campaigns.map((c, i) => [c.id, [live[i].invited, live[i].submitted]])),
      );
    };
    await expectParticipationInStep();
    // Designations of the campaign's year (and one without a year), a draft, then its submission.
    const a = await makeUser([{ role: "RUPN", academyId: w.alpha.id, establishmentId: w.est.alphaCollege.id, schoolYearId: YEAR }]);
    await makeUser([{ role: "RUPN", academyId: w.alpha.id, establishmentId: w.est.alphaLycee.id, schoolYearId: null }]);
    await expectParticipationInStep();
    const draft = await db.surveyResponse.create({ data: { campaignId: w.campaigns.alpha.id, surveyVersionId: w.version.id, establishmentId: w.est.alphaCollege.id, respondentId: a.id, status: "DRAFT", data: {} } });
    await db.surveyResponse.update({ where: { id: draft.id }, data: { data: { commentaires: "autosave" } } });
    await expectParticipationInStep();
    await db.surveyResponse.update({ where: { id: draft.id }, data: { status: "SUBMITTED", submittedAt: new Date() } });
    await expectParticipationInStep();
    // Invitations sent: the audience freezes (here, only that referent); later designations no longer count.
    await db.campaignInvitee.create({ data: { campaignId: w.campaigns.alpha.id, userId: a.id, establishmentId: w.est.alphaCollege.id } });
    await db.campaign.update({ where: { id: w.campaigns.alpha.id }, data: { audienceFrozenAt: new Date() } });
    await expectParticipationInStep();
    await makeUser([{ role: "RUPN", academyId: w.alpha.id, establishmentId: w.est.alphaCollege.id, schoolYearId: YEAR }]);
    await db.roleAssignment.deleteMany({ where: { userId: a.id } });
    await expectParticipationInStep();
    // Someone not invited drafts (not counted), submits (counted, invited and answered), goes back to draft, submits again.
    const outsider = await makeUser([]);
    const other = await db.surveyResponse.create({ data: { campaignId: w.campaigns.alpha.id, surveyVersionId: w.version.id, establishmentId: w.est.alphaLycee.id, respondentId: outsider.id, status: "DRAFT", data: {} } });
    await expectParticipationInStep();
    for (const status of ["SUBMITTED", "DRAFT", "SUBMITTED"] as const) {
      await db.surveyResponse.update({ where: { id: other.id }, data: { status } });
      await expectParticipationInStep();
    }
    await db.surveyResponse.update({ where: { id: other.id }, data: { status: "DRAFT" } });
    await expectParticipationInStep();
    const national = (await nationalLoader({ request: await signedRequest(w.users.national.id, "http://localhost/national"), params: {}, context } as never)) as Awaited<ReturnType<typeof nationalLoader>>;
    const alpha = national.view!.participation.table.rows.find((r) => r.cells[0] === "Académie Alpha")!;
    expect(alpha.cells[3]).toBe(10); // the frozen audience (1) plus the 9 bilans sent without an invitation
  });

  it("the national figures follow a new submission at once", async () => {
    const before = (await national(w.users.national.id)).view!.load.indicators.rows.find((r) => r.key === "total")!.cells[1] as number;
    await bilan(w.est.gammaCollege, w.campaigns.gamma.id, [1, 1, 1, 1, 1, 1]);
    const after = (await national(w.users.national.id)).view!.load.indicators.rows.find((r) => r.key === "total")!.cells[1] as number;
    expect(after).toBe(before + 1);
  });
});
