// Trainings on a real PostgreSQL: scope, concurrent registrations, convocations through a real SMTP
// server (.ics and ordre de mission PDF), cancellation with promotion, zone convocation, reminders.
process.env.DB_POOL_SIZE = "60"; // 50 concurrent registrations, each on its own connection
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { startTestSmtp } from "../setup/smtp.ts";
import { pdfText } from "../setup/pdf.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { createCourse, createSession, getCourse, getSession, listCourses } from "../../app/services/trainings.server.ts";
import {
  cancelRegistration,
  cancelWholeSession,
  changeSessionCapacity,
  convokeZone,
  designate,
  markAttendance,
  registerVolunteer,
  sendTrainingReminders,
} from "../../app/services/training-registrations.server.ts";
import { csvField, personHistory, sessionCsv, trainingDashboard } from "../../app/services/training-reports.server.ts";
import { processOutbox, smtpDeliver } from "../../app/services/outbox.server.ts";
import { addDays, isoWeekday, parisDate, parisWallClockToUtc } from "../../app/domain/trainings/paris-time.ts";

useTestDatabase();

const actorOf = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
/** A Paris wall-clock instant `days` from today. */
const inDays = (days: number, time: string) => parisWallClockToUtc(addDays(parisDate(new Date()), days), time);
/** Days from today to the first Tuesday at least `min` days ahead (class hours in the afternoon). */
const tuesdayFrom = (min: number) => {
  let d = min;
  while (isoWeekday(addDays(parisDate(new Date()), d)) !== 2) d++;
  return d;
};

let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const year = await ensureCurrentSchoolYear();
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  const a = await makeEstablishment(rennes.id, { name: "Collège Anne de Bretagne" });
  await getDb().establishment.update({ where: { id: a.id }, data: { basinCode: "B1", basinName: "Rennes Nord" } });
  const far = await makeEstablishment(poitiers.id, { name: "Collège de Poitiers" });
  const dane = await makeUser([{ role: "DANE", academyId: rennes.id }], "dane@ac-rennes.fr");
  const daneP = await makeUser([{ role: "DANE", academyId: poitiers.id }], "dane@ac-poitiers.fr");
  const chef = await makeUser([{ role: "CHEF", academyId: rennes.id, establishmentId: a.id }], "chef@ac-rennes.fr");
  const anne = await makeUser([{ role: "RUPN", academyId: rennes.id, establishmentId: a.id, schoolYearId: year }], "anne@ac-rennes.fr");
  const bruno = await makeUser([{ role: "RUPN", academyId: rennes.id, establishmentId: a.id, schoolYearId: year }], "bruno@ac-rennes.fr");
  const paul = await makeUser([{ role: "RUPN", academyId: poitiers.id, establishmentId: far.id, schoolYearId: year }], "paul@ac-poitiers.fr");
  return {
    year, rennes, poitiers, a, far,
    dane: await actorOf(dane.id), daneP: await actorOf(daneP.id), chef: await actorOf(chef.id),
    anne: await actorOf(anne.id), bruno: await actorOf(bruno.id), paul: await actorOf(paul.id),
  };
}

beforeAll(async () => {
  w = await world();
});

const virtualClass = () => ({ title: "Classe virtuelle : Pix en établissement", kind: "VIRTUAL_CLASS" as const, audience: "RUPN volontaires", description: "Une heure pour prendre en main Pix Orga." });
const remote = (capacity: number, after = 10, days = tuesdayFrom(after)) => ({
  startsAt: inDays(days, "14:00"),
  endsAt: inDays(days, "15:30"),
  venue: { mode: "REMOTE" as const, url: "https://classe.example/pix" },
  capacity,
  registrationDeadline: inDays(days - 2, "12:00"),
});

describe("catalogue and scope", () => {
  it("lets the DANE create courses and sessions for its académie only; foreign ids are 404", async () => {
    await expect(createCourse(w.anne, virtualClass())).rejects.toMatchObject({ status: 403 });
    const course = await createCourse(w.dane, virtualClass());
    await expect(createSession(w.dane, course.id, { ...remote(10), capacity: 0 })).rejects.toMatchObject({ status: 422 });
    await expect(createSession(w.dane, course.id, { ...remote(10), endsAt: remote(10).startsAt })).rejects.toMatchObject({ status: 422 });
    await expect(createSession(w.daneP, course.id, remote(10))).rejects.toMatchObject({ status: 404 });
    const session = await createSession(w.dane, course.id, remote(10));
    expect((await listCourses(w.anne)).map((c) => c.id)).toEqual([course.id]);
    expect(await listCourses(w.paul)).toEqual([]);
    await expect(getCourse(w.daneP, course.id)).rejects.toMatchObject({ status: 404, message: "Cette formation n'existe pas ou vous n'y avez pas accès." });
    await expect(getSession(w.paul, session.id)).rejects.toMatchObject({ status: 404 });
    await expect(registerVolunteer(w.paul, session.id)).rejects.toMatchObject({ status: 404 });
    const seen = await getCourse(w.anne, course.id);
    expect(seen.sessions[0]).toMatchObject({ slot: "DURING_CLASS_HOURS", registered: 0, capacity: 10 });
    expect(seen.missingSlots.map((m) => m.slot)).toEqual(["OUTSIDE_CLASS_HOURS"]);
  });
});

describe("concurrency", () => {
  it("50 concurrent registrations for 20 places: exactly 20 registered, 30 waiting, no duplicates", async () => {
    const course = await createCourse(w.dane, { ...virtualClass(), title: "Classe virtuelle : ENT" });
    const session = await createSession(w.dane, course.id, remote(20, 20));
    const people = [];
    for (let i = 0; i < 50; i++) {
      const u = await makeUser([{ role: "RUPN", academyId: w.rennes.id, establishmentId: w.a.id, schoolYearId: w.year }], `rupn${i}@ac-rennes.fr`);
      people.push(await actorOf(u.id));
    }
    // Each person asks twice at the same time: 100 concurrent calls.
    const results = await Promise.allSettled([...people, ...people].map((p) => registerVolunteer(p, session.id)));
    const ok = results.filter((r) => r.status === "fulfilled").map((r) => (r as PromiseFulfilledResult<{ outcome: string }>).value.outcome);
    expect(ok.filter((o) => o === "registered")).toHaveLength(20);
    expect(ok.filter((o) => o === "waitlisted")).toHaveLength(30);
    const refused = results.filter((r) => r.status === "rejected").map((r) => (r as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(50);
    expect(refused.every((e) => e.status === 409 && /^Inscription impossible : déjà (inscrit·e|sur la liste d'attente)/.test(e.message))).toBe(true);
    const rows = await getDb().trainingRegistration.findMany({ where: { sessionId: session.id } });
    expect(rows).toHaveLength(50);
    expect(new Set(rows.map((r) => r.userId)).size).toBe(50);
    expect(rows.filter((r) => r.status === "REGISTERED")).toHaveLength(20);
    expect(rows.filter((r) => r.status === "WAITLISTED")).toHaveLength(30);
    // Every confirmed person got a convocation; every waiting one a waiting-list notice.
    const mails = await getDb().outboxMessage.findMany({ where: { recipient: { in: people.map((p) => p.email) } } });
    expect(mails.filter((m) => m.kind === "training-convocation")).toHaveLength(20);
    expect(mails.filter((m) => m.kind === "training-waitlist")).toHaveLength(30);
  });
});

describe("convocation, cancellation and promotion by mail", () => {
  it("mails the convocation with .ics and ordre de mission, then the cancellation and the promotion, through SMTP", async () => {
    const smtp = await startTestSmtp();
    try {
      await processOutbox(smtpDeliver(smtp.url, "Plateforme RUPN <ne-pas-repondre@plateforme-rupn.fr>"), 500); // flush earlier mails
      smtp.messages.length = 0;
      const course = await createCourse(w.dane, { ...virtualClass(), title: "Classe virtuelle : Éléa, parcours ; « virgule, point-virgule »" });
      const session = await createSession(w.dane, course.id, remote(1, 12));
      const first = await registerVolunteer(w.anne, session.id);
      expect(first.outcome).toBe("registered");
      const second = await registerVolunteer(w.bruno, session.id);
      expect(second).toMatchObject({ outcome: "waitlisted", message: "Session complète : inscription sur la liste d'attente, en position 1." });
      await expect(registerVolunteer(w.anne, session.id)).rejects.toMatchObject({ status: 409, message: "Inscription impossible : déjà inscrit·e à cette session." });

      await processOutbox(smtpDeliver(smtp.url, "Plateforme RUPN <ne-pas-repondre@plateforme-rupn.fr>"));
      const convocation = smtp.messages.find((m) => m.subject === `Convocation : ${course.title}`)!;
      expect(convocation.to && "text" in convocation.to ? convocation.to.text : "").toBe("anne@ac-rennes.fr");
      expect(convocation.text).toContain("Votre inscription est confirmée");
      expect(convocation.text).toContain("https://classe.example/pix");
      const ics = convocation.attachments.find((a) => a.filename === "convocation.ics")!;
      expect(ics.contentType).toBe("text/calendar");
      const icsText = ics.content.toString("utf8");
      expect(icsText).toContain("METHOD:REQUEST");
      expect(icsText).toContain(`UID:inscription-${first.registrationId}@plateforme-rupn.fr`);
      expect(icsText).toContain("SEQUENCE:0");
      expect(icsText).toContain(`DTSTART:${session.startsAt.toISOString().replace(/\.\d{3}Z$/, "Z").replace(/[-:]/g, "")}`);
      expect(icsText.replace(/\r\n /g, "")).toContain("SUMMARY:Classe virtuelle : Éléa\\, parcours \\; « virgule\\, point-virgule »");
      expect(icsText).toContain("ATTENDEE;CN=\"Prénom Nom\"");
      const pdf = convocation.attachments.find((a) => a.contentType === "application/pdf")!;
      expect(pdf.filename).toBe(`ordre-de-mission-${first.registrationId}.pdf`);
      expect(pdf.content.subarray(0, 5).toString()).toBe("%PDF-");
      const text = pdfText(pdf.content).replace(/\s+/g, " ");
      expect(text).toContain("Ordre de mission");
      expect(text).toContain("Prénom NOM");
      expect(text).toContain("Collège Anne de Bretagne");
      expect(text).toContain("Classe virtuelle : Éléa, parcours ; « virgule, point-virgule »");
      expect(text).toContain("Aucun déplacement : formation suivie à distance");
      expect(text).toContain("Pendant le temps de classe");
      expect(text).toContain(`Fait à Rennes, le`);
      expect(smtp.messages.find((m) => m.subject === `Liste d'attente : ${course.title}`)?.text).toContain("en position 1");

      // Anne cancels: she gets the calendar cancellation, Bruno is promoted and convoked.
      smtp.messages.length = 0;
      await expect(cancelRegistration(w.paul, first.registrationId!)).rejects.toMatchObject({ status: 404 });
      await expect(cancelRegistration(w.bruno, first.registrationId!)).rejects.toMatchObject({ status: 404 });
      expect(await cancelRegistration(w.anne, first.registrationId!)).toEqual({ promoted: [w.bruno.userId] });
      await processOutbox(smtpDeliver(smtp.url, "Plateforme RUPN <ne-pas-repondre@plateforme-rupn.fr>"));
      const cancellation = smtp.messages.find((m) => m.subject === `Annulation : ${course.title}`)!;
      const cancelIcs = cancellation.attachments.find((a) => a.filename === "annulation.ics")!.content.toString("utf8");
      expect(cancelIcs).toContain("METHOD:CANCEL");
      expect(cancelIcs).toContain(`UID:inscription-${first.registrationId}@plateforme-rupn.fr`);
      expect(cancelIcs).toContain("SEQUENCE:1");
      expect(cancelIcs).toContain("STATUS:CANCELLED");
      const promotion = smtp.messages.find((m) => m.subject === `Place libérée : vous êtes inscrit·e à « ${course.title} »`)!;
      expect(promotion.to && "text" in promotion.to ? promotion.to.text : "").toBe("bruno@ac-rennes.fr");
      expect(promotion.attachments.map((a) => a.contentType).sort()).toEqual(["application/pdf", "text/calendar"]);
      expect(pdfText(promotion.attachments.find((a) => a.contentType === "application/pdf")!.content)).toContain("Prénom NOM");
      const rows = await getDb().trainingRegistration.findMany({ where: { sessionId: session.id }, orderBy: { createdAt: "asc" } });
      expect(rows.map((r) => r.status)).toEqual(["CANCELLED", "REGISTERED"]);
    } finally {
      await smtp.close();
    }
  });

  it("refuses a second session at the same time, even from the waiting list, and a closed deadline", async () => {
    const course = await createCourse(w.dane, { ...virtualClass(), title: "Classe virtuelle : GAR" });
    const s1 = await createSession(w.dane, course.id, remote(5, 30));
    const s2 = await createSession(w.dane, course.id, { ...remote(5, 30), startsAt: inDays(tuesdayFrom(30), "15:00"), endsAt: inDays(tuesdayFrom(30), "16:00") });
    await registerVolunteer(w.anne, s1.id);
    await expect(registerVolunteer(w.anne, s2.id)).rejects.toMatchObject({ status: 409, message: expect.stringContaining("sur le même horaire") });
    const late = await createSession(w.dane, course.id, { ...remote(5, 40), registrationDeadline: inDays(-1, "12:00") });
    await expect(registerVolunteer(w.bruno, late.id)).rejects.toMatchObject({ status: 409, message: expect.stringContaining("date limite d'inscription") });
  });
});

describe("designation, zone convocation, attendance, reminders", () => {
  it("lets the chef designate a referent of their establishment for the entry training only", async () => {
    const course = await createCourse(w.dane, { title: "Entrer dans la fonction de RUPN", kind: "ENTRY_TRAINING", audience: "Nouveaux RUPN", description: "Journée au centre académique." });
    const session = await createSession(w.dane, course.id, { ...remote(10, 50), venue: { mode: "IN_PERSON", address: "Rectorat, 96 rue d'Antrain, Rennes" } });
    await expect(registerVolunteer(w.anne, session.id)).rejects.toMatchObject({ status: 422 });
    await expect(designate(w.chef, session.id, { userId: w.paul.userId, establishmentId: w.far.id })).rejects.toMatchObject({ status: 404 });
    const outcome = await designate(w.chef, session.id, { userId: w.anne.userId, establishmentId: w.a.id });
    expect(outcome.outcome).toBe("registered");
    const reg = await getDb().trainingRegistration.findUniqueOrThrow({ where: { id: outcome.registrationId } });
    expect(reg.kind).toBe("DESIGNATED");
    // The chef sees that registration; the DANE of Poitiers does not see the session.
    expect((await getSession(w.chef, session.id)).registrations.map((r) => r.userId)).toEqual([w.anne.userId]);
    expect((await getSession(w.bruno, session.id)).registrations).toEqual([]);
  });

  it("convokes the RUPN of a zone and type in one action, marks attendance, and reminds the day before", async () => {
    const course = await createCourse(w.dane, { title: "Regroupement des RUPN de collège", kind: "REGROUPEMENT", audience: "RUPN des collèges", description: "Journée d'échanges." });
    await expect(createSession(w.dane, course.id, remote(100, 1))).rejects.toMatchObject({ status: 422 });
    const session = await createSession(w.dane, course.id, {
      ...remote(100, 1),
      startsAt: inDays(1, "09:00"),
      endsAt: inDays(1, "17:00"),
      registrationDeadline: null,
      venue: { mode: "IN_PERSON", address: "Canopé, Rennes" },
      zoneCode: "B1",
      establishmentType: "COLLEGE",
    });
    await expect(convokeZone(w.anne, session.id)).rejects.toMatchObject({ status: 403 });
    const result = await convokeZone(w.dane, session.id);
    expect(result.registered).toBe(52); // anne, bruno and the 50 of the concurrency test
    expect(result.skipped).toEqual([]);
    expect((await convokeZone(w.dane, session.id)).skipped).toHaveLength(52); // no double registration

    expect(await sendTrainingReminders()).toEqual({ sent: 52 });
    expect(await sendTrainingReminders()).toEqual({ sent: 0 });
    const reminder = await getDb().outboxMessage.findFirstOrThrow({ where: { kind: "training-reminder", recipient: "anne@ac-rennes.fr" } });
    expect(reminder.subject).toBe("Rappel : Regroupement des RUPN de collège, demain");

    await expect(markAttendance(w.dane, session.id, [])).rejects.toMatchObject({ status: 409 });
    const regs = await getDb().trainingRegistration.findMany({ where: { sessionId: session.id, userId: { in: [w.anne.userId, w.bruno.userId] } } });
    const after = new Date(session.startsAt.getTime() + 3600_000);
    await expect(markAttendance(w.daneP, session.id, [], after)).rejects.toMatchObject({ status: 404 });
    expect(await markAttendance(w.dane, session.id, [regs.find((r) => r.userId === w.anne.userId)!.id], after)).toEqual({ present: 1, absent: 51 });
    const marked = await getDb().trainingRegistration.findMany({ where: { id: { in: regs.map((r) => r.id) } } });
    expect(Object.fromEntries(marked.map((r) => [r.userId === w.anne.userId ? "anne" : "bruno", r.attended]))).toEqual({ anne: true, bruno: false });
  });
});

describe("exports, history and dashboard", () => {
  it("exports a session's registrations and attendance as CSV for its DANE only", async () => {
    const session = await getDb().trainingSession.findFirstOrThrow({ where: { course: { kind: "REGROUPEMENT" } } });
    const { filename, body } = await sessionCsv(w.dane, session.id);
    expect(filename).toMatch(/^inscriptions-\d{4}-\d{2}-\d{2}-.+\.csv$/);
    const [header, ...rows] = body.replace(/^\uFEFF/, "").trim().split("\r\n");
    expect(header).toBe("Nom;Prénom;Adresse électronique;UAI;Établissement;Modalité;Statut;Inscrit·e le;Présence");
    expect(rows).toHaveLength(52);
    expect(rows.find((r) => r.includes("anne@ac-rennes.fr"))).toMatch(/^Nom;Prénom;anne@ac-rennes\.fr;\w{8};Collège Anne de Bretagne;Convocation par la DANE;Inscrit·e;\d{2}\/\d{2}\/\d{4} à \d+ h \d{2};Présent·e$/);
    await expect(sessionCsv(w.daneP, session.id)).rejects.toMatchObject({ status: 404 });
    await expect(sessionCsv(w.chef, session.id)).rejects.toMatchObject({ status: 404 });
    expect(csvField("=SOMME(A1)")).toBe("'=SOMME(A1)");
    expect(csvField('a;"b"')).toBe('"a;""b"""');
  });

  it("shows a person's history to the person, their chef and their DANE; 404 for others", async () => {
    const mine = await personHistory(w.anne, w.anne.userId);
    expect(mine.rows.map((r) => `${r.title} ${r.status} ${r.attended}`)).toContain("Regroupement des RUPN de collège Inscrit·e true");
    expect(mine.rows.some((r) => r.status === "Annulée")).toBe(true);
    expect((await personHistory(w.chef, w.anne.userId)).rows.length).toBe(mine.rows.length);
    expect((await personHistory(w.dane, w.anne.userId)).rows.length).toBe(mine.rows.length);
    await expect(personHistory(w.daneP, w.anne.userId)).rejects.toMatchObject({ status: 404 });
    await expect(personHistory(w.bruno, w.anne.userId)).rejects.toMatchObject({ status: 404 });
    await expect(personHistory(w.paul, w.anne.userId)).rejects.toMatchObject({ status: 404 });
  });

  it("gives the DANE fill rates by session and the newcomers registered", async () => {
    const dashboard = (await trainingDashboard(w.dane))!;
    const regroupement = dashboard.sessions.find((s) => s.title === "Regroupement des RUPN de collège")!;
    expect(regroupement).toMatchObject({ registered: 52, capacity: 100, fillRate: 52, waitlisted: 0 });
    expect(dashboard.sessions.find((s) => s.title === "Classe virtuelle : ENT")).toMatchObject({ registered: 20, capacity: 20, fillRate: 100, waitlisted: 30 });
    expect(dashboard.newcomers).toEqual({ registered: 1, declared: 0 });
    expect((await trainingDashboard(w.daneP))!.sessions).toEqual([]);
    expect(await trainingDashboard(w.anne)).toBeNull();
  });
});

describe("capacity change and session cancellation", () => {
  it("promotes waiting people when the DANE adds places, refuses to drop below the confirmed, and cancels a session with mails", async () => {
    const session = await getDb().trainingSession.findFirstOrThrow({ where: { course: { title: "Classe virtuelle : ENT" } } });
    await expect(changeSessionCapacity(w.anne, session.id, 25)).rejects.toMatchObject({ status: 403 });
    await expect(changeSessionCapacity(w.dane, session.id, 10)).rejects.toMatchObject({ status: 422, message: expect.stringContaining("20 personnes sont déjà inscrites") });
    const before = await getDb().outboxMessage.count({ where: { kind: "training-promotion" } });
    expect(await changeSessionCapacity(w.dane, session.id, 25)).toEqual({ promoted: 5 });
    expect(await getDb().outboxMessage.count({ where: { kind: "training-promotion" } })).toBe(before + 5);
    expect(await getDb().trainingRegistration.count({ where: { sessionId: session.id, status: "REGISTERED" } })).toBe(25);

    await expect(cancelWholeSession(w.daneP, session.id)).rejects.toMatchObject({ status: 404 });
    const cancellations = await getDb().outboxMessage.count({ where: { kind: "training-cancellation" } });
    expect(await cancelWholeSession(w.dane, session.id)).toEqual({ notified: 50 });
    expect(await getDb().outboxMessage.count({ where: { kind: "training-cancellation" } })).toBe(cancellations + 50);
    expect(await getDb().trainingRegistration.count({ where: { sessionId: session.id, status: { not: "CANCELLED" } } })).toBe(0);
    await expect(cancelWholeSession(w.dane, session.id)).rejects.toMatchObject({ status: 409 });
    await expect(registerVolunteer(w.anne, session.id)).rejects.toMatchObject({ status: 409, message: "Inscription impossible : cette session a été annulée." });
  });
});
