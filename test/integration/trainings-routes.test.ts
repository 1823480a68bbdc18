// The trainings routes with real session cookies: a foreign id is a 404 on every page and export,
// form input is validated in French, attendance is saved from the session page's form.
import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { createCourse, createSession } from "../../app/services/trainings.server.ts";
import { registerVolunteer } from "../../app/services/training-registrations.server.ts";
import { loader as courseLoader, action as courseAction } from "../../app/routes/formations.$id.tsx";
import { loader as sessionLoader, action as sessionAction } from "../../app/routes/formations_.sessions.$id.tsx";
import { loader as csvLoader } from "../../app/routes/formations_.sessions.$id.export[.]csv.ts";
import { loader as personLoader } from "../../app/routes/formations_.personnes.$id.tsx";

useTestDatabase();

const context = { clientIp: null, cspNonce: "" };
const day = 24 * 3600 * 1000;
let w: Awaited<ReturnType<typeof world>>;

async function world() {
  const year = await ensureCurrentSchoolYear();
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  const a = await makeEstablishment(rennes.id);
  const dane = await makeUser([{ role: "DANE", academyId: rennes.id }]);
  const daneP = await makeUser([{ role: "DANE", academyId: poitiers.id }]);
  const rupn = await makeUser([{ role: "RUPN", academyId: rennes.id, establishmentId: a.id, schoolYearId: year }], "romain@ac-rennes.fr");
  const actor = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
  const course = await createCourse(await actor(dane.id), { title: "Classe virtuelle : ENT", kind: "VIRTUAL_CLASS", audience: "RUPN", description: "" });
  // A session that took place yesterday, registered for a week earlier.
  const past = await createSession(await actor(dane.id), course.id, {
    startsAt: new Date(Date.now() - day),
    endsAt: new Date(Date.now() - day + 3600_000),
    venue: { mode: "REMOTE", url: "https://classe.example/ent" },
    capacity: 5,
    registrationDeadline: null,
  });
  const reg = await registerVolunteer(await actor(rupn.id), past.id, new Date(Date.now() - 8 * day));
  return { dane, daneP, rupn, course, past, reg };
}

beforeAll(async () => {
  w = await world();
});

const status = (promise: Promise<unknown>) => promise.then(() => 200, (r: Response) => r.status);
const get = async (userId: string, path: string) => signedRequest(userId, `http://localhost${path}`);
const post = async (userId: string, path: string, fields: [string, string][]) =>
  signedRequest(userId, `http://localhost${path}`, { method: "POST", body: new URLSearchParams(fields) });

describe("trainings routes", () => {
  it("answers 404 to another académie's DANE on every trainings resource", async () => {
    const { daneP, course, past, rupn } = w;
    expect(await status(courseLoader({ request: await get(daneP.id, `/formations/${course.id}`), params: { id: course.id }, context } as never))).toBe(404);
    expect(await status(sessionLoader({ request: await get(daneP.id, `/formations/sessions/${past.id}`), params: { id: past.id }, context } as never))).toBe(404);
    expect(await status(csvLoader({ request: await get(daneP.id, "/x"), params: { id: past.id }, context } as never))).toBe(404);
    expect(await status(personLoader({ request: await get(daneP.id, "/x"), params: { id: rupn.id }, context } as never))).toBe(404);
    const response = (await sessionAction({ request: await post(daneP.id, "/x", [["cancel", w.reg.registrationId!]]), params: { id: past.id }, context } as never)) as { init: { status: number } };
    expect(response.init.status).toBe(404);
    // The DANE of the académie gets them.
    expect(await status(sessionLoader({ request: await get(w.dane.id, "/x"), params: { id: past.id }, context } as never))).toBe(200);
    const csv = (await csvLoader({ request: await get(w.dane.id, "/x"), params: { id: past.id }, context } as never)) as Response;
    expect(csv.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(await csv.text()).toContain("romain@ac-rennes.fr");
  });

  it("validates the new-session form in French and saves attendance from the session page", async () => {
    const bad = (await courseAction({
      request: await post(w.dane.id, "/x", [["intent", "add-session"], ["startsAt", "2026-13-01T10:00"], ["endTime", "11:00"], ["venueMode", "REMOTE"], ["place", "https://x.example"], ["capacity", "0"], ["deadline", ""]]),
      params: { id: w.course.id },
      context,
    } as never)) as { data: { error: string }; init: { status: number } };
    expect(bad.init.status).toBe(400);
    expect(bad.data.error).toBe("Capacité : au moins 1 place.");
    const badDate = (await courseAction({
      request: await post(w.dane.id, "/x", [["intent", "add-session"], ["startsAt", "2026-13-01T10:00"], ["endTime", "11:00"], ["venueMode", "REMOTE"], ["place", "https://x.example"], ["capacity", "5"], ["deadline", ""]]),
      params: { id: w.course.id },
      context,
    } as never)) as { data: { error: string }; init: { status: number } };
    expect(badDate.init.status).toBe(400);
    expect(badDate.data.error).toBe("Date invalide : « 2026-13-01 » (attendu : AAAA-MM-JJ).");
    const saved = await sessionAction({ request: await post(w.dane.id, "/x", [["intent", "attendance"], ["present", w.reg.registrationId!]]), params: { id: w.past.id }, context } as never);
    expect(saved).toEqual({ ok: "Présences enregistrées : 1 présent·e, 0 absent·e." });
    expect((await getDb().trainingRegistration.findUniqueOrThrow({ where: { id: w.reg.registrationId } })).attended).toBe(true);
    const refused = (await sessionAction({ request: await post(w.rupn.id, "/x", [["intent", "attendance"]]), params: { id: w.past.id }, context } as never)) as { init: { status: number } };
    expect(refused.init.status).toBe(403);
  });
});
