// RGPD tools (issue 17 part 1, ADR 020): a person's file and its exports contain exactly that person's data; the
// rectification is validated and locked; the erasure leaves no trace of the name or address in any table (searched
// column by column over the whole database) while the académie's figures stay the same.
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { changedTables, tableChecksums } from "../setup/checksum.ts";
import { getDb } from "../../app/db/db.server.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { makeUser, signedRequest } from "../setup/factories.ts";
import { PEOPLE, rgpdWorld } from "../setup/rgpd-world.ts";
import { findPeople, personFile } from "../../app/services/rgpd/person-file.server.ts";
import { loader as fileLoader, action as fileAction } from "../../app/routes/personnes.$id.tsx";
import { loader as jsonLoader } from "../../app/routes/personnes.$id_.export[.]json.ts";
import { loader as xlsxLoader } from "../../app/routes/personnes.$id_.export[.]xlsx.ts";
import { loadDashboardPage } from "../../app/services/dashboards.server.ts";
import { payrollOf } from "../../app/services/imp-payroll.server.ts";
import { parseDashboardFilters } from "../../app/domain/dashboards/filters.ts";
import { loader as logLoader } from "../../app/routes/journal-des-acces.tsx";
import { loader as logCsvLoader } from "../../app/routes/journal-des-acces[.]csv.ts";
import { logPersonalDataAccess } from "../../app/services/audit.server.ts";

process.env.SURVEY_VALIDATION_WORKERS = "0";
useTestDatabase();

let w: Awaited<ReturnType<typeof rgpdWorld>>;
beforeAll(async () => {
  w = await rgpdWorld();
}, 60_000);

const context = { clientIp: "203.0.113.7", cspNonce: "" };

async function call(fn: (args: never) => unknown, userId: string, url: string, params: Record<string, string>, form?: Record<string, string>) {
  const init: RequestInit = form ? { method: "POST", body: new URLSearchParams(form), headers: { Origin: "http://localhost" } } : {};
  try {
    return await fn({ request: await signedRequest(userId, `http://localhost${url}`, init), params, context } as never);
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}
const statusOf = (v: unknown) => (v instanceof Response ? v.status : (v as { init?: { status?: number } })?.init?.status ?? 200);
const dataOf = (v: unknown) => (v as { data: { ok: string | null; error: string | null } }).data;

/** Every row of every text or JSON column of the database that matches the pattern (case-insensitive). */
async function fullTextSearch(pattern: string): Promise<{ table: string; column: string; text: string }[]> {
  const db = getDb();
  const columns = await db.$queryRaw<{ table: string; column: string }[]>`
    SELECT c.table_name AS "table", c.column_name AS "column" FROM information_schema.columns c
    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
    WHERE c.table_schema = 'public' AND c.data_type IN ('text', 'character varying', 'json', 'jsonb', 'ARRAY') ORDER BY 1, 2`;
  const found: { table: string; column: string; text: string }[] = [];
  for (const { table, column } of columns) {
    const rows = await db.$queryRawUnsafe<{ text: string }[]>(`SELECT "${column}"::text AS text FROM "${table}" WHERE "${column}"::text ILIKE $1`, `%${pattern}%`);
    for (const r of rows) found.push({ table, column, text: r.text });
  }
  expect(columns.length).toBeGreaterThan(50);
  return found;
}

describe("a person's file", () => {
  it("finds the person by name within the académie only", async () => {
    const rennes = await findPeople((await w.actor(w.dane.id)), "kerherv");
    expect(rennes.map((p) => p.id)).toEqual([w.a.id]);
    const nantes = await findPeople((await w.actor(w.daneN.id)), "Maëlle Kerhervé");
    expect(nantes.map((p) => p.id)).toEqual([w.b.id]);
    const admin = await findPeople((await w.actor(w.admin.id)), "kerherve");
    expect(admin.map((p) => p.id).sort()).toEqual([w.a.id, w.b.id].sort());
  });

  it("is a 404 for another académie's DANE, and a refusal for a chef or a referent", async () => {
    for (const userId of [w.daneN.id, w.chef.id, w.colleague.id]) {
      const outcome = await call(fileLoader, userId, `/personnes/${w.a.id}`, { id: w.a.id });
      expect([403, 404]).toContain(statusOf(outcome));
      expect(statusOf(await call(jsonLoader, userId, `/personnes/${w.a.id}/export.json`, { id: w.a.id }))).toBeOneOf([403, 404]);
    }
  });

  it("exports exactly the person's data as JSON, and logs the export", async () => {
    const response = (await call(jsonLoader, w.dane.id, `/personnes/${w.a.id}/export.json`, { id: w.a.id })) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(/attachment; filename="donnees-personnelles-.*\.json"/);
    const text = await response.text();
    const file = JSON.parse(text);
    expect(file.account).toMatchObject({ id: w.a.id, ...PEOPLE.a });
    expect(file.roles).toHaveLength(1);
    expect(file.letters.referent).toEqual([expect.objectContaining({ letterId: w.letterR.id, impCents: 125_000, email: PEOPLE.a.email })]);
    expect(file.payments).toHaveLength(1);
    expect(file.payments[0].totalCents).toBe(125_000);
    expect(file.payments[0].payments).toHaveLength(9);
    expect(file.bilans.map((b: { id: string }) => b.id)).toEqual([w.bilanA]);
    expect(file.bilans[0].answers.commentaires).toContain("Maëlle Kerhervé");
    expect(file.trainings).toHaveLength(1);
    expect(file.trainings[0].course).toBe("Classe virtuelle RGPD Rennes");
    expect(file.mails.length).toBeGreaterThanOrEqual(2);
    expect(file.mails.every((m: { recipient: string }) => m.recipient === PEOPLE.a.email)).toBe(true);
    expect(file.signIns.sessions.length).toBeGreaterThanOrEqual(1);
    expect(file.signIns.loginLinks).toHaveLength(1);
    expect(file.signIns.linkedIdentities).toEqual([expect.objectContaining({ uid: `uid-${w.a.id}` })]);
    expect(file.signIns.events.map((e: { action: string }) => e.action)).toContain("sign-in");
    // Nobody else's data: not the namesake of Nantes, not the colleague's bilan, not the other académie.
    for (const foreign of [w.b.id, PEOPLE.b.email, "Le Goff", "Nantes", w.letterN.id, w.bilanB, w.bilanColleague, "Hervé Durand", `uid-${w.b.id}`]) {
      expect(text, foreign).not.toContain(foreign);
    }
    const events = await getDb().auditEvent.findMany({ where: { action: "rgpd.export", entityId: w.a.id } });
    expect(events).toEqual([expect.objectContaining({ actorId: w.dane.id, summary: { format: "json" }, ip: context.clientIp })]);
  });

  it("exports a readable workbook, one sheet per part", async () => {
    const response = (await call(xlsxLoader, w.admin.id, `/personnes/${w.a.id}/export.xlsx`, { id: w.a.id })) as Response;
    expect(response.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await response.arrayBuffer()) as never);
    expect(book.worksheets.map((s) => s.name)).toEqual(["Compte", "Rôles", "Lettres de mission", "Actes sur les lettres", "Versements IMP", "Bilans", "Formations", "Courriels", "Connexions", "Journal des accès"]);
    expect(book.getWorksheet("Compte")!.getRow(5).values).toContain(PEOPLE.a.email);
    expect(book.getWorksheet("Versements IMP")!.rowCount).toBe(10);
    expect(JSON.stringify(book.worksheets.map((s) => s.getSheetValues()))).not.toContain(PEOPLE.b.email);
  });

  it("logs every opening of the file, and shows who read the data", async () => {
    await call(fileLoader, w.dane.id, `/personnes/${w.a.id}`, { id: w.a.id });
    const second = (await call(fileLoader, w.dane.id, `/personnes/${w.a.id}`, { id: w.a.id })) as Awaited<ReturnType<typeof fileLoader>>;
    const views = second.file.accessLog.filter((e) => e.action === "view-personal-data" && e.entityType === "User");
    expect(views.length).toBeGreaterThanOrEqual(1);
    expect(views[0].actor).toEqual({ name: "Prénom Nom", email: "dane.rennes.rgpd@ac-rennes.fr" });
    expect(views[0].ip).toBe(context.clientIp);
    expect(second.file.accessLog.some((e) => e.action === "rgpd.export")).toBe(true);
  });
});

describe("access log view", () => {
  type Log = Awaited<ReturnType<typeof logLoader>>;
  const view = async (userId: string, query = "") => (await call(logLoader, userId, `/journal-des-acces${query}`, {})) as Log;

  beforeAll(async () => {
    await logPersonalDataAccess(w.dane.id, "Establishment", w.eR.id, "198.51.100.1");
    await logPersonalDataAccess(w.daneN.id, "Establishment", w.eN.id, "198.51.100.2");
    await logPersonalDataAccess(w.daneN.id, "SurveyResponse", w.bilanB, "198.51.100.2");
    await logPersonalDataAccess(w.chef.id, "SurveyResponse", w.bilanA, "198.51.100.3");
    for (let i = 0; i < 55; i++) await logPersonalDataAccess(w.dane.id, "User", w.a.id, "198.51.100.1");
  });

  it("shows the académie's reads only, with who, what and when", async () => {
    const rennes = await view(w.dane.id);
    expect(rennes.total).toBeGreaterThanOrEqual(58);
    expect(rennes.rows).toHaveLength(50);
    const text = JSON.stringify(rennes);
    for (const foreign of ["Le Goff", "Collège La Loire", "dane.nantes"]) expect(text).not.toContain(foreign);
    const all = await view(w.dane.id, `?etablissement=${w.eR.uai}`);
    // The establishment's own page, and a bilan of that establishment.
    expect(all.rows.map((r) => [r.action, r.subject, r.actor]).sort()).toEqual([
      ["Consultation d'un bilan", "Maëlle Kerhervé", "Prénom Nom (chef.korrigans@ac-rennes.fr)"],
      ["Consultation des référents d'un établissement", `Collège Les Korrigans (${w.eR.uai})`, "Prénom Nom (dane.rennes.rgpd@ac-rennes.fr)"],
    ]);
    const nantes = await view(w.daneN.id);
    expect(nantes.rows.map((r) => r.subject).sort()).toEqual(["Collège La Loire (" + w.eN.uai + ")", "Maëlle Kerhervé-Le Goff"]);
  });

  it("filters by person, actor and dates, and paginates", async () => {
    const byChef = await view(w.dane.id, "?auteur=chef.korrigans");
    expect(byChef.rows).toEqual([expect.objectContaining({ action: "Consultation d'un bilan", subject: "Maëlle Kerhervé", personId: w.a.id })]);
    const person = await view(w.dane.id, `?personne=${encodeURIComponent("kerhervé maëlle")}`);
    expect(person.total).toBeGreaterThanOrEqual(57);
    expect(person.rows.every((r) => r.subject === "Maëlle Kerhervé")).toBe(true);
    const page2 = await view(w.dane.id, `?personneId=${w.a.id}&page=2`);
    expect(page2.page).toBe(2);
    expect(page2.rows.length).toBe(page2.total - 50);
    expect(page2.pageLinks.previous).toBe(`personneId=${w.a.id}`);
    const future = await view(w.dane.id, "?du=2099-01-01");
    expect(future.total).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await view(w.dane.id, `?du=${today}&au=${today}`)).total).toBe((await view(w.dane.id)).total);
    const bad = await view(w.dane.id, "?du=2026-05-01&au=2026-04-01");
    expect(bad.error).toBe("La date de début doit précéder la date de fin.");
    expect((await view(w.dane.id, "?du=31/12/2026")).error).toBe("Du : une date au format AAAA-MM-JJ est attendue.");
  });

  it("exports the filtered log as CSV for French spreadsheets", async () => {
    const response = (await call(logCsvLoader, w.dane.id, `/journal-des-acces.csv?personneId=${w.a.id}`, {})) as Response;
    expect(response.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text.startsWith("Date;Action;Personne;Établissement;UAI;Consulté par;Adresse électronique;Adresse IP\r\n")).toBe(true);
    const lines = text.trim().split("\r\n");
    expect(lines.length - 1).toBe((await view(w.dane.id, `?personneId=${w.a.id}`)).total);
    expect(lines[1]).toMatch(/;Maëlle Kerhervé;/);
    expect(text).not.toContain("Le Goff");
  });

  it("is refused to a chef and a referent", async () => {
    for (const userId of [w.chef.id, w.colleague.id]) {
      expect(statusOf(await call(logLoader, userId, "/journal-des-acces", {}))).toBe(403);
      expect(statusOf(await call(logCsvLoader, userId, "/journal-des-acces.csv", {}))).toBe(403);
    }
  });
});

describe("rectification", () => {
  it("refuses bad input in French and a stale version, writing nothing", async () => {
    const before = await tableChecksums(["Session", "AuditEvent"]);
    const bad = await call(fileAction, w.dane.id, `/personnes/${w.a.id}`, { id: w.a.id }, { intent: "rectify", version: "1", firstName: "Maëlle", lastName: "Ker<script>", email: PEOPLE.a.email });
    expect(statusOf(bad)).toBe(422);
    expect(dataOf(bad).error).toMatch(/^Nom : seuls les lettres/);
    const email = await call(fileAction, w.dane.id, `/personnes/${w.a.id}`, { id: w.a.id }, { intent: "rectify", version: "1", firstName: "Maëlle", lastName: "Kerhervé", email: "pas-une-adresse" });
    expect(dataOf(email).error).toMatch(/Adresse électronique invalide/);
    const taken = await call(fileAction, w.dane.id, `/personnes/${w.a.id}`, { id: w.a.id }, { intent: "rectify", version: "1", firstName: "Maëlle", lastName: "Kerhervé", email: "yann.colleague@ac-rennes.fr" });
    expect(statusOf(taken)).toBe(409);
    const stale = await call(fileAction, w.dane.id, `/personnes/${w.a.id}`, { id: w.a.id }, { intent: "rectify", version: "7", firstName: "Maëlle", lastName: "Kerhervé", email: "m.kerherve@ac-rennes.fr" });
    expect(statusOf(stale)).toBe(409);
    expect(dataOf(stale).error).toMatch(/modifiée entre-temps/);
    const foreign = await call(fileAction, w.daneN.id, `/personnes/${w.a.id}`, { id: w.a.id }, { intent: "rectify", version: "1", firstName: "Intrus", lastName: "Intrus", email: "intrus@ac-nantes.fr" });
    expect(statusOf(foreign)).toBe(404);
    expect(changedTables(before, await tableChecksums(["Session", "AuditEvent"]))).toEqual([]);
  });

  it("corrects the identity, in the account and the IMP attributions, and audits the fields", async () => {
    const db = getDb();
    // A typo corrected, then put back: both go through the lock (version 1, then 2).
    const first = await call(fileAction, w.dane.id, `/personnes/${w.a.id}`, { id: w.a.id }, { intent: "rectify", version: "1", firstName: "Maëlle", lastName: "Kerhervé", email: "MAELLE.KERHERVE2@ac-rennes.fr" });
    expect(dataOf(first).ok).toBe("Identité corrigée (adresse électronique).");
    expect((await db.user.findUniqueOrThrow({ where: { id: w.a.id } })).email).toBe("maelle.kerherve2@ac-rennes.fr");
    expect(await db.impAttribution.count({ where: { email: "maelle.kerherve2@ac-rennes.fr" } })).toBe(1);
    const back = await call(fileAction, w.dane.id, `/personnes/${w.a.id}`, { id: w.a.id }, { intent: "rectify", version: "2", firstName: "Maëlle", lastName: "Kerhervé", email: PEOPLE.a.email });
    expect(dataOf(back).ok).toMatch(/Identité corrigée/);
    const user = await db.user.findUniqueOrThrow({ where: { id: w.a.id } });
    expect(user).toMatchObject({ ...PEOPLE.a, version: 3 });
    const audits = await db.auditEvent.findMany({ where: { action: "rgpd.rectify", entityId: w.a.id }, orderBy: { createdAt: "asc" } });
    expect(audits.map((e) => [e.actorId, e.summary])).toEqual([[w.dane.id, { fields: ["email"] }], [w.dane.id, { fields: ["email"] }]]);
  });
});

describe("erasure", () => {
  const totals = async () => {
    const db = getDb();
    const dane = await w.actor(w.dane.id);
    const dashboard = await loadDashboardPage(dane, parseDashboardFilters(new URLSearchParams(`annee=${w.year}`)), "ecart");
    const payroll = await payrollOf(w.rennes, w.year);
    const [workload] = await db.$queryRaw<{ sum: number; n: bigint }[]>`
      SELECT sum("pedagogicalSupport" + assistance + "onlineServices" + communication + training + "leadershipAdvice") AS sum, count(*) AS n
      FROM "ResponseWorkload" WHERE "academyId" = ${w.rennes.id}`;
    const letters = await db.missionLetter.findMany({ where: { establishment: { academyId: w.rennes.id } }, select: { attributedCents: true, envelopeCents: true, status: true } });
    const attributions = await db.impAttribution.aggregate({ where: { establishment: { academyId: w.rennes.id } }, _sum: { impCents: true }, _count: true });
    const attendance = await db.trainingRegistration.count({ where: { session: { course: { academyId: w.rennes.id } }, status: "REGISTERED" } });
    return JSON.stringify({ load: dashboard, payroll: { total: payroll.totalCents, lines: payroll.lineCount, months: payroll.months }, workload: [workload.sum, Number(workload.n)], letters, attributions, attendance });
  };

  it("needs a reason and the typed confirmation, and writes nothing without them", async () => {
    const before = await tableChecksums(["Session", "AuditEvent"]);
    const noReason = await call(fileAction, w.dane.id, `/personnes/${w.a.id}`, { id: w.a.id }, { intent: "erase", reason: " ", confirm: "EFFACER" });
    expect(statusOf(noReason)).toBe(422);
    expect(dataOf(noReason).error).toMatch(/^Motif : /);
    const noConfirm = await call(fileAction, w.dane.id, `/personnes/${w.a.id}`, { id: w.a.id }, { intent: "erase", reason: "Demande de l'intéressée", confirm: "effacer" });
    expect(dataOf(noConfirm).error).toMatch(/^Confirmation : saisissez EFFACER/);
    const foreign = await call(fileAction, w.daneN.id, `/personnes/${w.a.id}`, { id: w.a.id }, { intent: "erase", reason: "Demande de l'intéressée", confirm: "EFFACER" });
    expect(statusOf(foreign)).toBe(404);
    const self = await call(fileAction, w.dane.id, `/personnes/${w.dane.id}`, { id: w.dane.id }, { intent: "erase", reason: "Je pars", confirm: "EFFACER" });
    expect([404, 422]).toContain(statusOf(self));
    expect(changedTables(before, await tableChecksums(["Session", "AuditEvent"]))).toEqual([]);
  });

  it("leaves no trace of the name or the address in any table, keeps the figures, and cannot be repeated", async () => {
    const db = getDb();
    const before = await totals();
    const bBefore = await fullTextSearch("Kerhervé-Le Goff");
    expect(await fullTextSearch(PEOPLE.a.email)).not.toEqual([]);

    const outcome = await call(fileAction, w.dane.id, `/personnes/${w.a.id}`, { id: w.a.id }, { intent: "erase", reason: `Demande de ${PEOPLE.a.firstName} ${PEOPLE.a.lastName} du 2 décembre`, confirm: "EFFACER" });
    expect(outcome).toBeInstanceOf(Response);
    expect((outcome as Response).headers.get("Location")).toBe("/personnes?effacement=fait");

    // The address, anywhere, in any case.
    expect(await fullTextSearch(PEOPLE.a.email)).toEqual([]);
    expect(await fullTextSearch("maelle.kerherve2")).toEqual([]);
    // The name: only the namesake of Nantes still carries "Kerhervé" (in "Kerhervé-Le Goff"), exactly where she did.
    const traces = (await fullTextSearch("Kerhervé")).filter((r) => r.text.replaceAll("Kerhervé-Le Goff", "").toLowerCase().includes("kerhervé"));
    expect(traces).toEqual([]);
    expect(await fullTextSearch("Kerhervé-Le Goff")).toEqual(bBefore);
    expect(bBefore.length).toBeGreaterThanOrEqual(4);

    // The figures of the académie are the same.
    expect(await totals()).toBe(before);
    // The person's row stays, anonymised; free text gone, figures kept; no way to sign in any more.
    const user = await db.user.findUniqueOrThrow({ where: { id: w.a.id }, include: { sessions: true, identities: true } });
    expect(user).toMatchObject({ firstName: "Personne", lastName: "effacée", sessions: [], identities: [] });
    expect(user.erasedAt).not.toBeNull();
    expect(await getActor(new Request("http://localhost/", { headers: { Cookie: w.cookies.a } }))).toBeNull();
    const bilan = await db.surveyResponse.findUniqueOrThrow({ where: { id: w.bilanA } });
    expect(bilan.data).not.toHaveProperty("commentaires");
    expect(bilan.data).not.toHaveProperty("actions-Comment");
    expect(bilan.data).toMatchObject({ h_assistance: 1.5, nombre_referents: 2, actions: ["ateliers", "pix", "other"] });
    expect(bilan.freeTextClearedAt).not.toBeNull();
    const other = await db.surveyResponse.findUniqueOrThrow({ where: { id: w.bilanColleague } });
    expect(other.data).toHaveProperty("commentaires");
    // The chef's mail that named the person lost the letter's PDF (it lists the referents).
    const [chefMail] = await db.$queryRaw<{ attachments: unknown }[]>`SELECT attachments FROM "OutboxMessage" WHERE recipient = 'chef.korrigans@ac-rennes.fr'`;
    expect(chefMail.attachments).toBeNull();
    // The namesake is untouched.
    expect(await db.user.findUniqueOrThrow({ where: { id: w.b.id } })).toMatchObject({ ...PEOPLE.b, erasedAt: null });
    expect(await db.linkedIdentity.count({ where: { userId: w.b.id } })).toBe(1);
    // Audited with who and why (the reason itself is scrubbed of the name).
    const [event] = await db.auditEvent.findMany({ where: { action: "rgpd.erase", entityId: w.a.id } });
    expect(event).toMatchObject({ actorId: w.dane.id, ip: context.clientIp });
    expect((event.summary as { reason: string }).reason).toBe("Demande de Personne effacée du 2 décembre");
    expect(event.summary).toMatchObject({ attributions: 1, bilans: 1, sessions: expect.any(Number), identities: 1, loginTokens: 1 });

    const again = await call(fileAction, w.dane.id, `/personnes/${w.a.id}`, { id: w.a.id }, { intent: "erase", reason: "Encore une fois", confirm: "EFFACER" });
    expect(statusOf(again)).toBe(409);
    // The file still opens for the DANE, showing an erased person.
    const file = await personFile(await w.actor(w.dane.id), w.a.id);
    expect(file.account).toMatchObject({ firstName: "Personne", lastName: "effacée" });
    expect(file.accessLog.some((e) => e.action === "rgpd.erase")).toBe(true);
  });
  it("keeps an erased person's reads in the académie's access log, with no grant, bilan or training left", async () => {
    const lone = await makeUser([{ role: "RUPN", academyId: w.rennes.id, establishmentId: w.eR.id, schoolYearId: w.year }], "solene.seule@ac-rennes.fr");
    await logPersonalDataAccess(w.dane.id, "User", lone.id, "198.51.100.9");
    const erased = await call(fileAction, w.dane.id, `/personnes/${lone.id}`, { id: lone.id }, { intent: "erase", reason: "Départ de l'académie", confirm: "EFFACER" });
    expect(erased).toBeInstanceOf(Response);
    expect(await getDb().roleAssignment.count({ where: { userId: lone.id } })).toBe(0);
    type Log = Awaited<ReturnType<typeof logLoader>>;
    const view = async (userId: string) => (await call(logLoader, userId, `/journal-des-acces?personneId=${lone.id}`, {})) as Log;
    const rennes = await view(w.dane.id);
    expect(rennes.rows.map((r) => r.action).sort()).toEqual(["Consultation de la fiche de la personne", "Effacement de la personne"]);
    expect((await view(w.daneN.id)).rows).toEqual([]);
  });
});
