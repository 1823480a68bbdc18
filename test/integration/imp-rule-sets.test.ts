// The DANE's IMP rule-set editor through its routes, with real session cookies: prepare next year's draft,
// edit it (French errors per field and nothing written; version check → 409), preview the envelopes, publish
// (audited, then read-only). Another académie's DANE gets a 404 on every rule-set resource.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { createPoitiersRuleSet, publishedRuleSetInForce } from "../../app/services/imp-rule-sets.server.ts";
import { RULE_SET_CONFLICT, RULE_SET_READ_ONLY, nextSchoolYearId, saveDraft } from "../../app/services/imp-rule-set-editor.server.ts";
import { ImpServiceError } from "../../app/services/imp-errors.server.ts";
import { loader as listLoader, action as listAction } from "../../app/routes/imp.regles._index.tsx";
import { loader as pageLoader, action as pageAction } from "../../app/routes/imp.regles.$id.tsx";

useTestDatabase();

const context = { clientIp: "203.0.113.9", cspNonce: "" };
type World = Awaited<ReturnType<typeof world>>;
let w: World;

async function world() {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  const next = nextSchoolYearId(year);
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  const est = async (name: string, type: "COLLEGE" | "LYCEE" | "LYCEE_PRO" | "EREA", pupils: number | null) => {
    const e = await makeEstablishment(rennes.id, { name, type });
    if (pupils !== null) await db.establishmentYear.create({ data: { establishmentId: e.id, schoolYearId: year, pupilCount: pupils, source: "test" } });
    return e;
  };
  const small = await est("Collège Anne de Bretagne", "COLLEGE", 150);
  const big = await est("Collège Brocéliande", "COLLEGE", 300);
  const lycee = await est("Lycée Chateaubriand", "LYCEE", 600);
  const lp = await est("Lycée professionnel Coëtlogon", "LYCEE_PRO", 400);
  const unknown = await est("Collège Duguesclin", "COLLEGE", null);
  const other = await est("Établissement Ermine", "COLLEGE", 80);
  await db.establishment.update({ where: { id: other.id }, data: { type: "OTHER" } });
  const closed = await est("Collège Fermé", "COLLEGE", 500);
  await db.establishment.update({ where: { id: closed.id }, data: { closedAt: new Date() } });
  await makeEstablishment(poitiers.id, { name: "Collège de Poitiers" });
  const published = await createPoitiersRuleSet(db, rennes.id, year);
  const dane = await makeUser([{ role: "DANE", academyId: rennes.id }]);
  const rectorat = await makeUser([{ role: "RECTORAT", academyId: rennes.id }]);
  const daneP = await makeUser([{ role: "DANE", academyId: poitiers.id }]);
  const chef = await makeUser([{ role: "CHEF", academyId: rennes.id, establishmentId: small.id }]);
  return { year, next, rennes, poitiers, small, big, lycee, lp, unknown, other, published, dane, rectorat, daneP, chef };
}

beforeAll(async () => {
  w = await world();
});

const get = (userId: string, path: string) => signedRequest(userId, `http://localhost${path}`);
const post = (userId: string, path: string, fields: [string, string][]) =>
  signedRequest(userId, `http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields) });
const status = (promise: Promise<unknown>) => promise.then(() => 200, (r: Response) => r.status);
type ActionData = { data: { error?: string; ok?: string; fieldErrors?: Record<string, string>; generalErrors?: string[] }; init: { status: number } | null };

async function page(userId: string, id: string) {
  return (await pageLoader({ request: await get(userId, `/imp/regles/${id}`), params: { id }, context } as never)) as Awaited<ReturnType<typeof pageLoader>>;
}

/** The form fields of a rule set as the editor posts them. */
function fields(rules: { type: string; minPupils: string; maxPupils: string; units: string; unitRate: string }[], version: number, extra: [string, string][] = []): [string, string][] {
  return [
    ["intent", "save"],
    ["version", String(version)],
    ["effectiveFrom", `${w.next.slice(0, 4)}-09-01`],
    ["source", "Lettre de cadrage du recteur, juin 2026"],
    ...rules.flatMap((r) => [["type", r.type], ["minPupils", r.minPupils], ["maxPupils", r.maxPupils], ["units", r.units], ["unitRate", r.unitRate]] as [string, string][]),
    ...extra,
  ];
}

async function save(userId: string, id: string, body: [string, string][]) {
  return (await pageAction({ request: await post(userId, `/imp/regles/${id}`, body), params: { id }, context } as never)) as ActionData | { ok: string };
}

let draftId = "";

describe("IMP rule-set editor", () => {
  it("records the Poitiers rules copied to another académie as a demo copy, not as that académie's text", () => {
    expect(w.published.source).toContain("Copie de démonstration des règles de l'académie de Poitiers");
    expect(w.published.source).toContain(`à remplacer par le texte de l'académie de ${w.rennes.name}`);
  });

  it("prepares next year's draft once, copied from the rules in force", async () => {
    const list = await listLoader({ request: await get(w.dane.id, "/imp/regles"), params: {}, context } as never);
    expect(list.canPrepare).toBe(true);
    expect(list.sets.map((s) => [s.schoolYearId, s.status, s.inForce])).toEqual([[w.year, "PUBLISHED", true]]);
    const first = (await listAction({ request: await post(w.dane.id, "/imp/regles", [["intent", "prepare"], ["academyId", w.rennes.id]]), params: {}, context } as never)) as Response;
    expect(first.status).toBe(302);
    draftId = first.headers.get("Location")!.replace("/imp/regles/", "");
    const second = (await listAction({ request: await post(w.rectorat.id, "/imp/regles", [["intent", "prepare"], ["academyId", w.rennes.id]]), params: {}, context } as never)) as Response;
    expect(second.headers.get("Location")).toBe(`/imp/regles/${draftId}`);
    const db = getDb();
    const draft = await db.impRuleSet.findUniqueOrThrow({ where: { id: draftId }, include: { rules: true } });
    expect(draft).toMatchObject({ schoolYearId: w.next, status: "DRAFT", version: 1, academyId: w.rennes.id, createdById: w.dane.id });
    expect(draft.effectiveFrom.toISOString().slice(0, 10)).toBe(`${w.next.slice(0, 4)}-09-01`);
    const shape = (r: { type: string; minPupils: number; maxPupils: number | null; units: number; unitRateCents: number }) => `${r.type} ${r.minPupils}-${r.maxPupils ?? ""} ${r.units}×${r.unitRateCents}`;
    const original = await db.impEnvelopeRule.findMany({ where: { ruleSetId: w.published.id } });
    expect(draft.rules.map(shape).sort()).toEqual(original.map(shape).sort());
    expect(await db.schoolYear.findUnique({ where: { id: w.next } })).not.toBeNull();
    expect(await db.auditEvent.count({ where: { action: "imp-rule-set.prepare", entityId: draftId, actorId: w.dane.id, ip: "203.0.113.9" } })).toBe(1);
  });

  it("answers 404 to another académie's DANE and 403 to a chef", async () => {
    expect(await status(page(w.daneP.id, draftId))).toBe(404);
    expect(await status(page(w.daneP.id, w.published.id))).toBe(404);
    const foreignSave = (await save(w.daneP.id, draftId, fields([], 1))) as ActionData;
    expect(foreignSave.init?.status).toBe(404);
    const foreignPublish = (await save(w.daneP.id, draftId, [["intent", "publish"], ["version", "1"], ["confirm", "oui"]])) as ActionData;
    expect(foreignPublish.init?.status).toBe(404);
    expect(await status(listLoader({ request: await get(w.daneP.id, `/imp/regles?academie=${w.rennes.id}`), params: {}, context } as never))).toBe(404);
    const foreignPrepare = (await listAction({ request: await post(w.daneP.id, "/imp/regles", [["intent", "prepare"], ["academyId", w.rennes.id]]), params: {}, context } as never)) as ActionData;
    expect(foreignPrepare.init?.status).toBe(404);
    expect(await status(page(w.chef.id, draftId))).toBe(403);
    expect(await status(page(w.rectorat.id, draftId))).toBe(200);
    expect((await getDb().impRuleSet.findUniqueOrThrow({ where: { id: draftId } })).version).toBe(1);
  });

  it("previews every open establishment of the académie with the latest known pupil count, and says why some have none", async () => {
    const { preview } = await page(w.dane.id, draftId);
    const byName = new Map(preview.rows.map((r) => [r.name, r]));
    expect([...byName.keys()].sort()).toEqual(
      ["Collège Anne de Bretagne", "Collège Brocéliande", "Collège Duguesclin", "Lycée Chateaubriand", "Lycée professionnel Coëtlogon", "Établissement Ermine"].sort(),
    );
    expect(byName.get("Collège Brocéliande")).toMatchObject({
      pupils: { count: 300, schoolYearId: w.year, latest: true, partial: false },
      envelope: { ok: true, cents: 250_000 },
      referenceCents: 250_000,
    });
    expect(byName.get("Lycée professionnel Coëtlogon")?.envelope).toMatchObject({ ok: true, cents: 250_000 });
    expect(byName.get("Collège Duguesclin")?.envelope).toEqual({ ok: false, reason: "Effectif inconnu pour Collège Duguesclin : impossible de calculer l'enveloppe IMP." });
    expect(byName.get("Établissement Ermine")?.envelope).toMatchObject({ ok: false, reason: expect.stringContaining("Aucune règle d'enveloppe IMP ne s'applique à Établissement Ermine") });
    // 150 → 1 IMP, 300 → 2, lycée 600 → 3, LP 400 → 2
    expect(preview).toMatchObject({ totalCents: 1_000_000, computed: 4, notComputed: 2, latestKnownCount: 5 });
    expect(preview.reference).toEqual({ id: w.published.id, schoolYearId: w.year, totalCents: 1_000_000 });
  });

  it("refuses an invalid draft with French errors per field and writes nothing", async () => {
    const before = await getDb().impEnvelopeRule.findMany({ where: { ruleSetId: draftId }, orderBy: { id: "asc" } });
    const { set } = await page(w.dane.id, draftId);
    const rows = set.rules.map((r, i) => (i === 0 ? { ...r, minPupils: "zéro" } : i === 2 ? { ...r, unitRate: "100000" } : r));
    const result = (await save(w.dane.id, draftId, fields(rows, 1))) as ActionData;
    expect(result.init?.status).toBe(422);
    expect(result.data.error).toBe("Les règles n'ont pas été enregistrées : corrigez les erreurs signalées.");
    expect(result.data.fieldErrors).toEqual({ "rules.0.minPupils": "Ligne 1 : effectif minimum invalide (« zéro ») ; un nombre entier positif est attendu." });
    const illegal = (await save(w.dane.id, draftId, fields(set.rules.map((r, i) => (i === 2 ? { ...r, unitRate: "100000" } : r)), 1))) as ActionData;
    expect(illegal.init?.status).toBe(422);
    expect(Object.keys(illegal.data.fieldErrors ?? {})).toEqual(["rules.2.unitRate"]);
    const stored = await getDb().impRuleSet.findUniqueOrThrow({ where: { id: draftId }, include: { rules: { orderBy: { id: "asc" } } } });
    expect(stored.version).toBe(1);
    expect(stored.rules).toEqual(before);
    expect(await getDb().auditEvent.count({ where: { action: "imp-rule-set.update" } })).toBe(0);
  });

  it("saves a changed tier (collège > 200 → 3 IMP) and the preview follows", async () => {
    const { set } = await page(w.dane.id, draftId);
    const rows = set.rules.map((r) => (r.type === "COLLEGE" && r.minPupils === "201" ? { ...r, units: "3" } : r));
    const result = await save(w.dane.id, draftId, fields(rows, 1));
    expect(result).toEqual({ ok: "Brouillon enregistré. L'aperçu ci-dessous tient compte de ces règles." });
    const after = await page(w.dane.id, draftId);
    expect(after.set.version).toBe(2);
    expect(after.set.source).toBe("Lettre de cadrage du recteur, juin 2026");
    const big = after.preview.rows.find((r) => r.name === "Collège Brocéliande")!;
    expect(big.envelope).toMatchObject({ ok: true, cents: 375_000, rule: expect.stringMatching(/^à partir de 201 élèves : 3 × 1\s250,00\s€$/) });
    expect(big.referenceCents).toBe(250_000);
    expect(after.preview.totalCents).toBe(1_125_000);
    expect(after.preview.reference?.totalCents).toBe(1_000_000);
    expect(await getDb().auditEvent.count({ where: { action: "imp-rule-set.update", entityId: draftId, actorId: w.dane.id } })).toBe(1);
  });

  it("rejects a save based on an old version with a 409 and keeps the newer rules", async () => {
    const { set } = await page(w.dane.id, draftId);
    const stale = (await save(w.rectorat.id, draftId, fields(set.rules.map((r) => ({ ...r, units: "1" })), 1))) as ActionData;
    expect(stale.init?.status).toBe(409);
    expect(stale.data.error).toBe(RULE_SET_CONFLICT);
    expect((await page(w.dane.id, draftId)).preview.totalCents).toBe(1_125_000);
  });

  it("lets only one of two simultaneous saves of the same version through", async () => {
    const actor = async (id: string) => (await getActor(await get(id, "/")))!;
    const { set } = await page(w.dane.id, draftId);
    const input = (units: string) => ({
      effectiveFrom: `${w.next.slice(0, 4)}-09-01`,
      source: "",
      rows: set.rules.map((r) => (r.type === "LYCEE" && r.minPupils === "501" ? { ...r, units } : r)),
      version: set.version,
    });
    const outcomes = await Promise.allSettled([saveDraft(await actor(w.dane.id), draftId, input("4")), saveDraft(await actor(w.rectorat.id), draftId, input("2"))]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ImpServiceError);
    expect((refused.reason as ImpServiceError).status).toBe(409);
    expect((await getDb().impRuleSet.findUniqueOrThrow({ where: { id: draftId } })).version).toBe(set.version + 1);
  });

  it("publishes only on an explicit, current request; audited; then read-only and in force", async () => {
    const { set, preview } = await page(w.dane.id, draftId);
    const unconfirmed = (await save(w.dane.id, draftId, [["intent", "publish"], ["version", String(set.version)]])) as ActionData;
    expect(unconfirmed.init?.status).toBe(400);
    const stale = (await save(w.dane.id, draftId, [["intent", "publish"], ["version", String(set.version - 1)], ["confirm", "oui"]])) as ActionData;
    expect(stale.init?.status).toBe(409);
    expect(await publishedRuleSetInForce(getDb(), w.rennes.id, w.next)).toBeNull();
    const published = await save(w.dane.id, draftId, [["intent", "publish"], ["version", String(set.version)], ["confirm", "oui"]]);
    expect(published).toMatchObject({ ok: expect.stringContaining("Règles publiées") });
    const stored = await getDb().impRuleSet.findUniqueOrThrow({ where: { id: draftId } });
    expect(stored).toMatchObject({ status: "PUBLISHED", publishedById: w.dane.id, version: set.version + 1 });
    expect((await publishedRuleSetInForce(getDb(), w.rennes.id, w.next))?.id).toBe(draftId);
    const event = await getDb().auditEvent.findFirstOrThrow({ where: { action: "imp-rule-set.publish", entityId: draftId } });
    expect(event.summary).toMatchObject({ schoolYearId: w.next, envelopeTotalCents: preview.totalCents, establishments: 4, notComputed: 2 });
    const edit = (await save(w.dane.id, draftId, fields(set.rules, set.version + 1))) as ActionData;
    expect(edit.init?.status).toBe(409);
    expect(edit.data.error).toBe(RULE_SET_READ_ONLY);
    const again = (await save(w.dane.id, draftId, [["intent", "publish"], ["version", String(set.version + 1)], ["confirm", "oui"]])) as ActionData;
    expect(again.init?.status).toBe(409);
    const list = await listLoader({ request: await get(w.dane.id, "/imp/regles"), params: {}, context } as never);
    expect(list.sets.map((s) => [s.schoolYearId, s.status])).toEqual([[w.next, "PUBLISHED"], [w.year, "PUBLISHED"]]);
    expect(list.sets[0].publishedBy).toBe("Prénom Nom");
    expect(list.nextDraftId).toBeNull();
  });

  it("an administrator reaches every académie's rule sets", async () => {
    const db = getDb();
    const academy = await db.academy.findFirstOrThrow({ where: { id: w.rennes.id } });
    const admin = await makeUser([{ role: "ADMIN", academyId: academy.id }]);
    expect(await status(page(admin.id, draftId))).toBe(200);
    const list = await listLoader({ request: await get(admin.id, `/imp/regles?academie=${w.poitiers.id}`), params: {}, context } as never);
    expect(list.academy.id).toBe(w.poitiers.id);
    expect(list.sets).toEqual([]);
    expect(list.canPrepare).toBe(false);
  });
});
