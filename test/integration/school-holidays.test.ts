// School holidays on a real PostgreSQL (ADR 012): the official calendar seeded once per zone and year,
// académies mapped to their zone, the DANE's corrections (scope, validation, optimistic lock, audit), and
// their effect on the slot shown in the catalogue and written in the convocation and the ordre de mission.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { pdfText } from "../setup/pdf.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { syncOfficialSchoolHolidays } from "../../prisma/reference/school-holidays.ts";
import { createHoliday, deleteHoliday, listHolidays, updateHoliday } from "../../app/services/school-holidays.server.ts";
import { createCourse, createSession, getCourse } from "../../app/services/trainings.server.ts";
import { registerVolunteer } from "../../app/services/training-registrations.server.ts";
import { loader as holidaysLoader, action as holidaysAction } from "../../app/routes/formations_.vacances.tsx";
import { addDays, isoWeekday, parisDate, parisWallClockToUtc } from "../../app/domain/trainings/paris-time.ts";
import { schoolYearIdFor } from "../../app/domain/school-year.ts";

useTestDatabase();

const actorOf = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
const context = { clientIp: null, cspNonce: "" };
let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const year = await ensureCurrentSchoolYear();
  const db = getDb();
  // Real Annuaire codes: the zone comes from them.
  const rennes = await db.academy.create({ data: { code: "14", name: "Rennes" } });
  const poitiers = await db.academy.create({ data: { code: "13", name: "Poitiers" } });
  const corse = await db.academy.create({ data: { code: "27", name: "Corse" } });
  const first = await syncOfficialSchoolHolidays(db);
  const a = await makeEstablishment(rennes.id);
  const dane = await makeUser([{ role: "DANE", academyId: rennes.id }], "dane@ac-rennes.fr");
  const daneP = await makeUser([{ role: "DANE", academyId: poitiers.id }], "dane@ac-poitiers.fr");
  const daneCorse = await makeUser([{ role: "DANE", academyId: corse.id }]);
  const rupn = await makeUser([{ role: "RUPN", academyId: rennes.id, establishmentId: a.id, schoolYearId: year }], "anne@ac-rennes.fr");
  return {
    year, rennes, poitiers, corse, first, ids: { dane: dane.id, daneP: daneP.id, rupn: rupn.id },
    dane: await actorOf(dane.id), daneP: await actorOf(daneP.id), daneCorse: await actorOf(daneCorse.id), rupn: await actorOf(rupn.id),
  };
}

beforeAll(async () => {
  w = await world();
});

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const zoneB = (label: string, schoolYearId = "2026-2027") =>
  getDb().schoolHoliday.findUniqueOrThrow({ where: { zone_schoolYearId_label: { zone: "B", schoolYearId, label } } });

describe("the official calendar as data", () => {
  it("seeds every zone and year once, maps the académies to their zone, and never overwrites a correction", async () => {
    expect(w.first.inserted).toBe(2 * 3 * 6);
    const zones = await getDb().academy.findMany({ orderBy: { code: "asc" }, select: { code: true, zone: true } });
    expect(zones).toEqual([{ code: "13", zone: "A" }, { code: "14", zone: "B" }, { code: "27", zone: null }]);
    const hiver = await zoneB("Vacances d'hiver");
    expect([hiver.firstDay, hiver.lastDay]).toEqual([day("2027-02-20"), day("2027-03-07")]);
    expect(hiver.source).toBe("Calendrier scolaire officiel (Ministère de l'Éducation nationale)");
    await getDb().schoolHoliday.update({ where: { id: hiver.id }, data: { lastDay: day("2027-03-06") } });
    expect((await syncOfficialSchoolHolidays(getDb())).inserted).toBe(0);
    expect((await zoneB("Vacances d'hiver")).lastDay).toEqual(day("2027-03-06"));
    await getDb().schoolHoliday.update({ where: { id: hiver.id }, data: { lastDay: day("2027-03-07") } });
  });
});

describe("the DANE's corrections", () => {
  it("shows a DANE the zone of its académie only; an académie without zone has none; a RUPN gets a 404", async () => {
    const mine = await listHolidays(w.dane);
    expect(mine.zones.map((z) => [z.zone, z.editable])).toEqual([["B", true]]);
    expect(mine.zones[0].years.map((y) => [y.schoolYearId, y.periods.length])).toEqual([["2025-2026", 6], ["2026-2027", 6]]);
    expect((await listHolidays(w.daneCorse)).zones).toEqual([]);
    const page = await holidaysLoader({ request: await signedRequest(w.ids.rupn, "http://localhost/formations/vacances"), params: {}, context } as never).then(
      () => 200,
      (r: Response) => r.status,
    );
    expect(page).toBe(404);
  });

  it("refuses another zone's period (404), a stale version (409) and invalid dates (422), then saves and audits", async () => {
    const hiver = await zoneB("Vacances d'hiver");
    const input = { label: "Vacances d'hiver", firstDay: "2027-02-20", lastDay: "2027-03-07" };
    await expect(updateHoliday(w.daneP, hiver.id, { ...input, version: hiver.version })).rejects.toMatchObject({ status: 404 });
    await expect(updateHoliday(w.dane, hiver.id, { ...input, version: hiver.version + 1 })).rejects.toMatchObject({ status: 409 });
    await expect(updateHoliday(w.dane, hiver.id, { ...input, lastDay: "2027-04-20", version: hiver.version })).rejects.toMatchObject({
      status: 422,
      message: "Dates : la période chevauche « Vacances de printemps » (du 17/04/2027 au 02/05/2027).",
    });
    await updateHoliday(w.dane, hiver.id, { ...input, label: "Vacances d'hiver (modifiées)", lastDay: "2027-03-05", version: hiver.version });
    const saved = await getDb().schoolHoliday.findUniqueOrThrow({ where: { id: hiver.id } });
    expect([saved.label, saved.lastDay, saved.version, saved.source]).toEqual(["Vacances d'hiver (modifiées)", day("2027-03-05"), hiver.version + 1, "Modifié par Prénom Nom (DANE)"]);
    const event = await getDb().auditEvent.findFirstOrThrow({ where: { action: "school-holiday.update", entityId: hiver.id } });
    expect(event.actorId).toBe(w.ids.dane);
    expect(event.summary).toMatchObject({ zone: "B", before: { lastDay: "2027-03-07", label: "Vacances d'hiver" }, after: { lastDay: "2027-03-05" } });
    await updateHoliday(w.dane, hiver.id, { ...input, version: saved.version });
  });

  it("validates the form in French at the route, then adds and deletes a period", async () => {
    const post = async (fields: [string, string][]) =>
      (await holidaysAction({
        request: await signedRequest(w.ids.dane, "http://localhost/formations/vacances", { method: "POST", body: new URLSearchParams(fields) }),
        params: {},
        context,
      } as never)) as { data?: { error: string }; init?: { status: number }; ok?: string };
    const bad = await post([["intent", "create"], ["zone", "B"], ["schoolYearId", "2026-2027"], ["label", "Journée banalisée"], ["firstDay", "12/05/2027"], ["lastDay", "2027-05-12"]]);
    expect([bad.init?.status, bad.data?.error]).toEqual([400, "Premier jour sans classe : une date est attendue."]);
    const foreign = await post([["intent", "create"], ["zone", "A"], ["schoolYearId", "2026-2027"], ["label", "Journée banalisée"], ["firstDay", "2027-05-12"], ["lastDay", "2027-05-12"]]);
    expect(foreign.init?.status).toBe(404);
    const ok = await post([["intent", "create"], ["zone", "B"], ["schoolYearId", "2026-2027"], ["label", "Journée banalisée"], ["firstDay", "2027-05-12"], ["lastDay", "2027-05-12"]]);
    expect(ok).toEqual({ ok: "Période « Journée banalisée » ajoutée à la zone B (2026-2027)." });
    const added = await zoneB("Journée banalisée");
    await expect(deleteHoliday(w.dane, added.id, added.version + 1)).rejects.toMatchObject({ status: 409 });
    await deleteHoliday(w.dane, added.id, added.version);
    expect(await getDb().schoolHoliday.count({ where: { label: "Journée banalisée" } })).toBe(0);
    expect(await getDb().auditEvent.count({ where: { action: { in: ["school-holiday.create", "school-holiday.delete"] }, entityId: added.id } })).toBe(2);
  });
});

describe("effect on sessions", () => {
  const virtualClass = { title: "Classe virtuelle : ENT", kind: "VIRTUAL_CLASS" as const, audience: "RUPN", description: "" };

  it("labels a session in the zone's holidays outside class hours, warns the DANE, and follows a correction", async () => {
    const course = await createCourse(w.dane, virtualClass);
    // Tuesday 23 February 2027, 14:00–15:00 Paris: zone B winter holidays (20 February → 7 March 2027).
    const session = await createSession(w.dane, course.id, {
      startsAt: parisWallClockToUtc("2027-02-23", "14:00"),
      endsAt: parisWallClockToUtc("2027-02-23", "15:00"),
      venue: { mode: "REMOTE", url: "https://classe.example/ent" },
      capacity: 10,
      registrationDeadline: null,
    });
    expect(session.holidayWarnings).toEqual([
      "Cette session tombe sur une période sans classe de la zone B : « Vacances d'hiver », du 20/02/2027 au 07/03/2027. Elle compte hors temps de classe, et les référents peuvent être en congés.",
    ]);
    const slotOf = async () => (await getCourse(w.dane, course.id)).sessions.find((s) => s.id === session.id)!.slot;
    expect(await slotOf()).toBe("OUTSIDE_CLASS_HOURS");
    const hiver = await zoneB("Vacances d'hiver");
    await updateHoliday(w.dane, hiver.id, { label: hiver.label, firstDay: "2027-02-20", lastDay: "2027-02-21", version: hiver.version });
    expect(await slotOf()).toBe("DURING_CLASS_HOURS");
    // A public holiday warns too (lundi de Pâques, 29 March 2027).
    const easter = await createSession(w.dane, course.id, {
      startsAt: parisWallClockToUtc("2027-03-29", "10:00"),
      endsAt: parisWallClockToUtc("2027-03-29", "11:00"),
      venue: { mode: "REMOTE", url: "https://classe.example/ent" },
      capacity: 10,
      registrationDeadline: null,
    });
    expect(easter.holidayWarnings).toEqual(["Cette session a lieu un jour férié (Lundi de Pâques, 29/03/2027)."]);
  });

  it("writes the holiday-aware slot in the convocation mail and the ordre de mission", async () => {
    // A Tuesday ahead that is a school day, turned into a day without classes by the DANE.
    let date = addDays(parisDate(new Date()), 10);
    const hasClasses = async (d: string) =>
      isoWeekday(d) === 2 && (await getDb().schoolHoliday.count({ where: { zone: "B", firstDay: { lte: day(d) }, lastDay: { gte: day(d) } } })) === 0;
    while (!(await hasClasses(date))) date = addDays(date, 1);
    const course = await createCourse(w.dane, { ...virtualClass, title: "Classe virtuelle : Pix" });
    const session = await createSession(w.dane, course.id, {
      startsAt: parisWallClockToUtc(date, "14:00"),
      endsAt: parisWallClockToUtc(date, "15:00"),
      venue: { mode: "REMOTE", url: "https://classe.example/pix" },
      capacity: 10,
      registrationDeadline: null,
    });
    expect(session.holidayWarnings).toEqual([]);
    expect((await getCourse(w.dane, course.id)).sessions[0].slot).toBe("DURING_CLASS_HOURS");
    const schoolYearId = schoolYearIdFor(parisWallClockToUtc(date, "12:00"));
    await getDb().schoolYear.upsert({ where: { id: schoolYearId }, update: {}, create: { id: schoolYearId, startsOn: day(`${schoolYearId.slice(0, 4)}-09-01`), endsOn: day(`${schoolYearId.slice(5)}-08-31`) } });
    await createHoliday(w.dane, "B", schoolYearId, { label: "Journée banalisée (formation)", firstDay: date, lastDay: date });
    await registerVolunteer(w.rupn, session.id);
    const mail = await getDb().outboxMessage.findFirstOrThrow({ where: { kind: "training-convocation", recipient: "anne@ac-rennes.fr" } });
    expect(mail.textBody).toContain("Créneau : hors temps de classe");
    const attachments = mail.attachments as { contentType: string; contentBase64: string }[];
    const pdf = pdfText(Buffer.from(attachments.find((a) => a.contentType === "application/pdf")!.contentBase64, "base64")).replace(/\s+/g, " ");
    expect(pdf).toContain("Hors temps de classe");
  });
});
