// Two app processes on one PostgreSQL (the documented way to scale past one machine, ADR 013): every outbox mail
// is delivered once, every training reminder is sent once, and a session opened on one works on the other.
import { afterAll, beforeAll, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { enqueueMail } from "../../app/services/outbox.server.ts";
import { addDays, parisDate, parisWallClockToUtc } from "../../app/domain/trainings/paris-time.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser } from "../setup/factories.ts";
import { startTestSmtp, type TestSmtp } from "../setup/smtp.ts";
import { startApp, type AppServer } from "./app-server.ts";

useTestDatabase();
let smtp: TestSmtp;
const apps: AppServer[] = [];
const MAILS = 60;
const REMINDED = 6;
let cookie = "";

beforeAll(async () => {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  const academy = await makeAcademy("Rennes");
  const school = await makeEstablishment(academy.id);
  const dane = await makeUser([{ role: "DANE", academyId: academy.id }], "dane.deux@ac-test.fr");
  cookie = (await createSession(dane.id)).split(";")[0];
  // A session tomorrow (Paris time) with registrations not yet reminded: both instances run the reminders at boot.
  const tomorrow = addDays(parisDate(new Date()), 1);
  const course = await db.trainingCourse.create({
    data: { academyId: academy.id, title: "Classe virtuelle : ENT", kind: "VIRTUAL_CLASS", audience: "RUPN", description: "Prise en main." },
  });
  const session = await db.trainingSession.create({
    data: {
      courseId: course.id,
      startsAt: parisWallClockToUtc(tomorrow, "14:00"),
      endsAt: parisWallClockToUtc(tomorrow, "15:00"),
      venueMode: "REMOTE",
      remoteUrl: "https://classe.example/ent",
      capacity: 20,
    },
  });
  for (let i = 0; i < REMINDED; i++) {
    const person = await makeUser([{ role: "RUPN", academyId: academy.id, establishmentId: school.id, schoolYearId: year }], `rupn${i}.deux@ac-test.fr`);
    await db.trainingRegistration.create({ data: { sessionId: session.id, userId: person.id, establishmentId: school.id, kind: "VOLUNTEER", status: "REGISTERED" } });
  }
  // A backlog of mails waiting in the outbox when both workers start.
  await db.$transaction(async (tx) => {
    for (let i = 0; i < MAILS; i++) await enqueueMail(tx, { kind: "test", to: `destinataire${i}@ac-test.fr`, subject: `Message ${i}`, text: `Corps ${i}` });
  });
  smtp = await startTestSmtp();
  // Started together so that their workers and reminder runs overlap.
  apps.push(...(await Promise.all([0, 1].map(() => startApp(process.env.DATABASE_URL!, { SMTP_URL: smtp.url })))));
});

afterAll(async () => {
  for (const app of apps) expect(await app.stop()).toBe(0);
  await smtp?.close();
});

it("delivers each outbox mail once and each reminder once", async () => {
  const db = getDb();
  await expect
    .poll(() => db.outboxMessage.count({ where: { status: { not: "SENT" } } }), { timeout: 90_000, interval: 250 })
    .toBe(0);
  const subjects = smtp.messages.map((m) => m.subject ?? "");
  for (let i = 0; i < MAILS; i++) expect(subjects.filter((s) => s === `Message ${i}`)).toHaveLength(1);
  const reminders = smtp.messages.filter((m) => /rappel|demain/i.test(m.subject ?? ""));
  expect(reminders).toHaveLength(REMINDED);
  expect(new Set(reminders.map((m) => m.to && !Array.isArray(m.to) ? m.to.text : "")).size).toBe(REMINDED);
  expect(await db.trainingRegistration.count({ where: { reminderSentAt: null } })).toBe(0);
  expect(smtp.messages).toHaveLength(MAILS + REMINDED);
});

it("shares sessions: signed in on one instance, signed in on the other; signed out on one, out on both", async () => {
  const home = (app: AppServer, c = cookie) => fetch(`${app.origin}/`, { headers: { Cookie: c } }).then((r) => r.text());
  for (const app of apps) expect(await home(app)).toMatch(/Bonjour/);
  const out = await fetch(`${apps[0].origin}/deconnexion`, {
    method: "POST",
    headers: { Cookie: cookie, Origin: `http://localhost:${apps[0].port}` },
    redirect: "manual",
  });
  expect(out.status).toBeLessThan(400);
  expect(await home(apps[1])).not.toMatch(/Bonjour/);
});
