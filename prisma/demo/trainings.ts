// Demo trainings of the académie de Rennes, so that `npm start` shows a living catalogue (issue 7): the entry
// training "Entrer dans la fonction de RUPN", a regroupement by zone, two virtual classes on two slots each
// (one in class time, one outside), and a few registrations of the demo accounts. Dates are relative to
// `now`, on school days of zone B (the school holidays are seeded first), from two weeks ahead so that the
// demo never takes the slots the e2e tests book for the same accounts. Rows are written directly: no mail.
import type { PrismaClient } from "../../app/generated/prisma/client.ts";
import { addDays, isoWeekday, parisDate, parisWallClockToUtc } from "../../app/domain/trainings/paris-time.ts";
import { isClosedDay } from "../../app/domain/trainings/slots.ts";
import { schoolCalendars } from "../../app/services/school-calendar.server.ts";
import { syncOfficialSchoolHolidays } from "../reference/school-holidays.ts";

const ACADEMY_CODE = "14";
const DAY = 24 * 3600_000;

export async function seedDemoTrainings(db: PrismaClient, now = new Date()) {
  await syncOfficialSchoolHolidays(db);
  const academy = await db.academy.findUnique({ where: { code: ACADEMY_CODE } });
  if (!academy || (await db.trainingCourse.count({ where: { academyId: academy.id } })) > 0) return { courses: 0 };
  const user = (email: string) => db.user.findUniqueOrThrow({ where: { email } });
  const establishment = (uai: string) => db.establishment.findUniqueOrThrow({ where: { uai } });
  const [dane, chef, rupn, rupn2, college, lycee] = await Promise.all([
    user("dane@rupn.example"),
    user("chef@rupn.example"),
    user("rupn@rupn.example"),
    user("rupn2@rupn.example"),
    establishment("0350002M"),
    establishment("0350005R"),
  ]);

  // School days of zone B: not a week-end, a public holiday nor a day of the school holidays.
  const calendars = await schoolCalendars([academy.id], db);
  const today = parisDate(now);
  /** The first such school day `days` from today, searching forward (or backward for a past day). */
  const schoolDay = (days: number, weekday: number, step: 1 | -1 = 1) => {
    let date = addDays(today, days);
    for (;;) {
      const calendar = calendars.calendarFor(academy.id, [parisWallClockToUtc(date, "12:00")]);
      if (isoWeekday(date) === weekday && !isClosedDay(date, calendar)) return date;
      date = addDays(date, step);
    }
  };
  const at = (date: string, time: string) => parisWallClockToUtc(date, time);
  const remote = (url: string) => ({ venueMode: "REMOTE" as const, remoteUrl: url, address: null });
  const rectorat = { venueMode: "IN_PERSON" as const, address: "Rectorat de Rennes, 96 rue d'Antrain, 35700 Rennes — salle de formation", remoteUrl: null };

  const entryDay = schoolDay(22, 5);
  const entry = await db.trainingCourse.create({
    data: {
      academyId: academy.id,
      createdById: dane.id,
      kind: "ENTRY_TRAINING",
      title: "Entrer dans la fonction de RUPN",
      audience: "Référents nouvellement désignés (public désigné par le chef d'établissement)",
      description:
        "Une journée au rectorat pour prendre ses marques : les missions du RUPN et la lettre de mission, les interlocuteurs de la DANE et de la collectivité, l'ENT, le GAR et la remontée des tickets. Elle se prolonge par des classes virtuelles.",
      sessions: { create: [{ ...rectorat, startsAt: at(entryDay, "09:00"), endsAt: at(entryDay, "16:30"), capacity: 25, registrationDeadline: at(addDays(entryDay, -7), "12:00") }] },
    },
    include: { sessions: true },
  });

  const regroupementDay = schoolDay(29, 2);
  const regroupement = await db.trainingCourse.create({
    data: {
      academyId: academy.id,
      createdById: dane.id,
      kind: "REGROUPEMENT",
      title: "Regroupement des RUPN de lycée d'Ille-et-Vilaine",
      audience: "RUPN des lycées du département (convoqués)",
      description: "Journée d'échanges de pratiques entre référents : bilan de l'année, usages pédagogiques du numérique, actualité de l'ENT et des ressources.",
      sessions: {
        create: [{ ...rectorat, startsAt: at(regroupementDay, "09:00"), endsAt: at(regroupementDay, "16:30"), capacity: 40, registrationDeadline: null, zoneCode: "035", establishmentType: "LYCEE" }],
      },
    },
    include: { sessions: true },
  });

  // Each virtual class on two slots: one during class hours, one outside (Wednesday afternoon, evening).
  const entTuesday = schoolDay(15, 2);
  const entWednesday = addDays(entTuesday, 1);
  const pastTuesday = schoolDay(-28, 2, -1);
  const ent = await db.trainingCourse.create({
    data: {
      academyId: academy.id,
      createdById: dane.id,
      kind: "VIRTUAL_CLASS",
      title: "Classe virtuelle : l'ENT au quotidien",
      audience: "RUPN volontaires",
      description: "Une heure pour faire le tour des services de l'ENT utiles aux équipes : cahier de textes, espaces de classe, messagerie, et les réglages à connaître.",
      sessions: {
        create: [
          { ...remote("https://classe-virtuelle.example/ent-au-quotidien"), startsAt: at(pastTuesday, "17:45"), endsAt: at(pastTuesday, "18:45"), capacity: 12, registrationDeadline: null },
          { ...remote("https://classe-virtuelle.example/ent-au-quotidien"), startsAt: at(entTuesday, "14:00"), endsAt: at(entTuesday, "15:00"), capacity: 12, registrationDeadline: at(addDays(entTuesday, -1), "12:00") },
          { ...remote("https://classe-virtuelle.example/ent-au-quotidien"), startsAt: at(entWednesday, "14:00"), endsAt: at(entWednesday, "15:00"), capacity: 12, registrationDeadline: at(addDays(entWednesday, -1), "12:00") },
        ],
      },
    },
    include: { sessions: { orderBy: { startsAt: "asc" } } },
  });
  const pixThursday = schoolDay(16, 4);
  const pixMonday = schoolDay(19, 1);
  const pix = await db.trainingCourse.create({
    data: {
      academyId: academy.id,
      createdById: dane.id,
      kind: "VIRTUAL_CLASS",
      title: "Classe virtuelle : Pix et la certification des élèves",
      audience: "RUPN volontaires",
      description: "Organiser les campagnes Pix Orga et la session de certification des élèves de 3e et de terminale.",
      sessions: {
        create: [
          { ...remote("https://classe-virtuelle.example/pix-certification"), startsAt: at(pixThursday, "10:00"), endsAt: at(pixThursday, "11:00"), capacity: 15, registrationDeadline: null },
          { ...remote("https://classe-virtuelle.example/pix-certification"), startsAt: at(pixMonday, "18:00"), endsAt: at(pixMonday, "19:00"), capacity: 15, registrationDeadline: null },
        ],
      },
    },
    include: { sessions: { orderBy: { startsAt: "asc" } } },
  });

  const ago = (days: number) => new Date(now.getTime() - days * DAY);
  const past = ent.sessions[0];
  await db.trainingRegistration.createMany({
    data: [
      { sessionId: entry.sessions[0].id, userId: rupn.id, establishmentId: college.id, kind: "DESIGNATED", status: "REGISTERED", createdById: chef.id, createdAt: ago(6) },
      { sessionId: regroupement.sessions[0].id, userId: rupn2.id, establishmentId: lycee.id, kind: "CONVOKED", status: "REGISTERED", createdById: dane.id, createdAt: ago(4) },
      { sessionId: past.id, userId: rupn.id, establishmentId: college.id, kind: "VOLUNTEER", status: "REGISTERED", createdById: rupn.id, createdAt: ago(45), attended: true, attendanceMarkedAt: past.endsAt },
      { sessionId: past.id, userId: rupn2.id, establishmentId: lycee.id, kind: "VOLUNTEER", status: "REGISTERED", createdById: rupn2.id, createdAt: ago(44), attended: false, attendanceMarkedAt: past.endsAt },
      { sessionId: ent.sessions[1].id, userId: rupn.id, establishmentId: college.id, kind: "VOLUNTEER", status: "REGISTERED", createdById: rupn.id, createdAt: ago(3) },
      { sessionId: pix.sessions[1].id, userId: rupn2.id, establishmentId: lycee.id, kind: "VOLUNTEER", status: "REGISTERED", createdById: rupn2.id, createdAt: ago(2) },
    ],
  });
  return { courses: 4 };
}
