// Property-based fuzzing (issue 12) of the endpoints that take free-form input: bilan autosave and submission,
// letter autosave and submission, the letter's workflow form, sign-in. Each receives at least 1 000 generated bad
// bodies (wrong types, missing fields, huge strings, NUL bytes, deep nesting, huge, negative or fractional
// versions, unknown question names, arrays for objects…), called directly (no HTTP) with a real session.
// For every one: a 4xx (never a 5xx, never a success), a French message, and nothing stored.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { changedTables, tableChecksums } from "../setup/checksum.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser } from "../setup/factories.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { definitionChecksum } from "../../app/surveys/checksum.server.ts";
import { createPoitiersRuleSet } from "../../app/services/imp-rule-sets.server.ts";
import { openLetter } from "../../app/services/mission-letters.server.ts";
import { startResponse } from "../../app/services/responses.server.ts";
import { action as responseAction } from "../../app/routes/api.reponses.$id.ts";
import { action as letterAction } from "../../app/routes/api.lettres.$id.ts";
import { action as workflowAction } from "../../app/routes/lettres.$id.tsx";
import { action as signInAction } from "../../app/routes/connexion.tsx";
import { action as personAction } from "../../app/routes/personnes.$id.tsx";
import { validBilan } from "../fixtures/bilan-answers.ts";
import { action as questionnaireAction } from "../../app/routes/api.questionnaires.$id.ts"; // h7
import { createQuestionnaire } from "../../app/services/questionnaires.server.ts"; // h7

// Validation inline: the property is about the answers, not the worker threads (tested on their own).
process.env.SURVEY_VALIDATION_WORKERS = "0";

useTestDatabase();

const RUNS = Number(process.env.FUZZ_RUNS ?? 1000);
const day = 24 * 3600 * 1000;
const bilanDefinition = JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8"));
const letterDefinition = JSON.parse(readFileSync("surveys/lettre-de-mission/2026-2027.json", "utf8"));

// ---------------------------------------------------------------------------------------------------------------
// "Every message French": non-empty, and no English giveaway once the user's own input (quoted « … ») is removed.

const ENGLISH = /\b(invalid input|invalid|expected|received|unexpected|undefined|null|nan|error|required|must|cannot|failed|server)\b/i;

export function frenchProblem(message: unknown): string | null {
  if (typeof message !== "string" || !message.trim()) return "message vide";
  const own = message.replace(/«[^»]*»/g, "«»");
  const giveaway = own.match(ENGLISH);
  if (giveaway) return `mot anglais « ${giveaway[0]} » dans ${JSON.stringify(message.slice(0, 200))}`;
  if (!/[a-zàâçéèêëîïôûùüÿœ]{3,}/i.test(own)) return `pas une phrase : ${JSON.stringify(message.slice(0, 200))}`;
  return null;
}

// ---------------------------------------------------------------------------------------------------------------
// Generators of bad values. `wrongEverywhere` is a value that fits no question type at all.

const nul = fc.string({ maxLength: 20 }).map((s) => `${s}\u0000${s}`);
const huge = fc.integer({ min: 10_001, max: 300_000 }).map((n) => "é".repeat(n));
// Deep nesting is generated as a placeholder string, spliced into the JSON text as raw brackets at the end:
// a JavaScript value 5 000 levels deep would overflow the test's own stack (fast-check, JSON.stringify).
const deep = fc
  .tuple(fc.integer({ min: 2, max: 5000 }), fc.boolean(), fc.constantFrom("1", "\"x\"", "null", "true"))
  .map(([depth, asArray, leaf]) => `__DEEP_${depth}_${asArray ? "a" : "o"}_${leaf === "\"x\"" ? "s" : leaf}__`);
function nestedText(depth: number, asArray: boolean, leaf: string) {
  return asArray ? `${"[".repeat(depth)}${leaf}${"]".repeat(depth)}` : `${'{"zz":'.repeat(depth)}${leaf}${"}".repeat(depth)}`;
}
/** JSON text of a generated body, deep placeholders expanded. */
function toJson(value: unknown): string {
  return (JSON.stringify(value) ?? "null").replace(/"__DEEP_(\d+)_(a|o)_(\w+)__"/g, (_, d: string, kind: string, leaf: string) =>
    nestedText(Number(d), kind === "a", leaf === "s" ? '"x"' : leaf),
  );
}
const foreignKeys = fc.dictionary(fc.string({ maxLength: 12 }).map((k) => `zz${k}`), fc.jsonValue({ maxDepth: 2 }), { minKeys: 1, maxKeys: 5 });
const wrongEverywhere = fc.oneof(nul, huge, deep, foreignKeys, fc.constant([[1]]), fc.constant([{}, "x"]), fc.constant(JSON.parse('{"__proto__":{"polluted":1},"constructor":{"prototype":1}}') as unknown));

const badVersion = fc.oneof(
  fc.constantFrom<unknown>(0, -1, 1.5, 2147483648, 2 ** 53, 1e308, -1e308, "1", null, true, [], {}, "2147483648"),
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((n) => !Number.isInteger(n) || n <= 0 || n > 2147483647),
  fc.integer({ min: 2_147_483_648, max: Number.MAX_SAFE_INTEGER }),
  fc.integer({ min: -2_147_483_648, max: 0 }),
);
const badText = fc.oneof(nul, huge, fc.constantFrom<unknown>(null, 12, true, [], {}, ""), deep, fc.string({ maxLength: 30 }));
const notAnObject = fc.oneof(fc.constantFrom<unknown>(null, 0, -1, "", "x", true, false), fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), fc.string({ maxLength: 50 }), deep.filter((d) => d.includes("_a_")));

type Valid = { intent: string; surveyVersionId: string; version: number; data: Record<string, unknown> };

/** A body that is wrong in at least one way, derived from a valid one. */
function badBodies(valid: () => Valid, questionNames: string[]) {
  const base = fc.constantFrom<"save" | "submit">("save", "submit").map((intent) => ({ ...valid(), intent }));
  const field = fc.constantFrom("intent", "surveyVersionId", "version", "data");
  return fc.oneof(
    notAnObject.map((body) => ({ raw: toJson(body) })),
    fc.constantFrom("", "{", "{\"intent\":", "[1,2", "\u0000", "nul", "{'a':1}", "{\"a\":1}x").map((raw) => ({ raw })),
    fc.tuple(base, field).map(([body, f]) => { const copy: Record<string, unknown> = { ...body }; delete copy[f]; return { body: copy }; }),
    fc.tuple(base, fc.oneof(badText, fc.constantFrom("SAVE", "delete", "save "))).map(([body, intent]) => ({ body: { ...body, intent } })),
    fc.tuple(base, fc.oneof(badText, fc.constantFrom("c00000000000000000000000", "../x", "x y"))).map(([body, surveyVersionId]) => ({ body: { ...body, surveyVersionId } })),
    fc.tuple(base, badVersion).map(([body, version]) => ({ body: { ...body, version } })),
    fc.tuple(base, notAnObject).map(([body, data]) => ({ body: { ...body, data } })),
    fc.tuple(base, foreignKeys).map(([body, extra]) => ({ body: { ...body, data: { ...body.data, ...extra } } })),
    fc.tuple(base, fc.constantFrom(...questionNames), wrongEverywhere).map(([body, name, value]) => ({ body: { ...body, data: { ...body.data, [name]: value } } })),
  );
}

/** The top-level questions whose answer is stored as given (not the establishment facts, not computed ones). */
function answerNames(definition: { pages: { elements: { name: string; type: string }[] }[] }, skip: RegExp) {
  return definition.pages.flatMap((p) => p.elements).filter((e) => !["html", "expression", "panel"].includes(e.type) && !skip.test(e.name)).map((e) => e.name);
}

// ---------------------------------------------------------------------------------------------------------------

async function world() {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  const academy = await makeAcademy("Rennes");
  const school = await makeEstablishment(academy.id, { name: "Collège Fuzz" });
  await db.establishmentYear.create({ data: { establishmentId: school.id, schoolYearId: year, pupilCount: 250, source: "test" } });
  await createPoitiersRuleSet(db, academy.id, year);
  const letterVersion = await db.surveyVersion.create({
    data: { key: "lettre-de-mission", schoolYearId: year, version: 1, checksum: definitionChecksum(letterDefinition), title: letterDefinition.title, definition: letterDefinition },
  });
  const bilanVersion = await db.surveyVersion.create({
    data: { key: "bilan-annuel", schoolYearId: year, version: 1, checksum: definitionChecksum(bilanDefinition), title: bilanDefinition.title, definition: bilanDefinition },
  });
  const campaign = await db.campaign.create({
    data: { title: "Bilan", academyId: academy.id, schoolYearId: year, surveyVersionId: bilanVersion.id, opensAt: new Date(Date.now() - day), closesAt: new Date(Date.now() + 30 * day) },
  });
  const chef = await makeUser([{ role: "CHEF", academyId: academy.id, establishmentId: school.id }]);
  const rupn = await makeUser([{ role: "RUPN", academyId: academy.id, establishmentId: school.id, schoolYearId: year }]);
  const cookie = async (userId: string) => (await createSession(userId)).split(";")[0];
  const chefCookie = await cookie(chef.id);
  const rupnCookie = await cookie(rupn.id);
  const actor = async (c: string) => (await getActor(new Request("http://localhost/", { headers: { Cookie: c } })))!;
  const responseId = await startResponse(await actor(rupnCookie), campaign.id, school.id);
  const letterId = await openLetter(await actor(chefCookie), school.id);
  // One real autosave each, so that the fast path (version checksum already known) is fuzzed too.
  await responseAction({ request: jsonRequest(`/api/reponses/${responseId}`, rupnCookie, JSON.stringify({ intent: "save", surveyVersionId: bilanVersion.id, version: 1, data: { statut: "cpe" } })), params: { id: responseId }, context } as never);
  const letterRow = await db.missionLetter.findUniqueOrThrow({ where: { id: letterId }, select: { version: true } });
  return { chefCookie, rupnCookie, responseId, letterId, letterVersion: letterRow.version, letterVersionId: letterVersion.id, bilanVersionId: bilanVersion.id };
}

const context = { clientIp: "127.0.0.1", cspNonce: "" };

function jsonRequest(path: string, cookie: string, raw: string, contentType = "application/json") {
  return new Request(`http://localhost${path}`, { method: "POST", headers: { Cookie: cookie, "Content-Type": contentType, Origin: "http://localhost" }, body: raw });
}

let w: Awaited<ReturnType<typeof world>>;
beforeAll(async () => {
  w = await world();
});

type Seen = { calls: number; statuses: Map<number, number> };

/** Runs the property over RUNS bodies: every answer a 4xx with French messages, and no table changed. */
async function fuzz<T>(arbitrary: fc.Arbitrary<T>, call: (input: T) => Promise<{ status: number; messages: unknown[] }>): Promise<Seen> {
  const seen: Seen = { calls: 0, statuses: new Map() };
  const before = await tableChecksums();
  await fc.assert(
    fc.asyncProperty(arbitrary, async (input) => {
      const { status, messages } = await call(input);
      seen.calls++;
      seen.statuses.set(status, (seen.statuses.get(status) ?? 0) + 1);
      if (status < 400 || status >= 500) throw new Error(`statut ${status} pour ${JSON.stringify(input).slice(0, 300)}`);
      for (const m of messages) {
        const problem = frenchProblem(m);
        if (problem) throw new Error(`${problem} (statut ${status}) pour ${JSON.stringify(input).slice(0, 300)}`);
      }
    }),
    { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
  );
  const changed = changedTables(before, await tableChecksums());
  expect(changed, "tables modifiées par des requêtes refusées").toEqual([]);
  return seen;
}

async function settle(run: () => Promise<unknown>): Promise<{ status: number; messages: unknown[] }> {
  let value: unknown;
  try {
    value = await run();
  } catch (thrown) {
    if (!(thrown instanceof Response)) return { status: 500, messages: [String(thrown)] };
    value = thrown;
  }
  if (value instanceof Response) {
    const text = await value.text();
    let parsed: { message?: unknown; error?: unknown; errors?: { message?: unknown }[] } | null = null;
    try {
      parsed = JSON.parse(text);
    } catch {
      return { status: value.status, messages: [text] };
    }
    return { status: value.status, messages: [parsed?.message ?? parsed?.error, ...(parsed?.errors ?? []).map((e) => e.message)] };
  }
  const data = value as { type?: string; init?: { status?: number } | null; data?: { error?: unknown } };
  if (data?.type === "DataWithResponseInit") return { status: data.init?.status ?? 200, messages: [data.data?.error] };
  return { status: 200, messages: [] };
}

const bodyOf = (input: { raw?: string; body?: unknown }) => input.raw ?? toJson(input.body);

describe("fuzzing the endpoints that take free-form input", () => {
  it(`bilan autosave and submission: ${RUNS} bad bodies, all refused in French, nothing stored`, async () => {
    const valid = () => ({ intent: "save", surveyVersionId: w.bilanVersionId, version: 2, data: { ...validBilan } });
    const seen = await fuzz(badBodies(valid, answerNames(bilanDefinition, /^$/)), (input) =>
      settle(() => responseAction({ request: jsonRequest(`/api/reponses/${w.responseId}`, w.rupnCookie, bodyOf(input)), params: { id: w.responseId }, context } as never)),
    );
    expect(seen.calls).toBeGreaterThanOrEqual(RUNS);
    // Refused at every layer: the body (400), the version (409), the answers themselves (422).
    expect(seen.statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 10);
    expect(seen.statuses.get(422) ?? 0).toBeGreaterThan(RUNS / 10);
  });

  it(`letter autosave and submission: ${RUNS} bad bodies, all refused in French, nothing stored`, async () => {
    const valid = () => ({ intent: "save", surveyVersionId: w.letterVersionId, version: w.letterVersion, data: { chef_nom: "Claire Martin", chef_qualite: "principal", priorites: "ENT" } });
    const seen = await fuzz(badBodies(valid, answerNames(letterDefinition, /^etab_/)), (input) =>
      settle(() => letterAction({ request: jsonRequest(`/api/lettres/${w.letterId}`, w.chefCookie, bodyOf(input)), params: { id: w.letterId }, context } as never)),
    );
    expect(seen.calls).toBeGreaterThanOrEqual(RUNS);
    expect(seen.statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 10);
    expect(seen.statuses.get(422) ?? 0).toBeGreaterThan(RUNS / 10);
  });

  it(`letter workflow form: ${RUNS} bad forms, all refused in French, nothing stored`, async () => {
    // The letter is a draft: no step applies to it, so every form is refused, whatever its fields.
    const value = fc.oneof(badText.map((v) => (typeof v === "string" && !v.startsWith("__DEEP_") ? v : toJson(v))), badVersion.map(String), fc.constantFrom("1", "on", "oui"));
    const form = fc.dictionary(fc.constantFrom("intent", "version", "comment", "confirm", "zz", "__proto__"), value, { maxKeys: 5 });
    const withIntent = fc.tuple(form, fc.constantFrom("reopen", "sign", "return", "validate", "submit", "", "delete")).map(([f, intent]) => ({ ...f, intent }));
    const seen = await fuzz(fc.oneof(form, withIntent), (fields) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) body.append(k, v);
      const request = new Request(`http://localhost/lettres/${w.letterId}`, { method: "POST", headers: { Cookie: w.chefCookie, Origin: "http://localhost" }, body });
      return settle(() => workflowAction({ request, params: { id: w.letterId }, context } as never));
    });
    expect(seen.calls).toBeGreaterThanOrEqual(RUNS);
  });

  it(`sign-in: ${RUNS} bad forms, all refused in French, nothing stored`, async () => {
    const notAnEmail = fc.oneof(
      fc.string({ maxLength: 60 }).filter((s) => !s.includes("@")),
      nul.map((s) => `${s}@ac-rennes.fr`),
      fc.integer({ min: 250, max: 100_000 }).map((n) => `${"a".repeat(n)}@ac-rennes.fr`),
      fc.constantFrom("", " ", "@", "a@", "@b.fr", "a@@b.fr", "a b@c.fr", "<script>@x.fr", "a@b", "\u0000"),
    );
    const form = fc.oneof(
      notAnEmail.map((email) => ({ fields: [["email", email]] as [string, string][] })),
      fc.constant({ fields: [] as [string, string][] }),
      notAnEmail.map((v) => ({ fields: [["adresse", v]] as [string, string][] })),
      fc.tuple(notAnEmail, fc.constantFrom("application/json", "text/plain", "multipart/form-data", "application/xml")).map(([email, type]) => ({ raw: JSON.stringify({ email }), type })),
    );
    const seen = await fuzz(form, (input) => {
      const body = "raw" in input ? input.raw : new URLSearchParams(input.fields);
      const headers: Record<string, string> = { Origin: "http://localhost" };
      if ("type" in input) headers["Content-Type"] = input.type;
      const request = new Request("http://localhost/connexion", { method: "POST", headers, body });
      return settle(() => signInAction({ request, params: {}, context } as never));
    });
    expect(seen.calls).toBeGreaterThanOrEqual(RUNS);
  });

  // h8: RGPD rectification and erasure forms (ADR 020). The version is always stale or invalid and the confirmation
  // never the exact word, so no generated form may succeed, whatever its names and address.
  it(`person's file (rectification, erasure): ${RUNS} bad forms, all refused in French, nothing stored`, async () => {
    const db = getDb();
    const rupn = await db.user.findFirstOrThrow({ where: { roles: { some: { role: "RUPN" } } }, select: { id: true, roles: { select: { academyId: true } } } });
    const dane = await makeUser([{ role: "DANE", academyId: rupn.roles[0].academyId }]);
    const daneCookie = (await createSession(dane.id)).split(";")[0];
    const text = badText.map((v) => (typeof v === "string" && !v.startsWith("__DEEP_") ? v : toJson(v)));
    const staleVersion = fc.oneof(badVersion.filter((v) => v !== 1 && v !== "1").map(String), fc.constantFrom("2", "7", " 3", "1e3", "0x1"));
    const rectify = fc.record({
      intent: fc.constantFrom("rectify"),
      version: staleVersion,
      firstName: fc.oneof(text, fc.constantFrom("Anne-Sophie", "Zoé", "D'Arcy")),
      lastName: fc.oneof(text, fc.constantFrom("Le Goff", "Kerhervé", "<b>x</b>", "a\"b")),
      email: fc.oneof(text, fc.constantFrom("anne@ac-rennes.fr", "a@", "@b.fr", "a b@c.fr")),
    }, { requiredKeys: ["intent", "version"] });
    const erase = fc.record({
      intent: fc.constantFrom("erase"),
      reason: fc.oneof(text, fc.constantFrom("Demande de l'intéressée", "")),
      confirm: fc.oneof(text, fc.constantFrom("effacer", "EFFACER ", "oui", "on", "Effacer")).filter((c) => c !== "EFFACER"),
    }, { requiredKeys: ["intent"] });
    const other = fc.dictionary(fc.constantFrom("intent", "version", "reason", "zz", "__proto__"), text, { maxKeys: 4 }).filter((f) => f.intent !== "rectify" && f.intent !== "erase");
    const seen = await fuzz(fc.oneof(rectify, erase, other), (fields) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(fields)) if (v !== undefined) body.append(k, String(v));
      const request = new Request(`http://localhost/personnes/${rupn.id}`, { method: "POST", headers: { Cookie: daneCookie, Origin: "http://localhost" }, body });
      return settle(() => personAction({ request, params: { id: rupn.id }, context } as never));
    });
    expect(seen.calls).toBeGreaterThanOrEqual(RUNS);
    expect(seen.statuses.get(422) ?? 0).toBeGreaterThan(RUNS / 10);
  });
  // h9: the read API's query parameters (ADR 021). Called with a valid académie token: each bad query is a 4xx in
  // French, nothing but the API's own audit trail (AuditEvent, the token's lastUsedAt) changes, and every call is audited.
  it(`read API parameters: ${RUNS} bad query strings, all refused in French, nothing stored`, async () => {
    process.env.API_RATE_LIMIT = String(1_000_000); // read when the API modules load, just below
    const { createApiToken } = await import("../../app/services/api/tokens.server.ts");
    const { flushApiCalls } = await import("../../app/services/api/call-log.server.ts");
    const routes = {
      etablissements: (await import("../../app/routes/api.v1.etablissements.ts")).loader,
      campagnes: (await import("../../app/routes/api.v1.campagnes.ts")).loader,
      reponses: (await import("../../app/routes/api.v1.reponses.ts")).loader,
      lettres: (await import("../../app/routes/api.v1.lettres.ts")).loader,
      "formations/sessions": (await import("../../app/routes/api.v1.formations.sessions.ts")).loader,
      "formations/inscriptions": (await import("../../app/routes/api.v1.formations.inscriptions.ts")).loader,
      "tableaux-de-bord/charge": (await import("../../app/routes/api.v1.tableaux-de-bord.$tableau.ts")).loader,
    };
    const db = getDb();
    const academy = await db.academy.findFirstOrThrow({ where: { name: "Rennes" } });
    const dane = await makeUser([{ role: "DANE", academyId: academy.id }]);
    const daneActor = (await getActor(new Request("http://localhost/", { headers: { Cookie: (await createSession(dane.id)).split(";")[0] } })))!;
    const { token } = await createApiToken(daneActor, { name: "Fuzz", scope: academy.id, resources: ["etablissements", "campagnes", "reponses", "lettres", "formations", "tableaux-de-bord"], personalData: false, expiresOn: new Date(Date.now() + 10 * day).toISOString().slice(0, 10) }, null);
    const tokenRow = await db.apiToken.findFirstOrThrow({ where: { name: "Fuzz" } });

    const junk = fc.oneof(nul, huge.map((t) => t.slice(0, 3000)), fc.string({ maxLength: 30 }), fc.constantFrom("", " ", "-1", "0", "1.5", "1e3", "NaN", "null", "[]", "{}", "../x", "' OR 1=1 --", "%00", "\u0000", "é"));
    const VALID_CHOICES = new Set(["COLLEGE", "LYCEE", "LYCEE_PRO", "EREA", "OTHER", "PUBLIC", "PRIVATE", "REP+", "REP", "hors", "1", "2", "3+", "departement", "bassin", "toutes", "signees", "validees", "DRAFT", "SUBMITTED", "SIGNED", "VALIDATED", "REGISTERED", "WAITLISTED", "CANCELLED", "ENTRY_TRAINING", "REGROUPEMENT", "VIRTUAL_CLASS"]);
    const badParam = fc.oneof(
      fc.tuple(fc.constant("limite"), fc.oneof(fc.integer({ min: -1e9, max: 0 }).map(String), fc.integer({ min: 1001, max: 1e9 }).map(String), junk.filter((v) => !/^\d{1,7}$/.test(v) || Number(v) < 1 || Number(v) > 1000))),
      fc.tuple(fc.constant("curseur"), fc.oneof(junk, fc.base64String({ minLength: 4, maxLength: 40 }).map((b) => b.replace(/[+/=]/g, "A")))),
      fc.tuple(fc.constantFrom("type", "secteur", "ep", "statut", "formation", "referents", "decoupage", "lettres"), junk.filter((v) => !VALID_CHOICES.has(v))),
      fc.tuple(fc.constant("annee"), fc.oneof(junk, fc.tuple(fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 0, max: 9 })).map(([y, d]) => `${y}-${y + (d === 1 ? 2 : d)}`))),
      // A well-formed académie, campaign or session is still refused (403/404: not the token's); a zone code is not.
      fc.tuple(fc.constantFrom("academie", "campagne", "session", "uai"), junk),
      fc.tuple(fc.constantFrom("departement", "bassin"), junk.filter((v) => !/^[\w.+-]{1,20}$/.test(v))),
      fc.tuple(fc.string({ minLength: 1, maxLength: 12 }).map((k) => `zz${k}`), junk),
    );
    const query = fc.record({
      endpoint: fc.constantFrom(...(Object.keys(routes) as (keyof typeof routes)[])),
      bad: badParam,
      repeat: fc.boolean(),
      extra: fc.constantFrom<[string, string][]>([], [["limite", "5"]], [["annee", "2025-2026"]], [["type", "COLLEGE"], ["type", "LYCEE"]]),
    });
    const before = await tableChecksums();
    const auditBefore = await db.auditEvent.count({ where: { entityId: tokenRow.id, action: "api.read" } });
    let calls = 0;
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(query, async ({ endpoint, bad, repeat, extra }) => {
        const params = new URLSearchParams(extra);
        params.append(bad[0], bad[1]);
        // A single-valued parameter given twice is refused too (a list parameter given twice is not: skipped).
        if (repeat && bad[0] !== "type" && bad[0] !== "annee") params.append(bad[0], bad[1]);
        const request = new Request(`http://localhost/api/v1/${endpoint}?${params}`, { headers: { Authorization: `Bearer ${token}` } });
        const { status, messages } = await settle(() => (routes[endpoint] as (args: unknown) => Promise<Response>)({ request, params: { tableau: "charge" }, context }));
        calls++;
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status < 400 || status >= 500) throw new Error(`statut ${status} pour ${endpoint}?${params.toString().slice(0, 300)}`);
        for (const m of messages) {
          const problem = frenchProblem(m);
          if (problem) throw new Error(`${problem} (statut ${status}) pour ${endpoint}?${params.toString().slice(0, 300)}`);
        }
      }),
      { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31), endOnFailure: true },
    );
    await flushApiCalls();
    const changed = changedTables(before, await tableChecksums()).filter((t) => t !== "AuditEvent" && t !== "ApiToken");
    expect(changed, "tables modifiées par des requêtes refusées").toEqual([]);
    expect(calls).toBeGreaterThanOrEqual(RUNS);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(RUNS / 2);
    // Every refused call of a valid token is in its audit trail.
    expect(await db.auditEvent.count({ where: { entityId: tokenRow.id, action: "api.read" } })).toBe(auditBefore + calls);
  });

  it("recognises English giveaways (the checker itself)", () => {
    expect(frenchProblem("Invalid input: expected object, received null")).not.toBeNull();
    expect(frenchProblem("Unexpected Server Error")).not.toBeNull();
    expect(frenchProblem("")).not.toBeNull();
    expect(frenchProblem("« null » ne correspond à aucune question de ce questionnaire.")).toBeNull();
    expect(frenchProblem("Requête invalide : champ « version » — numéro de version du brouillon attendu.")).toBeNull();
  });
});

// h7: the questionnaire editor's autosave (issue 14). Every body is wrong in one way: not JSON, a bad field, a stale
// revision, or a definition that surveys:check refuses or that breaks a locked question of the national model.
describe("fuzzing the questionnaire editor's autosave", () => {
  let q: { id: string; cookie: string };
  beforeAll(async () => {
    const db = getDb();
    const year = await ensureCurrentSchoolYear();
    const academy = await makeAcademy("Académie du questionnaire");
    const dane = await makeUser([{ role: "DANE", academyId: academy.id }]);
    const cookie = (await createSession(dane.id)).split(";")[0];
    const national = await db.surveyVersion.findFirstOrThrow({ where: { key: "bilan-annuel", academyId: null } });
    const actor = (await getActor(new Request("http://localhost/", { headers: { Cookie: cookie } })))!;
    q = { id: (await createQuestionnaire(actor, { academyId: academy.id, schoolYearId: year, from: "version", sourceId: national.id })).id, cookie };
  });

  it(`${RUNS} bad bodies, all refused in French, nothing stored`, async () => {
    type El = { type?: unknown; name?: unknown; indicator?: unknown; choices?: unknown };
    const elementsOf = (d: { pages: { elements: El[] }[] }) => d.pages.flatMap((p) => p.elements);
    const names = elementsOf(bilanDefinition).map((e) => String(e.name));
    const locked = elementsOf(bilanDefinition).filter((e) => e.indicator).map((e) => String(e.name));
    const mutate = (name: string, change: (e: El) => El | null) => {
      const d = structuredClone(bilanDefinition) as { pages: { elements: El[] }[] };
      for (const page of d.pages) page.elements = page.elements.flatMap((e) => (e.name === name ? [change(e)].filter((x): x is El => x !== null) : [e]));
      return d;
    };
    const definition = fc.oneof(
      fc.constantFrom(...locked).map((name) => mutate(name, () => null)),
      // Another type than the question's own (a rating turned into a rating would change nothing).
      fc
        .tuple(fc.constantFrom(...locked), fc.constantFrom("comment", "boolean", "rating"))
        .filter(([name, type]) => elementsOf(bilanDefinition).find((e) => e.name === name)?.type !== type)
        .map(([name, type]) => mutate(name, (e) => ({ ...e, type, inputType: undefined }))),
      fc.tuple(fc.constantFrom(...names), badText).map(([name, type]) => mutate(name, (e) => ({ ...e, type }))),
      fc.tuple(fc.constantFrom(...names), fc.constantFrom(...names)).filter(([a, b]) => a !== b).map(([name, other]) => mutate(name, (e) => ({ ...e, name: other }))),
      fc.tuple(fc.constantFrom(...names), fc.constantFrom<unknown>("", null, 3, "Workload", "a..b", "é")).map(([name, indicator]) => mutate(name, (e) => ({ ...e, indicator }))),
      fc.constantFrom(...names).map((name) => mutate(name, (e) => ({ ...e, name: undefined }))),
      fc.tuple(fc.constantFrom("reconnaissance", "statut", "actions"), fc.string({ maxLength: 12 })).map(([name, value]) => mutate(name, (e) => ({ ...e, choices: [...(e.choices as unknown[]), { value: `zz${value}`, text: "Nouveau" }] }))),
      foreignKeys.map((extra) => ({ ...extra, pages: "x" })),
    );
    const revision = fc.oneof(fc.constant(1), badVersion, fc.integer({ min: 2, max: 1000 }));
    const body = fc.oneof(
      notAnObject.map((raw) => ({ raw: toJson(raw) })),
      fc.constantFrom("", "{", "{\"intent\":", "[1,2", "\u0000", "{'a':1}").map((raw) => ({ raw })),
      fc.tuple(definition, fc.constantFrom<unknown>("save", "SAVE", "publish", null, 1)).map(([d, intent]) => ({ body: { intent, revision: 1, definition: d } })),
      fc.tuple(definition, revision).map(([d, r]) => ({ body: { intent: "save", revision: r, definition: d } })),
      fc.tuple(revision, notAnObject).map(([r, d]) => ({ body: { intent: "save", revision: r, definition: d } })),
      fc.integer({ min: 2, max: 1000 }).map((r) => ({ body: { intent: "save", revision: r, definition: bilanDefinition } })),
    );
    const seen = await fuzz(body, (input) =>
      settle(() => questionnaireAction({ request: jsonRequest(`/api/questionnaires/${q.id}`, q.cookie, bodyOf(input)), params: { id: q.id }, context } as never)),
    );
    expect(seen.calls).toBeGreaterThanOrEqual(RUNS);
    // Refused at every layer: the body (400), the revision (409), the definition and its locks (422).
    for (const status of [400, 409, 422]) expect(seen.statuses.get(status) ?? 0).toBeGreaterThan(RUNS / 20);
  });
});
