// The demo data gives `npm start` a living training catalogue: the official school holidays, the académie
// in zone B, the entry training, a regroupement, two virtual classes each on a slot in class time and one
// outside, a few registrations, and no mail. Seeding twice changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { seedDemo } from "../../prisma/seed.ts";
import { getCourse, listCourses } from "../../app/services/trainings.server.ts";
import { personHistory } from "../../app/services/training-reports.server.ts";

useTestDatabase();

const actorOf = async (email: string) => {
  const user = await getDb().user.findUniqueOrThrow({ where: { email } });
  return (await getActor(await signedRequest(user.id, "http://localhost/")))!;
};

beforeAll(async () => {
  await seedDemo(getDb());
}, 120_000);

describe("demo trainings", () => {
  it("seeds the official school holidays and puts the académie de Rennes in zone B", async () => {
    expect((await getDb().academy.findUniqueOrThrow({ where: { code: "14" } })).zone).toBe("B");
    expect(await getDb().schoolHoliday.count()).toBe(36);
  });

  it("shows the DANE a catalogue of four courses; each virtual class has a slot in class time and one outside", async () => {
    const dane = await actorOf("dane@rupn.example");
    const courses = await listCourses(dane);
    expect(courses.map((c) => [c.kind, c.title]).sort()).toEqual([
      ["ENTRY_TRAINING", "Entrer dans la fonction de RUPN"],
      ["REGROUPEMENT", "Regroupement des RUPN de lycée d'Ille-et-Vilaine"],
      ["VIRTUAL_CLASS", "Classe virtuelle : Pix et la certification des élèves"],
      ["VIRTUAL_CLASS", "Classe virtuelle : l'ENT au quotidien"],
    ]);
    const now = Date.now();
    for (const course of courses.filter((c) => c.kind === "VIRTUAL_CLASS")) {
      const detail = await getCourse(dane, course.id);
      expect(detail.missingSlots).toEqual([]);
      const upcoming = detail.sessions.filter((s) => s.startsAt.getTime() > now);
      expect(upcoming.map((s) => s.slot).sort()).toEqual(["DURING_CLASS_HOURS", "OUTSIDE_CLASS_HOURS"]);
    }
    const regroupement = courses.find((c) => c.kind === "REGROUPEMENT")!;
    expect(regroupement.sessions[0]).toMatchObject({ zoneCode: "035", establishmentType: "LYCEE", registered: 1 });
  });

  it("registers the demo referents (designated, convoked, volunteers, an attended past class) without any mail", async () => {
    const rupn = await actorOf("rupn@rupn.example");
    const history = await personHistory(rupn, rupn.userId);
    expect(history.rows.map((r) => [r.title, r.status, r.attended]).sort()).toEqual([
      ["Classe virtuelle : l'ENT au quotidien", "Inscrit·e", null],
      ["Classe virtuelle : l'ENT au quotidien", "Inscrit·e", true],
      ["Entrer dans la fonction de RUPN", "Inscrit·e", null],
    ]);
    expect(await getDb().trainingRegistration.count()).toBe(6);
    expect(await getDb().outboxMessage.count()).toBe(0);
  });

  it("does not duplicate anything when seeded again", async () => {
    await seedDemo(getDb());
    expect(await getDb().trainingCourse.count()).toBe(4);
    expect(await getDb().schoolHoliday.count()).toBe(36);
  });
});
