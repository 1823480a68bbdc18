// The read API /api/v1 (issue 17 part 2, ADR 021), called through its route loaders with real tokens on a real
// database: académie vs national scope, resource scope, personal data, expiry and revocation, rate limit, cursor
// pagination and its stability, CSV, audit, and the OpenAPI document (validated by swagger-parser).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import SwaggerParser from "@apidevtools/swagger-parser";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUai, makeUser, signedRequest } from "../setup/factories.ts";
import { makeLetter } from "../setup/imp-letters.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { syncSurveyVersions } from "../../app/surveys/registry.server.ts";
import { saveResponse, startResponse } from "../../app/services/responses.server.ts";
import { createCourse, createSession } from "../../app/services/trainings.server.ts";
import { registerVolunteer } from "../../app/services/training-registrations.server.ts";
import { createApiToken, revokeApiToken } from "../../app/services/api/tokens.server.ts";
import { flushApiCalls } from "../../app/services/api/call-log.server.ts";
import { TokenBuckets } from "../../app/services/api/rate-limit.server.ts";
import { establishmentRow, letterRow, registrationRow, responseRow, sessionRow, campaignRow } from "../../app/domain/api/endpoints.ts";
import { openApiDocument } from "../../app/domain/api/openapi.ts";
import { loader as establishmentsLoader } from "../../app/routes/api.v1.etablissements.ts";
import { loader as campaignsLoader } from "../../app/routes/api.v1.campagnes.ts";
import { loader as responsesLoader } from "../../app/routes/api.v1.reponses.ts";
import { loader as lettersLoader } from "../../app/routes/api.v1.lettres.ts";
import { loader as sessionsLoader } from "../../app/routes/api.v1.formations.sessions.ts";
import { loader as registrationsLoader } from "../../app/routes/api.v1.formations.inscriptions.ts";
import { loader as dashboardLoader } from "../../app/routes/api.v1.tableaux-de-bord.$tableau.ts";
import { loader as openApiLoader } from "../../app/routes/api.v1.openapi[.]json.ts";
import { validBilan } from "../fixtures/bilan-answers.ts";

useTestDatabase();

const DAY = 24 * 3600 * 1000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
type Loader = (args: never) => Promise<Response> | Response;
const LOADERS: Record<string, Loader> = {
  etablissements: establishmentsLoader as Loader,
  campagnes: campaignsLoader as Loader,
  reponses: responsesLoader as Loader,
  lettres: lettersLoader as Loader,
  "formations/sessions": sessionsLoader as Loader,
  "formations/inscriptions": registrationsLoader as Loader,
};

/** One call of /api/v1/<path>, as the HTTP handler would make it. */
async function call(path: string, token: string | null, headers: Record<string, string> = {}) {
  const url = new URL(`http://localhost/api/v1/${path}`);
  const h = new Headers(headers);
  if (token) h.set("Authorization", `Bearer ${token}`);
  const request = new Request(url, { headers: h });
  const resource = url.pathname.replace("/api/v1/", "");
  const loader = resource.startsWith("tableaux-de-bord/") ? (dashboardLoader as Loader) : LOADERS[resource];
  const params = resource.startsWith("tableaux-de-bord/") ? { tableau: resource.split("/")[1] } : {};
  const response = await loader({ request, params, context: { clientIp: "127.0.0.1", cspNonce: "" } } as never);
  // The BOM of a CSV is kept (Response.text() would drop it).
  const text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(await response.arrayBuffer());
  const type = response.headers.get("content-type") ?? "";
  return { status: response.status, headers: response.headers, text, json: type.includes("json") ? JSON.parse(text) : null };
}
const data = (r: { json: { data: Record<string, unknown>[] } }) => r.json.data;

let w: Awaited<ReturnType<typeof world>>;
async function world() {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  await syncSurveyVersions();
  const version = await db.surveyVersion.findFirstOrThrow({ where: { key: "bilan-annuel" } });
  const rennes = await makeAcademy("Rennes");
  const nantes = await makeAcademy("Nantes");
  const A = await makeEstablishment(rennes.id, { name: "Collège Anne de Bretagne", type: "COLLEGE", departmentCode: "035" });
  const B = await makeEstablishment(rennes.id, { name: "Lycée Bréquigny", type: "LYCEE", departmentCode: "035" });
  const N = await makeEstablishment(nantes.id, { name: "Collège Nantais Zq", type: "COLLEGE", departmentCode: "044" });
  await db.establishmentYear.createMany({
    data: [
      { establishmentId: A.id, schoolYearId: year, pupilCount: 420, source: "test" },
      { establishmentId: B.id, schoolYearId: year, pupilCount: 1100, source: "test" },
      { establishmentId: N.id, schoolYearId: year, pupilCount: 300, source: "test" },
    ],
  });
  const danes = { rennes: await makeUser([{ role: "DANE", academyId: rennes.id }]), nantes: await makeUser([{ role: "DANE", academyId: nantes.id }]) };
  const admin = await makeUser([{ role: "ADMIN", academyId: rennes.id }]);
  const actor = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
  const rupnA = await db.user.create({
    data: { email: "camille.durand@ac-rennes.fr", firstName: "Camille", lastName: "Durand", roles: { create: [{ role: "RUPN", academyId: rennes.id, establishmentId: A.id, schoolYearId: year }] } },
  });
  const rupnN = await db.user.create({
    data: { email: "zoe.nantes@ac-nantes.fr", firstName: "Zoé", lastName: "Nantaise", roles: { create: [{ role: "RUPN", academyId: nantes.id, establishmentId: N.id, schoolYearId: year }] } },
  });
  const campaign = (academyId: string, title: string) =>
    db.campaign.create({ data: { title, academyId, schoolYearId: year, surveyVersionId: version.id, opensAt: new Date(Date.now() - DAY), closesAt: new Date(Date.now() + 30 * DAY) } });
  const cR = await campaign(rennes.id, "Bilan Rennes");
  const cN = await campaign(nantes.id, "Bilan Nantes Zq");
  for (const [user, c, e] of [[rupnA, cR, A], [rupnN, cN, N]] as const) {
    const a = await actor(user.id);
    const id = await startResponse(a, c.id, e.id);
    await saveResponse(a, id, { surveyVersionId: version.id, version: 1, data: validBilan }, "submit");
  }
  await makeLetter(A.id, year, "VALIDATED", { envelopeCents: 250_000 }, [{ firstName: "Alix", lastName: "Martin", email: "alix.martin@ac-rennes.fr", impCents: 125_000 }]);
  await makeLetter(N.id, year, "VALIDATED", { envelopeCents: 125_000 }, [{ firstName: "Zélie", lastName: "Loire", email: "zelie.loire@ac-nantes.fr", impCents: 125_000 }]);
  const sessionFor = async (dane: string, title: string) => {
    const course = await createCourse(await actor(dane), { title, kind: "VIRTUAL_CLASS", audience: "RUPN", description: "" });
    return createSession(await actor(dane), course.id, {
      startsAt: new Date(Date.now() + 20 * DAY), endsAt: new Date(Date.now() + 20 * DAY + 3600_000),
      venue: { mode: "REMOTE", url: "https://classe.example/x" }, capacity: 5, registrationDeadline: null,
    });
  };
  const sR = await sessionFor(danes.rennes.id, "Classe virtuelle Pix");
  const sN = await sessionFor(danes.nantes.id, "Classe virtuelle Zq");
  await registerVolunteer(await actor(rupnA.id), sR.id);
  await registerVolunteer(await actor(rupnN.id), sN.id);

  const token = async (userId: string, scope: string, resources: string[], personalData = false) =>
    (await createApiToken(await actor(userId), { name: `Jeton ${resources.join(",")}`, scope, resources: resources as never, personalData, expiresOn: inDays(30) }, null)).token;
  const ALL = ["etablissements", "campagnes", "reponses", "lettres", "formations", "tableaux-de-bord"];
  return {
    year, rennes, nantes, A, B, N, cR, cN, sR, sN, danes, admin, actor,
    tokens: {
      rennes: await token(danes.rennes.id, rennes.id, ALL),
      rennesPersonal: await token(danes.rennes.id, rennes.id, ALL, true),
      rennesDirectory: await token(danes.rennes.id, rennes.id, ["etablissements"]),
      national: await token(admin.id, "national", ALL),
    },
    newToken: token,
  };
}

beforeAll(async () => {
  w = await world();
});
// Before the database goes (after-hooks run in reverse order): no buffered audit is left for a dropped database.
afterAll(() => flushApiCalls());

describe("read API /api/v1", () => {
  it("accepts only a bearer token: no token, a session cookie, a malformed or unknown token get a French 401", async () => {
    const none = await call("reponses", null);
    expect(none.status).toBe(401);
    expect(none.json).toMatchObject({ ok: false, error: expect.stringContaining("Authentification requise"), message: expect.any(String) });
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    const cookie = (await signedRequest(w.danes.rennes.id, "http://localhost/")).headers.get("Cookie")!;
    expect((await call("reponses", null, { Cookie: cookie })).status).toBe(401);
    expect((await call("reponses", null, { Authorization: "Basic abc" })).status).toBe(401);
    expect((await call("reponses", `rupn_${"x".repeat(43)}`)).json.error).toContain("Jeton d'API inconnu");
  });

  it("an académie token reads its académie only: another académie is a 403, its campaign or session a 404", async () => {
    const own = await call("reponses", w.tokens.rennes);
    expect(own.status).toBe(200);
    expect(data(own).map((r) => (r.establishment as { uai: string }).uai)).toEqual([w.A.uai]);
    for (const r of data(own)) responseRow.parse(r);
    expect(own.text).not.toContain("Zq");
    expect((await call(`reponses?academie=${w.nantes.code}`, w.tokens.rennes)).status).toBe(403);
    const foreignCampaign = await call(`reponses?campagne=${w.cN.id}`, w.tokens.rennes);
    expect(foreignCampaign.status).toBe(404);
    expect(foreignCampaign.json.error).toContain("n'existe pas");
    expect((await call(`formations/inscriptions?session=${w.sN.id}`, w.tokens.rennes)).status).toBe(404);
    for (const path of ["etablissements", "campagnes", "lettres", "formations/sessions", "formations/inscriptions"]) {
      const r = await call(path, w.tokens.rennes);
      expect(r.status, path).toBe(200);
      expect(r.text, path).not.toMatch(/Zq|Nantais|ac-nantes/);
      expect(data(r).length, path).toBeGreaterThan(0);
    }
    const etabs = data(await call("etablissements", w.tokens.rennes));
    expect(etabs.map((e) => e.uai).sort()).toEqual([w.A.uai, w.B.uai].sort());
    for (const e of etabs) establishmentRow.parse(e);
    expect(etabs.find((e) => e.uai === w.B.uai)!.pupilCounts).toEqual([{ schoolYear: w.year, pupilCount: 1100, scope: "TOTAL", source: "test" }]);
    for (const r of data(await call("campagnes", w.tokens.rennes))) campaignRow.parse(r);
    for (const r of data(await call("lettres", w.tokens.rennes))) letterRow.parse(r);
    for (const r of data(await call("formations/sessions", w.tokens.rennes))) sessionRow.parse(r);
    for (const r of data(await call("formations/inscriptions", w.tokens.rennes))) registrationRow.parse(r);
    expect(data(await call("formations/sessions", w.tokens.rennes))[0]).toMatchObject({ registered: 1, waitlisted: 0, capacity: 5 });
  });

  it("a national token reads every académie, or one with `academie`", async () => {
    const all = data(await call("reponses", w.tokens.national));
    expect(all.map((r) => (r.establishment as { uai: string }).uai).sort()).toEqual([w.A.uai, w.N.uai].sort());
    const nantes = data(await call(`reponses?academie=${w.nantes.code}`, w.tokens.national));
    expect(nantes.map((r) => (r.establishment as { uai: string }).uai)).toEqual([w.N.uai]);
    expect((await call("reponses?academie=zz99", w.tokens.national)).status).toBe(404);
    const charge = await call("tableaux-de-bord/charge", w.tokens.national);
    expect(charge.json.data.totals.responses).toBe(2);
    const rennesCharge = await call(`tableaux-de-bord/charge?annee=${w.year}`, w.tokens.rennes);
    expect(rennesCharge.status).toBe(200);
    expect(rennesCharge.json).toMatchObject({ ok: true, dashboard: "charge", schoolYears: [w.year], data: { totals: { responses: 1 } } });
    const participation = await call("tableaux-de-bord/participation", w.tokens.rennes);
    expect(participation.json.data.campaigns.map((c: { title: string }) => c.title)).toEqual(["Bilan Rennes"]);
    const imp = await call("tableaux-de-bord/imp", w.tokens.rennes);
    expect(imp.json.data.total.letters ?? imp.json.data.total).toBeTruthy();
    expect(imp.text).not.toContain("Zq");
    expect((await call("tableaux-de-bord/inconnu", w.tokens.rennes)).status).toBe(404);
  });

  it("refuses a resource outside the token's scope with a French 403", async () => {
    expect((await call("etablissements", w.tokens.rennesDirectory)).status).toBe(200);
    const refused = await call("reponses", w.tokens.rennesDirectory);
    expect(refused.status).toBe(403);
    expect(refused.json.error).toBe("Ce jeton ne donne pas accès à la ressource « Réponses aux bilans (réponses et indicateurs) ». Demandez à la DANE un jeton qui l'inclut.");
    expect((await call("tableaux-de-bord/charge", w.tokens.rennesDirectory)).status).toBe(403);
  });

  it("gives names, email addresses and free text only to a token that allows personal data", async () => {
    const anonymous = await call("reponses", w.tokens.rennes);
    const [r] = data(anonymous);
    expect(r).not.toHaveProperty("respondent");
    expect(r.answers).toMatchObject({ statut: "enseignant", h_assistance: 1.5, actions: ["ateliers", "pix", "other"], satisfaction_reconnaissance: 3 });
    expect(r.answers).not.toHaveProperty("commentaires");
    expect(r.answers).not.toHaveProperty("actions-Comment");
    expect(anonymous.text).not.toMatch(/Camille|Durand|camille\.durand|Une année riche|Cafés pédagogiques/);
    const letters = await call("lettres", w.tokens.rennes);
    expect(letters.text).not.toMatch(/Alix|Martin|alix\.martin/);
    expect(data(letters)[0].attributions).toEqual([expect.objectContaining({ impCents: 125_000, staffStatus: "enseignant" })]);
    expect((await call("formations/inscriptions", w.tokens.rennes)).text).not.toMatch(/Camille|durand/i);

    const personal = await call("reponses", w.tokens.rennesPersonal);
    const [p] = data(personal);
    expect(p.respondent).toEqual({ firstName: "Camille", lastName: "Durand", email: "camille.durand@ac-rennes.fr" });
    expect(p.answers).toMatchObject({ commentaires: "Une année riche.", "actions-Comment": "Cafés pédagogiques mensuels" });
    expect(data(await call("lettres", w.tokens.rennesPersonal))[0].attributions).toEqual([expect.objectContaining({ person: { firstName: "Alix", lastName: "Martin", email: "alix.martin@ac-rennes.fr" } })]);
    expect(data(await call("formations/inscriptions", w.tokens.rennesPersonal))[0].person).toMatchObject({ email: "camille.durand@ac-rennes.fr" });
  });

  it("refuses an expired or revoked token (401), and one whose académie token asks for the other académie (403)", async () => {
    const token = await w.newToken(w.danes.rennes.id, w.rennes.id, ["campagnes"]);
    expect((await call("campagnes", token)).status).toBe(200);
    const row = await getDb().apiToken.findFirstOrThrow({ where: { name: "Jeton campagnes" }, orderBy: { createdAt: "desc" } });
    await getDb().apiToken.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await call("campagnes", token);
    expect(expired.status).toBe(401);
    expect(expired.json.error).toContain("a expiré");
    const other = await w.newToken(w.danes.rennes.id, w.rennes.id, ["campagnes", "lettres"]);
    expect((await call("lettres", other)).status).toBe(200);
    const otherRow = await getDb().apiToken.findFirstOrThrow({ where: { name: "Jeton campagnes,lettres" } });
    await revokeApiToken(await w.actor(w.danes.rennes.id), otherRow.id, null);
    const revoked = await call("lettres", other);
    expect(revoked.status).toBe(401);
    expect(revoked.json.error).toContain("révoqué");
  });

  it("validates every parameter: bad values, unknown or repeated parameters are a French 400", async () => {
    const cases: [string, string][] = [
      ["etablissements?limite=0", "limite"],
      ["etablissements?limite=1001", "limite"],
      ["etablissements?limite=abc", "limite"],
      ["etablissements?limite=1&limite=2", "plusieurs fois"],
      ["etablissements?curseur=%25%25", "curseur"],
      ["etablissements?curseur=YWJj", "curseur"],
      ["etablissements?type=ECOLE", "type"],
      ["etablissements?annee=2025-2027", "annee"],
      ["etablissements?uai=123", "uai"],
      ["etablissements?inconnu=1", "Paramètre inconnu"],
      ["reponses?campagne=..%2F..", "campagne"],
      ["lettres?statut=FINI", "statut"],
      ["tableaux-de-bord/charge?referents=9", "referents"],
    ];
    for (const [path, word] of cases) {
      const r = await call(path, w.tokens.rennes);
      expect(r.status, path).toBe(400);
      expect(r.json.ok).toBe(false);
      expect(r.json.error, path).toContain(word);
    }
  });

  it("pages with an opaque cursor through several internal batches; a page stays the same when earlier rows go", async () => {
    const db = getDb();
    await db.establishment.createMany({
      data: Array.from({ length: 600 }, (_, i) => ({ uai: makeUai(), name: `Collège de pagination ${i}`, type: "COLLEGE" as const, sector: "PUBLIC" as const, academyId: w.rennes.id })),
    });
    const total = await db.establishment.count({ where: { academyId: w.rennes.id } });
    // A token of its own: the pages below must not spend the burst of the tokens other tests use.
    const token = await w.newToken(w.danes.rennes.id, w.rennes.id, ["etablissements"]);
    const whole = await call("etablissements?limite=1000", token);
    expect(data(whole)).toHaveLength(total);
    expect(whole.json.nextCursor).toBeNull();

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Awaited<ReturnType<typeof call>> = await call(`etablissements?limite=260${cursor ? `&curseur=${cursor}` : ""}`, token);
      expect(page.status).toBe(200);
      seen.push(...data(page).map((e) => e.id as string));
      cursor = page.json.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(Math.ceil(total / 260));
    expect(seen).toEqual(data(whole).map((e) => e.id));
    expect(new Set(seen).size).toBe(total);

    const first = await call("etablissements?limite=50", token);
    const second = await call(`etablissements?limite=50&curseur=${first.json.nextCursor}`, token);
    // Rows of the first page disappear: the second page, read with the same cursor, is unchanged (no offset shift).
    await db.establishment.deleteMany({ where: { id: { in: data(first).slice(0, 10).map((e) => e.id as string) }, name: { startsWith: "Collège de pagination" } } });
    const again = await call(`etablissements?limite=50&curseur=${first.json.nextCursor}`, token);
    expect(data(again).map((e) => e.id)).toEqual(data(second).map((e) => e.id));
  });

  it("answers CSV with Accept: text/csv (every row, `;`, BOM), and refuses CSV for aggregates (406)", async () => {
    const csv = await call("etablissements?type=LYCEE", w.tokens.rennes, { Accept: "text/csv" });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.text.charCodeAt(0)).toBe(0xfeff);
    const lines = csv.text.slice(1).trim().split("\r\n");
    expect(lines[0].split(";").slice(0, 4)).toEqual(["id", "uai", "name", "type"]);
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain(w.B.uai);
    expect(lines[1]).toContain('"[{""schoolYear""');
    const responses = await call("reponses", w.tokens.rennes, { Accept: "text/csv" });
    expect(responses.text.split("\r\n")[0]).toContain("establishment.uai");
    expect(responses.text).not.toContain("Durand");
    const refused = await call("tableaux-de-bord/charge", w.tokens.rennes, { Accept: "text/csv" });
    expect(refused.status).toBe(406);
  });

  it("audits every authenticated call (batched) and records the last use", async () => {
    const token = await w.newToken(w.danes.rennes.id, w.rennes.id, ["formations"]);
    const row = await getDb().apiToken.findFirstOrThrow({ where: { name: "Jeton formations" } });
    expect(row.lastUsedAt).toBeNull();
    await call("formations/sessions", token);
    await call("formations/inscriptions?statut=NIMPORTE", token);
    await call("campagnes", token);
    await flushApiCalls();
    const events = await getDb().auditEvent.findMany({ where: { entityType: "ApiToken", entityId: row.id, action: "api.read" }, orderBy: { createdAt: "asc" } });
    expect(events.map((e) => (e.summary as { status: number }).status).sort()).toEqual([200, 400, 403]);
    expect(events.map((e) => (e.summary as { path: string }).path)).toContain("/api/v1/formations/sessions");
    expect((await getDb().apiToken.findUniqueOrThrow({ where: { id: row.id } })).lastUsedAt).not.toBeNull();
  });

  it("limits each token: past its burst, a French 429 with Retry-After, logged once; other tokens are unaffected", async () => {
    const token = await w.newToken(w.danes.rennes.id, w.rennes.id, ["tableaux-de-bord", "campagnes"]);
    let allowed = 0;
    let refused: Awaited<ReturnType<typeof call>> | null = null;
    for (let i = 0; i < 1000 && !refused; i++) {
      const r = await call("campagnes?limite=1", token);
      if (r.status === 429) refused = r;
      else allowed++;
    }
    expect(refused, "aucun 429").not.toBeNull();
    expect(allowed).toBeGreaterThanOrEqual(60);
    expect(Number(refused!.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    expect(refused!.json).toMatchObject({ ok: false, error: expect.stringMatching(/^Trop d'appels avec ce jeton : réessayez dans \d+ secondes?\.$/) });
    expect((await call("etablissements?limite=1", w.tokens.rennesDirectory)).status).toBe(200);
    await flushApiCalls();
    const row = await getDb().apiToken.findFirstOrThrow({ where: { name: "Jeton tableaux-de-bord,campagnes" } });
    expect(await getDb().auditEvent.count({ where: { entityId: row.id, action: "api.rate-limited" } })).toBe(1);
  });

  it("refills buckets with time (the algorithm, on a fixed clock)", () => {
    const buckets = new TokenBuckets({ capacity: 2, perSecond: 0.5 });
    expect([buckets.take("k", 0), buckets.take("k", 0), buckets.take("k", 0)]).toEqual([0, 0, 2]);
    expect(buckets.take("k", 1000)).toBe(1);
    expect(buckets.take("k", 2000)).toBe(0);
    expect(buckets.take("other", 2000)).toBe(0);
  });

  it("serves an OpenAPI 3.1 document generated from the zod schemas, valid for swagger-parser", async () => {
    const response = await (openApiLoader as () => Response)();
    const document = JSON.parse(await response.text());
    expect(document.openapi).toBe("3.1.0");
    await SwaggerParser.validate(structuredClone(document));
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(["/api/v1/reponses", "/api/v1/etablissements", "/api/v1/tableaux-de-bord/charge"]));
    const params = document.paths["/api/v1/reponses"].get.parameters.map((p: { name: string }) => p.name);
    expect(params).toEqual(expect.arrayContaining(["limite", "curseur", "academie", "campagne", "annee", "type"]));
    expect(document.paths["/api/v1/etablissements"].get.parameters.find((p: { name: string }) => p.name === "type")).toMatchObject({ schema: { type: "array" }, explode: true });
    expect(document).toEqual(JSON.parse(JSON.stringify(openApiDocument("/"))));
  });
});
