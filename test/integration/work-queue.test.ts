// Home pages as work queues (issue 16, item 11): what waits for a DANE, a rectorat, an administrator, a chef and a
// RUPN, each list limited to the actor's académies or establishments.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { makeLetter } from "../setup/imp-letters.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { syncSurveyVersions } from "../../app/surveys/registry.server.ts";
import { createCampaign } from "../../app/services/campaigns.server.ts";
import { createCourse, createSession } from "../../app/services/trainings.server.ts";
import { workQueue } from "../../app/services/work-queue.server.ts";

useTestDatabase();

const day = 24 * 3600 * 1000;
const actorOf = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  await syncSurveyVersions();
  const version = await db.surveyVersion.findFirstOrThrow({ where: { key: "bilan-annuel" } });
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  const a = await makeEstablishment(rennes.id, { name: "Collège Anne de Bretagne" });
  const b = await makeEstablishment(rennes.id, { name: "Lycée Chateaubriand", type: "LYCEE" });
  const p = await makeEstablishment(poitiers.id, { name: "Collège de Poitiers" });
  const users = {
    dane: await makeUser([{ role: "DANE", academyId: rennes.id }]),
    rectorat: await makeUser([{ role: "RECTORAT", academyId: rennes.id }]),
    admin: await makeUser([{ role: "ADMIN", academyId: rennes.id }]),
    daneP: await makeUser([{ role: "DANE", academyId: poitiers.id }]),
    chefA: await makeUser([{ role: "CHEF", academyId: rennes.id, establishmentId: a.id }]),
    chefB: await makeUser([{ role: "CHEF", academyId: rennes.id, establishmentId: b.id }]),
    rupn: await makeUser([{ role: "RUPN", academyId: rennes.id, establishmentId: a.id, schoolYearId: year }], "romain@ac-rennes.fr"),
  };
  // Letters: A signed (to validate), B returned with a comment, Poitiers signed (not Rennes' business).
  const letterA = await makeLetter(a.id, year, "SIGNED");
  const letterB = await makeLetter(b.id, year, "DRAFT", { returnedAt: new Date() });
  await db.missionLetter.update({ where: { id: letterB.id }, data: { returnComment: "Répartition des missions à préciser." } });
  const letterP = await makeLetter(p.id, year, "SIGNED");

  const dane = await actorOf(users.dane.id);
  const open = { surveyVersionId: version.id, schoolYearId: year, opensAt: new Date(Date.now() - day), closesAt: new Date(Date.now() + 20 * day) };
  const campaign = await createCampaign(dane, { ...open, title: "Bilan annuel Rennes", academyId: rennes.id });
  await createCampaign(await actorOf(users.daneP.id), { ...open, title: "Bilan annuel Poitiers", academyId: poitiers.id });

  // Sessions: nearly full (4 of 5), under-subscribed and close (1 of 10 in 5 days), fine (5 of 10 in 30 days).
  const course = await createCourse(dane, { title: "Classe virtuelle : ENT", kind: "VIRTUAL_CLASS", audience: "RUPN", description: "" });
  const session = async (inDays: number, capacity: number, registered: number) => {
    const s = await createSession(dane, course.id, {
      startsAt: new Date(Date.now() + inDays * day), endsAt: new Date(Date.now() + inDays * day + 3600_000),
      venue: { mode: "REMOTE", url: "https://classe.example/ent" }, capacity, registrationDeadline: null,
    });
    for (let i = 0; i < registered; i++) {
      const person = i === 0 ? users.rupn : await makeUser([]);
      await db.trainingRegistration.create({ data: { sessionId: s.id, userId: person.id, establishmentId: a.id, kind: "VOLUNTEER", status: "REGISTERED" } });
    }
    return s;
  };
  const nearlyFull = await session(12, 5, 4);
  const underSubscribed = await session(5, 10, 1);
  await session(30, 10, 5);
  const courseP = await createCourse(await actorOf(users.daneP.id), { title: "Classe virtuelle : Poitiers", kind: "VIRTUAL_CLASS", audience: "RUPN", description: "" });
  const sessionP = await createSession(await actorOf(users.daneP.id), courseP.id, {
    startsAt: new Date(Date.now() + 5 * day), endsAt: new Date(Date.now() + 5 * day + 3600_000),
    venue: { mode: "REMOTE", url: "https://classe.example/p" }, capacity: 10, registrationDeadline: null,
  });

  // Failed mails: to a Rennes referent, to the Poitiers establishment, to nobody known.
  await db.establishment.update({ where: { id: p.id }, data: { email: "ce.poitiers@ac-poitiers.fr" } });
  for (const recipient of ["romain@ac-rennes.fr", "ce.poitiers@ac-poitiers.fr", "inconnu@example.org"]) {
    await db.outboxMessage.create({ data: { kind: "test", recipient, subject: `Message pour ${recipient}`, textBody: "…", status: "FAILED", lastError: "550 boîte inconnue" } });
  }
  return { users, letterA, letterB, letterP, campaign, nearlyFull, underSubscribed, sessionP };
}

beforeAll(async () => {
  w = await world();
});

describe("work queues", () => {
  it("shows the DANE what waits in its académie only", async () => {
    const { academy, chef, rupn } = await workQueue(await actorOf(w.users.dane.id));
    expect(chef).toBeNull();
    expect(rupn).toBeNull();
    expect(academy!.lettersToValidate).toMatchObject({ total: 1, items: [{ id: w.letterA.id, establishment: { name: "Collège Anne de Bretagne" } }] });
    expect(academy!.lettersReturned).toMatchObject({ total: 1, items: [{ id: w.letterB.id, returnComment: "Répartition des missions à préciser." }] });
    expect(academy!.campaigns.map((c) => [c.title, c.invited, c.submitted, c.manageable])).toEqual([["Bilan annuel Rennes", 1, 0, true]]);
    expect(academy!.trainings.items.map((s) => [s.id, s.attention])).toEqual([
      [w.underSubscribed.id, "under-subscribed"],
      [w.nearlyFull.id, "nearly-full"],
    ]);
    expect(academy!.failedMails).toMatchObject({ total: 1, items: [{ recipient: "romain@ac-rennes.fr", lastError: "550 boîte inconnue" }] });
  });

  it("gives the rectorat the same académie, without running its campaigns; the other académie's DANE sees its own", async () => {
    const rectorat = (await workQueue(await actorOf(w.users.rectorat.id))).academy!;
    expect(rectorat.lettersToValidate.items.map((l) => l.id)).toEqual([w.letterA.id]);
    expect(rectorat.campaigns.map((c) => [c.title, c.manageable])).toEqual([["Bilan annuel Rennes", false]]);
    const poitiers = (await workQueue(await actorOf(w.users.daneP.id))).academy!;
    expect(poitiers.lettersToValidate.items.map((l) => l.id)).toEqual([w.letterP.id]);
    expect(poitiers.lettersReturned.total).toBe(0);
    expect(poitiers.campaigns.map((c) => c.title)).toEqual(["Bilan annuel Poitiers"]);
    expect(poitiers.trainings.items.map((s) => s.id)).toEqual([w.sessionP.id]);
    expect(poitiers.failedMails.items.map((m) => m.recipient)).toEqual(["ce.poitiers@ac-poitiers.fr"]);
  });

  it("shows an administrator every académie", async () => {
    const admin = (await workQueue(await actorOf(w.users.admin.id))).academy!;
    expect(admin.lettersToValidate.total).toBe(2);
    expect(admin.campaigns).toHaveLength(2);
    expect(admin.failedMails.total).toBe(3);
  });

  it("tells each chef the state of their establishment's letter and the next step", async () => {
    const [a] = (await workQueue(await actorOf(w.users.chefA.id))).chef!;
    expect(a).toMatchObject({ name: "Collège Anne de Bretagne", letter: { id: w.letterA.id, status: "SIGNED" }, next: { who: "dane" } });
    expect((await workQueue(await actorOf(w.users.chefA.id))).academy).toBeNull();
    const [b] = (await workQueue(await actorOf(w.users.chefB.id))).chef!;
    expect(b).toMatchObject({ name: "Lycée Chateaubriand", letter: { returnComment: "Répartition des missions à préciser." }, next: { who: "chef", severity: "warning" } });
  });

  it("lists the RUPN's bilans to send and coming trainings", async () => {
    const { rupn, academy } = await workQueue(await actorOf(w.users.rupn.id));
    expect(academy).toBeNull();
    expect(rupn!.bilans.map((b) => [b.title, b.establishment.name, b.started])).toEqual([["Bilan annuel Rennes", "Collège Anne de Bretagne", false]]);
    expect(rupn!.trainings.map((t) => t.title)).toEqual(["Classe virtuelle : ENT", "Classe virtuelle : ENT", "Classe virtuelle : ENT"]);
  });
});
