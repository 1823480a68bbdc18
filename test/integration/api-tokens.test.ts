// Read API tokens (issue 17 part 2, ADR 021): who creates them, hash-only storage, expiry, revocation, scope of the
// management page. The endpoints themselves are tested in api-v1.test.ts.
import { beforeAll, describe, expect, it } from "vitest";
import pg from "pg";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { ApiAuthError, ApiTokenError, authenticateApiToken, createApiToken, hashToken, listApiTokens, revokeApiToken } from "../../app/services/api/tokens.server.ts";
import { tokenExpiry } from "../../app/domain/api/tokens.ts";
import { action, loader } from "../../app/routes/api-jetons.tsx";

useTestDatabase();

const DAY = 24 * 3600 * 1000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);

let w: Awaited<ReturnType<typeof world>>;
async function world() {
  await ensureCurrentSchoolYear();
  const rennes = await makeAcademy("Rennes");
  const nantes = await makeAcademy("Nantes");
  const dane = await makeUser([{ role: "DANE", academyId: rennes.id }]);
  const daneNantes = await makeUser([{ role: "DANE", academyId: nantes.id }]);
  const admin = await makeUser([{ role: "ADMIN", academyId: rennes.id }]);
  const rectorat = await makeUser([{ role: "RECTORAT", academyId: rennes.id }]);
  const actor = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
  return { rennes, nantes, dane, daneNantes, admin, rectorat, actor };
}
beforeAll(async () => {
  w = await world();
});

const form = (fields: Record<string, string | string[]>) => {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const item of [v].flat()) body.append(k, item);
  return body;
};

async function postPage(userId: string, fields: Record<string, string | string[]>) {
  const request = await signedRequest(userId, "http://localhost/api-jetons", { method: "POST", body: form(fields), headers: { Origin: "http://localhost" } });
  const result = (await action({ request, params: {}, context: { clientIp: "127.0.0.1", cspNonce: "" } } as never)) as unknown;
  const d = result as { type?: string; data?: unknown; init?: { status?: number } };
  return d?.type === "DataWithResponseInit" ? { status: d.init?.status ?? 200, data: d.data as Record<string, unknown> } : { status: 200, data: result as Record<string, unknown> };
}

describe("API tokens", () => {
  it("a DANE creates a token for its académie; only the SHA-256 is stored, nowhere the clear token", async () => {
    const created = await postPage(w.dane.id, { intent: "create", name: "Entrepôt de Rennes", scope: w.rennes.id, resources: ["reponses", "etablissements"], expiresOn: inDays(30) });
    expect(created.status).toBe(200);
    const token = (created.data.created as { token: string }).token;
    expect(token).toMatch(/^rupn_[A-Za-z0-9_-]{43}$/);
    const row = await getDb().apiToken.findFirstOrThrow({ where: { name: "Entrepôt de Rennes" } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.academyId).toBe(w.rennes.id);
    expect(row.resources.sort()).toEqual(["etablissements", "reponses"]);
    expect(row.personalData).toBe(false);
    expect(row.prefix).toBe(token.slice(0, 9));
    // A full-text search of the database: the clear token is in no table.
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    try {
      const tables = (await client.query<{ t: string }>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`)).rows;
      for (const { t } of tables) {
        const hits = await client.query(`SELECT 1 FROM "${t}" x WHERE x::text LIKE $1 LIMIT 1`, [`%${token.slice(5)}%`]);
        expect(hits.rowCount, `table ${t}`).toBe(0);
      }
    } finally {
      await client.end();
    }
    const audit = await getDb().auditEvent.findFirstOrThrow({ where: { action: "api-token.create", entityId: row.id } });
    expect(audit.actorId).toBe(w.dane.id);
  });

  it("refuses a national token to a DANE, another académie, a missing resource or a bad expiry, writing nothing", async () => {
    const before = await getDb().apiToken.count();
    const national = await postPage(w.dane.id, { intent: "create", name: "National", scope: "national", resources: ["reponses"], expiresOn: inDays(30) });
    expect(national.status).toBe(403);
    const foreign = await postPage(w.dane.id, { intent: "create", name: "Nantes", scope: w.nantes.id, resources: ["reponses"], expiresOn: inDays(30) });
    expect(foreign.status).toBe(404);
    const none = await postPage(w.dane.id, { intent: "create", name: "Sans ressource", scope: w.rennes.id, expiresOn: inDays(30) });
    expect(none).toMatchObject({ status: 400, data: { error: "Ressources : cochez au moins une ressource." } });
    const tooLong = await postPage(w.dane.id, { intent: "create", name: "Trop long", scope: w.rennes.id, resources: ["reponses"], expiresOn: inDays(400) });
    expect(tooLong.status).toBe(400);
    expect(String(tooLong.data.error)).toContain("365 jours au plus");
    const past = await postPage(w.dane.id, { intent: "create", name: "Passé", scope: w.rennes.id, resources: ["reponses"], expiresOn: inDays(-1) });
    expect(past.status).toBe(400);
    const unknownResource = await postPage(w.dane.id, { intent: "create", name: "Inconnue", scope: w.rennes.id, resources: ["personnes"], expiresOn: inDays(30) });
    expect(unknownResource.status).toBe(400);
    expect(await getDb().apiToken.count()).toBe(before);
  });

  it("an administrator creates a national token; the rectorat has no page", async () => {
    const created = await createApiToken(await w.actor(w.admin.id), { name: "Ministère", scope: "national", resources: ["tableaux-de-bord"], personalData: false, expiresOn: inDays(10) }, null);
    expect((await getDb().apiToken.findUniqueOrThrow({ where: { id: created.id } })).academyId).toBeNull();
    const request = await signedRequest(w.rectorat.id, "http://localhost/api-jetons");
    await expect(loader({ request, params: {}, context: {} } as never)).rejects.toMatchObject({ status: 404 });
  });

  it("lists only the académie's tokens, and a foreign token cannot be revoked (404)", async () => {
    const nantesToken = await createApiToken(await w.actor(w.daneNantes.id), { name: "Outil de Nantes", scope: w.nantes.id, resources: ["campagnes"], personalData: true, expiresOn: inDays(10) }, null);
    const list = await listApiTokens(await w.actor(w.dane.id));
    expect(list.tokens.map((t) => t.name)).not.toContain("Outil de Nantes");
    expect(list.tokens.map((t) => t.name)).not.toContain("Ministère");
    expect(list.tokens.map((t) => t.name)).toContain("Entrepôt de Rennes");
    const refused = await postPage(w.dane.id, { intent: "revoke", id: nantesToken.id });
    expect(refused.status).toBe(404);
    expect((await getDb().apiToken.findUniqueOrThrow({ where: { id: nantesToken.id } })).revokedAt).toBeNull();
    const adminList = await listApiTokens(await w.actor(w.admin.id));
    expect(adminList.tokens.map((t) => t.name)).toEqual(expect.arrayContaining(["Outil de Nantes", "Ministère", "Entrepôt de Rennes"]));
  });

  it("authenticates a valid token, and refuses a revoked, expired, unknown or malformed one with a French 401", async () => {
    const dane = await w.actor(w.dane.id);
    const created = await createApiToken(dane, { name: "À révoquer", scope: w.rennes.id, resources: ["reponses"], personalData: false, expiresOn: inDays(2) }, null);
    const principal = await authenticateApiToken(created.token);
    expect(principal).toMatchObject({ academyId: w.rennes.id, resources: ["reponses"], personalData: false });
    expect((await getDb().apiToken.findUniqueOrThrow({ where: { id: created.id } })).lastUsedAt).not.toBeNull();

    // Expired: the same token three days later.
    await expect(authenticateApiToken(created.token, new Date(Date.now() + 3 * DAY))).rejects.toMatchObject({ status: 401, message: expect.stringContaining("a expiré") });
    const revoked = await postPage(w.dane.id, { intent: "revoke", id: created.id });
    expect(revoked.data.ok).toContain("est révoqué");
    await expect(authenticateApiToken(created.token)).rejects.toMatchObject({ status: 401, message: expect.stringContaining("révoqué") });
    const again = await postPage(w.dane.id, { intent: "revoke", id: created.id });
    expect(again.status).toBe(409);
    expect(await getDb().auditEvent.count({ where: { action: "api-token.revoke", entityId: created.id } })).toBe(1);

    await expect(authenticateApiToken(`rupn_${"A".repeat(43)}`)).rejects.toBeInstanceOf(ApiAuthError);
    await expect(authenticateApiToken("n'importe quoi")).rejects.toMatchObject({ status: 401 });
    await expect(authenticateApiToken(null)).rejects.toMatchObject({ status: 401, message: expect.stringContaining("Authentification requise") });
  });

  it("a token stops working when its creator loses the DANE role", async () => {
    const leaving = await makeUser([{ role: "DANE", academyId: w.rennes.id }]);
    const created = await createApiToken(await w.actor(leaving.id), { name: "Départ", scope: w.rennes.id, resources: ["reponses"], personalData: false, expiresOn: inDays(10) }, null);
    await authenticateApiToken(created.token);
    await getDb().roleAssignment.deleteMany({ where: { userId: leaving.id } });
    await expect(authenticateApiToken(created.token)).rejects.toMatchObject({ status: 401, message: expect.stringContaining("n'a plus les droits") });
  });

  it("bounds the expiry between tomorrow and one year (Paris days)", () => {
    const now = new Date("2026-03-10T10:00:00Z");
    expect(tokenExpiry("2026-03-11", now)).toEqual({ expiresAt: new Date("2026-03-11T22:59:59.999Z") });
    expect(tokenExpiry("2026-07-01", now)).toEqual({ expiresAt: new Date("2026-07-01T21:59:59.999Z") });
    expect(tokenExpiry("2026-03-10", now)).toHaveProperty("error");
    expect(tokenExpiry("2027-03-11", now)).toHaveProperty("error");
    expect(tokenExpiry("2026-02-30", now)).toEqual({ error: "Date d'expiration : cette date n'existe pas." });
    expect(() => {
      throw new ApiTokenError(400, "x");
    }).toThrow(ApiTokenError);
  });
});
