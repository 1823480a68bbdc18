// XLSX exports through the real routes: the workbook is opened with exceljs and its cells checked (French
// headers, dates as dates in Paris time, numbers as numbers); other académies and non-DANE get a 404.
import { beforeAll, describe, expect, it } from "vitest";
import ExcelJS from "exceljs";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { createCourse, createSession } from "../../app/services/trainings.server.ts";
import { cancelRegistration, markAttendance, registerVolunteer } from "../../app/services/training-registrations.server.ts";
import { loader as sessionXlsxLoader } from "../../app/routes/formations_.sessions.$id.export[.]xlsx.ts";
import { loader as academyXlsxLoader } from "../../app/routes/formations_.academies.$academyId.export[.]xlsx.ts";
import { parisWallClockToUtc } from "../../app/domain/trainings/paris-time.ts";
import { schoolYearIdFor } from "../../app/domain/school-year.ts";

useTestDatabase();

const context = { clientIp: null, cspNonce: "" };
const DAY = 24 * 3600_000;
let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const year = await ensureCurrentSchoolYear();
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  const a = await makeEstablishment(rennes.id, { name: "Collège Anne de Bretagne", uai: "0350002M" });
  const dane = await makeUser([{ role: "DANE", academyId: rennes.id }]);
  const daneP = await makeUser([{ role: "DANE", academyId: poitiers.id }]);
  const anne = await makeUser([{ role: "RUPN", academyId: rennes.id, establishmentId: a.id, schoolYearId: year }], "anne@ac-rennes.fr");
  const bruno = await makeUser([{ role: "RUPN", academyId: rennes.id, establishmentId: a.id, schoolYearId: year }], "bruno@ac-rennes.fr");
  const chloe = await makeUser([{ role: "RUPN", academyId: rennes.id, establishmentId: a.id, schoolYearId: year }], "=chloe@ac-rennes.fr");
  await getDb().user.update({ where: { id: anne.id }, data: { firstName: "Anne", lastName: "Le Goff" } });
  const actor = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
  const course = await createCourse(await actor(dane.id), { title: "Classe virtuelle : ENT", kind: "VIRTUAL_CLASS", audience: "RUPN", description: "" });
  // Yesterday, 90 minutes, one place: Anne registered a week before (then marked present), Bruno waits,
  // Chloé waits and cancels.
  const now = Date.now();
  const startsAt = new Date(now - DAY);
  const session = await createSession(await actor(dane.id), course.id, {
    startsAt,
    endsAt: new Date(startsAt.getTime() + 90 * 60_000),
    venue: { mode: "REMOTE", url: "https://classe.example/ent" },
    capacity: 1,
    registrationDeadline: null,
  });
  const registeredAt = new Date(now - 8 * DAY);
  const first = await registerVolunteer(await actor(anne.id), session.id, registeredAt);
  await registerVolunteer(await actor(bruno.id), session.id, new Date(registeredAt.getTime() + 60_000));
  const third = await registerVolunteer(await actor(chloe.id), session.id, new Date(registeredAt.getTime() + 120_000));
  await cancelRegistration(await actor(chloe.id), third.registrationId!, new Date(registeredAt.getTime() + 180_000));
  await markAttendance(await actor(dane.id), session.id, [first.registrationId!]);
  // A second session of the same course, next month, nobody registered; and one of Poitiers.
  const later = await createSession(await actor(dane.id), course.id, {
    startsAt: parisWallClockToUtc(new Date(now + 30 * DAY).toISOString().slice(0, 10), "18:00"),
    endsAt: parisWallClockToUtc(new Date(now + 30 * DAY).toISOString().slice(0, 10), "19:00"),
    venue: { mode: "REMOTE", url: "https://classe.example/ent" },
    capacity: 12,
    registrationDeadline: null,
  });
  const coursePoitiers = await createCourse(await actor(daneP.id), { title: "Classe virtuelle : Poitiers", kind: "VIRTUAL_CLASS", audience: "RUPN", description: "" });
  await createSession(await actor(daneP.id), coursePoitiers.id, { startsAt, endsAt: new Date(startsAt.getTime() + 3600_000), venue: { mode: "REMOTE", url: "https://x.example" }, capacity: 5, registrationDeadline: null });
  return { year, rennes, poitiers, dane, daneP, anne, session, later, startsAt, registeredAt, first };
}

beforeAll(async () => {
  w = await world();
});

const request = async (userId: string, path: string) => signedRequest(userId, `http://localhost${path}`);
const status = (promise: Promise<unknown>) => promise.then(() => 200, (r: Response) => r.status);
/** Paris wall-clock of an instant, as exceljs reads an Excel date back (UTC fields = the displayed time). */
const parisFields = (instant: Date) =>
  new Date(new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Paris", dateStyle: "short", timeStyle: "medium" }).format(instant).replace(" ", "T") + "Z");

async function workbookOf(response: Response) {
  expect(response.headers.get("Content-Type")).toBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(await response.arrayBuffer());
  return workbook;
}
const rowValues = (sheet: ExcelJS.Worksheet, n: number) => (sheet.getRow(n).values as unknown[]).slice(1);

describe("XLSX exports", () => {
  it("exports a session: French headers, one row per registration, typed dates, attendance", async () => {
    const response = (await sessionXlsxLoader({ request: await request(w.dane.id, "/x"), params: { id: w.session.id }, context } as never)) as Response;
    expect(response.headers.get("Content-Disposition")).toMatch(/^attachment; filename="inscriptions-\d{4}-\d{2}-\d{2}-.+\.xlsx"$/);
    const workbook = await workbookOf(response);
    const sheet = workbook.getWorksheet("Inscriptions")!;
    expect(rowValues(sheet, 1)).toEqual([
      "Formation", "Début de la session", "Créneau", "Nom", "Prénom", "Adresse électronique", "UAI", "Établissement",
      "Modalité d'inscription", "Statut", "Inscrit·e le", "Place obtenue le", "Annulée le", "Présence",
    ]);
    expect(sheet.rowCount).toBe(4);
    const anne = sheet.getRow(2);
    expect(anne.getCell(4).value).toBe("Le Goff");
    expect(anne.getCell(6).value).toBe("anne@ac-rennes.fr");
    expect(anne.getCell(7).value).toBe("0350002M");
    expect(anne.getCell(9).value).toBe("Inscription volontaire");
    expect(anne.getCell(10).value).toBe("Inscrit·e");
    expect(anne.getCell(14).value).toBe("Présent·e");
    // Dates are real Excel dates showing Paris time, with a date-time format.
    expect(anne.getCell(2).value).toBeInstanceOf(Date);
    expect(anne.getCell(2).value).toEqual(parisFields(w.startsAt));
    expect(anne.getCell(2).numFmt).toBe("dd/mm/yyyy hh:mm");
    expect(anne.getCell(11).value).toEqual(parisFields(w.registeredAt));
    expect(anne.getCell(12).value).toBeNull();
    expect(sheet.getRow(3).getCell(10).value).toBe("Sur liste d'attente");
    expect(sheet.getRow(3).getCell(14).value).toBeNull();
    // A cancelled registration keeps its row, with the cancellation date; a formula-looking address stays text.
    const chloe = sheet.getRow(4);
    expect([chloe.getCell(6).value, chloe.getCell(10).value]).toEqual(["=chloe@ac-rennes.fr", "Annulée"]);
    expect(chloe.getCell(6).type).toBe(ExcelJS.ValueType.String);
    expect(chloe.getCell(13).value).toEqual(parisFields(new Date(w.registeredAt.getTime() + 180_000)));
    expect(await getDb().auditEvent.count({ where: { action: "training.export", entityId: w.session.id } })).toBe(1);
  });

  it("exports every session of the school year of the académie, with figures and registrations", async () => {
    const path = `/formations/academies/${w.rennes.id}/export.xlsx?annee=${w.year}`;
    const response = (await academyXlsxLoader({ request: await request(w.dane.id, path), params: { academyId: w.rennes.id }, context } as never)) as Response;
    expect(response.headers.get("Content-Disposition")).toBe(`attachment; filename="formations-rennes-${w.year}.xlsx"`);
    const workbook = await workbookOf(response);
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Sessions", "Inscriptions"]);
    const sessions = workbook.getWorksheet("Sessions")!;
    expect(rowValues(sessions, 1)).toEqual([
      "Formation", "Type", "Début", "Fin", "Créneau", "Modalité", "Lieu ou lien", "Zone et type convoqués", "Places",
      "Inscrit·e·s", "En attente", "Annulations", "Présent·e·s", "Absent·e·s", "Session annulée le",
    ]);
    // Sessions of this school year only, in date order; Poitiers' session is not there.
    const expected = [w.session, w.later].filter((s) => schoolYearIdFor(s.startsAt) === w.year);
    expect(sessions.rowCount).toBe(1 + expected.length);
    const past = sessions.getRow(2);
    expect(past.getCell(1).value).toBe("Classe virtuelle : ENT");
    expect(past.getCell(2).value).toBe("Classe virtuelle");
    expect(past.getCell(3).value).toEqual(parisFields(w.startsAt));
    expect(past.getCell(4).value).toEqual(parisFields(new Date(w.startsAt.getTime() + 90 * 60_000)));
    expect(past.getCell(6).value).toBe("À distance");
    expect([9, 10, 11, 12, 13, 14].map((c) => past.getCell(c).value)).toEqual([1, 1, 1, 1, 1, 0]);
    expect(past.getCell(9).type).toBe(ExcelJS.ValueType.Number);
    const inscriptions = workbook.getWorksheet("Inscriptions")!;
    expect(inscriptions.rowCount).toBe(4);
    expect(inscriptions.getRow(2).getCell(6).value).toBe("anne@ac-rennes.fr");
  });

  it("answers 404 to another académie's DANE and to a RUPN, 400 to a malformed year", async () => {
    expect(await status(sessionXlsxLoader({ request: await request(w.daneP.id, "/x"), params: { id: w.session.id }, context } as never))).toBe(404);
    expect(await status(sessionXlsxLoader({ request: await request(w.anne.id, "/x"), params: { id: w.session.id }, context } as never))).toBe(404);
    const academy = async (userId: string, academyId: string, year = w.year) =>
      status(academyXlsxLoader({ request: await request(userId, `/formations/academies/${academyId}/export.xlsx?annee=${year}`), params: { academyId }, context } as never));
    expect(await academy(w.daneP.id, w.rennes.id)).toBe(404);
    expect(await academy(w.anne.id, w.rennes.id)).toBe(404);
    expect(await academy(w.dane.id, w.poitiers.id)).toBe(404);
    expect(await academy(w.dane.id, w.rennes.id, "2026")).toBe(400);
    expect(await academy(w.dane.id, w.rennes.id)).toBe(200);
  });
});
