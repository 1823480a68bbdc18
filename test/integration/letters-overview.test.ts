// The DANE's follow-up of the lettres de mission (/lettres/suivi) through its route: every establishment of
// the académie with its letter's state and figures, totals, filters, and reminders (outbox, audited, never
// twice in 24 h to the same establishment). Another académie is a 404.
import { appOrigin } from "../../app/auth/origin.server.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { makeLetter } from "../setup/imp-letters.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { createPoitiersRuleSet } from "../../app/services/imp-rule-sets.server.ts";
import { sendLetterReminders } from "../../app/services/letters-overview.server.ts";
import { loader, action } from "../../app/routes/lettres_.suivi.tsx";

useTestDatabase();

const context = { clientIp: null, cspNonce: "" };
let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  await createPoitiersRuleSet(db, rennes.id, year);
  const est = async (name: string, type: "COLLEGE" | "LYCEE" | "LYCEE_PRO", pupils: number | null, more: { email?: string | null; departmentCode?: string } = {}) => {
    const e = await makeEstablishment(rennes.id, { name, type });
    const updated = await db.establishment.update({
      where: { id: e.id },
      data: { email: more.email === undefined ? `ce.${e.uai.toLowerCase()}@ac-rennes.fr` : more.email, departmentCode: more.departmentCode ?? "035", departmentName: more.departmentCode === "022" ? "Côtes-d'Armor" : "Ille-et-Vilaine" },
    });
    if (pupils !== null) await db.establishmentYear.create({ data: { establishmentId: e.id, schoolYearId: year, pupilCount: pupils, source: "test" } });
    return updated;
  };
  const a = await est("A Collège validé", "COLLEGE", 150);
  const b = await est("B Collège signé", "COLLEGE", 300);
  const c = await est("C Lycée renvoyé", "LYCEE", 600, { departmentCode: "022" });
  const d = await est("D LP soumis", "LYCEE_PRO", 400);
  const e = await est("E Collège sans lettre", "COLLEGE", 250, { email: null });
  const f = await est("F Collège sans rien", "COLLEGE", null, { email: null });
  const g = await makeEstablishment(poitiers.id, { name: "G Collège de Poitiers" });
  const letters = {
    a: await makeLetter(a.id, year, "VALIDATED", { envelopeCents: 125_000 }, [{ firstName: "Anne", lastName: "Le Goff", email: "anne.le-goff@ac-rennes.fr", impCents: 125_000 }]),
    b: await makeLetter(b.id, year, "SIGNED", { envelopeCents: 250_000, topUpCents: 62_500 }, [
      { firstName: "Bruno", lastName: "Morvan", email: "bruno.morvan@ac-rennes.fr", impCents: 250_000 },
      { firstName: "Berthe", lastName: "Riou", email: "berthe.riou@ac-rennes.fr", impCents: 62_500 },
    ]),
    c: await makeLetter(c.id, year, "DRAFT", { envelopeCents: 375_000, returnedAt: new Date() }),
    d: await makeLetter(d.id, year, "SUBMITTED", { envelopeCents: 250_000 }),
  };
  const dane = await makeUser([{ role: "DANE", academyId: rennes.id }]);
  const daneP = await makeUser([{ role: "DANE", academyId: poitiers.id }]);
  const chefC = await makeUser([{ role: "CHEF", academyId: rennes.id, establishmentId: c.id }], "chef.c@ac-rennes.fr");
  const chefE = await makeUser([{ role: "CHEF", academyId: rennes.id, establishmentId: e.id }], "chef.e@ac-rennes.fr");
  return { year, rennes, poitiers, a, b, c, d, e, f, g, letters, dane, daneP, chefC, chefE };
}

beforeAll(async () => {
  w = await world();
});

const get = (userId: string, path: string) => signedRequest(userId, `http://localhost${path}`);
const view = async (userId: string, query = "") => loader({ request: await get(userId, `/lettres/suivi${query}`), params: {}, context } as never);
const status = (promise: Promise<unknown>) => promise.then(() => 200, (r: Response) => r.status);
const remind = async (userId: string, fields: [string, string][] = []) =>
  (await action({
    request: await signedRequest(userId, "http://localhost/lettres/suivi", { method: "POST", body: new URLSearchParams([["intent", "remind"], ...fields]) }),
    params: {},
    context,
  } as never)) as { ok?: string; data?: { error: string }; init?: { status: number } };

describe("letters overview", () => {
  it("lists every open establishment of the académie with its letter's state, figures and the académie totals", async () => {
    const page = await view(w.dane.id);
    expect(page.schoolYearId).toBe(w.year);
    const rows = page.lines.map((l) => [l.establishment.name, l.status, l.letter?.id ?? null, l.envelope, l.attributed, l.topUp]);
    expect(rows).toEqual([
      ["A Collège validé", "VALIDATED", w.letters.a.id, 125_000, 125_000, 0],
      ["B Collège signé", "SIGNED", w.letters.b.id, 250_000, 312_500, 62_500],
      ["C Lycée renvoyé", "DRAFT", w.letters.c.id, 375_000, 0, 0],
      ["D LP soumis", "SUBMITTED", w.letters.d.id, 250_000, 0, 0],
      ["E Collège sans lettre", "NONE", null, 250_000, 0, 0],
      ["F Collège sans rien", "NONE", null, null, 0, 0],
    ]);
    expect(page.lines[2].letter?.returned).toBe(true);
    expect(page.lines[5].envelopeNote).toBe("Effectif inconnu pour F Collège sans rien : impossible de calculer l'enveloppe IMP.");
    expect(page.academyTotals).toEqual({
      establishments: 6,
      byStatus: { NONE: 2, DRAFT: 1, SUBMITTED: 1, SIGNED: 1, VALIDATED: 1 },
      envelope: 1_250_000,
      envelopeUnknown: 1,
      attributed: 437_500,
      topUp: 62_500,
      signed: 2,
    });
    expect(page.pendingReminders).toBe(4);
    expect(page.departments).toEqual([["022", "Côtes-d'Armor"], ["035", "Ille-et-Vilaine"]]);
    expect(page.payroll).toMatchObject({ letters: 1, lines: 1, totalCents: 125_000, problems: [] });
  });

  it("filters by state, type and département, with the selection's totals", async () => {
    const none = await view(w.dane.id, "?statut=NONE");
    expect(none.lines.map((l) => l.establishment.name)).toEqual(["E Collège sans lettre", "F Collège sans rien"]);
    expect(none.shownTotals).toMatchObject({ establishments: 2, envelope: 250_000, envelopeUnknown: 1 });
    expect(none.academyTotals.establishments).toBe(6);
    const colleges = await view(w.dane.id, "?type=COLLEGE");
    expect(colleges.lines).toHaveLength(4);
    expect(colleges.shownTotals).toMatchObject({ envelope: 625_000, attributed: 437_500, topUp: 62_500, signed: 2 });
    const cotes = await view(w.dane.id, "?departement=022");
    expect(cotes.lines.map((l) => l.establishment.name)).toEqual(["C Lycée renvoyé"]);
    const other = await view(w.dane.id, `?annee=${Number(w.year.slice(0, 4)) - 1}-${w.year.slice(0, 4)}`);
    expect(other.lines.every((l) => l.status === "NONE" && l.envelopeNote?.startsWith("Aucune règle d'enveloppe IMP publiée"))).toBe(true);
  });

  it("is a 404 for another académie, a 403 for a chef, a 400 for an unknown filter", async () => {
    expect(await status(view(w.daneP.id, `?academie=${w.rennes.id}`))).toBe(404);
    expect(await status(view(w.chefC.id))).toBe(403);
    expect(await status(view(w.dane.id, "?statut=PERDUE"))).toBe(400);
    const foreign = await remind(w.daneP.id, [["academie", w.rennes.id]]);
    expect(foreign.init?.status).toBe(404);
    expect(await getDb().outboxMessage.count()).toBe(0);
    // The Poitiers DANE sees its own académie only.
    const own = await view(w.daneP.id);
    expect(own.lines.map((l) => l.establishment.name)).toEqual(["G Collège de Poitiers"]);
  });

  it("reminds the establishments without a signed letter, by mail to the establishment and its chefs, once in 24 hours", async () => {
    const db = getDb();
    const submitted = await remind(w.dane.id, [["statut", "SUBMITTED"]]);
    expect(submitted.ok).toBe("1 établissement relancé (1 courriel).");
    expect((await db.outboxMessage.findMany()).map((m) => m.recipient)).toEqual([w.d.email]);

    const all = await remind(w.dane.id);
    expect(all.ok).toBe("2 établissements relancés (3 courriels). 1 déjà relancé depuis moins de 24 heures. Sans adresse électronique : F Collège sans rien (" + w.f.uai + ").");
    const mails = await db.outboxMessage.findMany({ orderBy: { createdAt: "asc" } });
    expect(mails.map((m) => m.recipient).sort()).toEqual([w.c.email, w.d.email, "chef.c@ac-rennes.fr", "chef.e@ac-rennes.fr"].sort());
    const toChefE = mails.find((m) => m.recipient === "chef.e@ac-rennes.fr")!;
    expect(toChefE.kind).toBe("mission-letter-reminder");
    expect(toChefE.subject).toBe(`Rappel : lettre de mission RUPN ${w.year} à compléter et signer — E Collège sans lettre`);
    expect(toChefE.textBody).toContain(`La DANE de l'académie de Rennes n'a pas encore reçu la lettre de mission RUPN ${w.year} signée de l'établissement E Collège sans lettre (${w.e.uai}) : la lettre n'a pas encore été commencée.`);
    // Links point at the public origin (APP_URL, or http://localhost:PORT), never at the request's host.
    expect(toChefE.textBody).toContain(`${appOrigin()}/lettres`);
    expect(mails.find((m) => m.recipient === w.c.email)!.textBody).toContain("la lettre est en brouillon");
    expect(mails.some((m) => [w.a.email, w.b.email].includes(m.recipient))).toBe(false);
    const audited = await db.auditEvent.findMany({ where: { action: "mission-letter.reminder" }, select: { entityId: true, actorId: true } });
    expect(audited.map((a) => a.entityId).sort()).toEqual([w.c.id, w.d.id, w.e.id].sort());
    expect(audited.every((a) => a.actorId === w.dane.id)).toBe(true);

    const again = await remind(w.dane.id);
    expect(again.ok).toBe("Aucun établissement relancé. 3 déjà relancés depuis moins de 24 heures. Sans adresse électronique : F Collège sans rien (" + w.f.uai + ").");
    expect(await db.outboxMessage.count()).toBe(4);
    const page = await view(w.dane.id);
    expect(page.lines.find((l) => l.establishment.id === w.d.id)?.lastReminderAt).not.toBeNull();
    expect(page.lines.find((l) => l.establishment.id === w.a.id)?.lastReminderAt).toBeNull();

    const actor = (await getActor(await get(w.dane.id, "/")))!;
    const tomorrow = new Date(Date.now() + 25 * 3600 * 1000);
    const later = await sendLetterReminders(actor, w.rennes, w.year, {}, "https://rupn.example", null, tomorrow);
    expect(later).toEqual({ reminded: 3, mails: 4, recentlyReminded: 0, withoutAddress: [`F Collège sans rien (${w.f.uai})`] });
    expect(await db.outboxMessage.count({ where: { recipient: { contains: "poitiers" } } })).toBe(0);
  });

  it("does not let two simultaneous reminders both through", async () => {
    const actor = (await getActor(await get(w.dane.id, "/")))!;
    // Forget the earlier reminders: the 24 h window is measured on the audit events' own time.
    await getDb().auditEvent.deleteMany({ where: { action: "mission-letter.reminder" } });
    const before = await getDb().outboxMessage.count();
    const [x, y] = await Promise.all([
      sendLetterReminders(actor, w.rennes, w.year, {}, "https://rupn.example"),
      sendLetterReminders(actor, w.rennes, w.year, {}, "https://rupn.example"),
    ]);
    expect(x.reminded + y.reminded).toBe(3);
    expect(await getDb().outboxMessage.count()).toBe(before + 4);
  });
});
