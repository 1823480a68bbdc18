import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor, requireRole, requireUser } from "../../app/auth/guards.server.ts";
import { countByType, getEstablishmentForActor, listEstablishments, myEstablishments } from "../../app/services/establishments.server.ts";

useTestDatabase();

let world: Awaited<ReturnType<typeof build>>;

async function build() {
  const year = await ensureCurrentSchoolYear();
  await getDb().schoolYear.create({ data: { id: "2000-2001", startsOn: new Date("2000-09-01"), endsOn: new Date("2001-08-31") } });
  const rennes = await makeAcademy("Rennes");
  const poitiers = await makeAcademy("Poitiers");
  const own = await makeEstablishment(rennes.id, { name: "Collège Anne de Bretagne" });
  const neighbour = await makeEstablishment(rennes.id, { name: "Lycée Chateaubriand", type: "LYCEE" });
  const foreign = await makeEstablishment(poitiers.id, { name: "Collège de Poitiers" });
  const chef = await makeUser([{ role: "CHEF", academyId: rennes.id, establishmentId: own.id }]);
  const rupn = await makeUser([{ role: "RUPN", academyId: rennes.id, establishmentId: own.id, schoolYearId: year }]);
  const formerRupn = await makeUser([{ role: "RUPN", academyId: rennes.id, establishmentId: neighbour.id, schoolYearId: "2000-2001" }]);
  const dane = await makeUser([{ role: "DANE", academyId: rennes.id }]);
  const admin = await makeUser([{ role: "ADMIN", academyId: rennes.id }]);
  const actor = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
  return {
    own,
    neighbour,
    foreign,
    rennes,
    chef: await actor(chef.id),
    chefId: chef.id,
    rupn: await actor(rupn.id),
    formerRupn: await actor(formerRupn.id),
    dane: await actor(dane.id),
    daneId: dane.id,
    admin: await actor(admin.id),
  };
}

beforeAll(async () => {
  world = await build();
});

describe("establishment scope in queries", () => {
  it("gives a chef their establishment and a 404-null for the others", async () => {
    expect((await getEstablishmentForActor(world.chef, world.own.uai))?.id).toBe(world.own.id);
    expect(await getEstablishmentForActor(world.chef, world.neighbour.uai)).toBeNull();
    expect(await getEstablishmentForActor(world.chef, world.foreign.uai)).toBeNull();
    const list = await listEstablishments(world.chef, {});
    expect(list.rows.map((r) => r.uai)).toEqual([world.own.uai]);
  });

  it("gives a RUPN their establishment for the current year only", async () => {
    expect((await getEstablishmentForActor(world.rupn, world.own.uai))?.id).toBe(world.own.id);
    expect(await getEstablishmentForActor(world.formerRupn, world.neighbour.uai)).toBeNull();
    expect((await myEstablishments(world.rupn)).map((e) => e.uai)).toEqual([world.own.uai]);
  });

  it("gives a DANE its académie, not another", async () => {
    const list = await listEstablishments(world.dane, {});
    expect(list.rows.map((r) => r.uai).sort()).toEqual([world.own.uai, world.neighbour.uai].sort());
    expect(await getEstablishmentForActor(world.dane, world.foreign.uai)).toBeNull();
    expect((await countByType(world.dane)).reduce((n, t) => n + t.count, 0)).toBe(2);
  });

  it("searches by name, commune and UAI within the scope", async () => {
    expect((await listEstablishments(world.dane, { q: "chateaubriand" })).rows.map((r) => r.uai)).toEqual([world.neighbour.uai]);
    expect((await listEstablishments(world.dane, { q: world.foreign.uai })).total).toBe(0);
    expect((await listEstablishments(world.admin, { q: world.foreign.uai })).total).toBe(1);
  });

  it("lists the people of an establishment on its page", async () => {
    const page = await getEstablishmentForActor(world.dane, world.own.uai);
    expect(page?.roles.map((r) => r.role).sort()).toEqual(["CHEF", "RUPN"]);
  });
});

describe("guards", () => {
  it("redirects a signed-out visitor to the sign-in page", async () => {
    const response = await requireUser(new Request("http://localhost/etablissements?q=x")).catch((r) => r);
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/connexion?redirection=%2Fetablissements%3Fq%3Dx");
  });

  it("answers 403 to a role without the right scope", async () => {
    const request = await signedRequest(world.chefId, "http://localhost/");
    await expect(requireRole(request, ["CHEF"], { establishment: world.own })).resolves.toMatchObject({ userId: world.chefId });
    const denied = await requireRole(request, ["CHEF"], { establishment: world.neighbour }).catch((r) => r);
    expect(denied.status).toBe(403);
    expect(await denied.text()).toBe("Vous n'avez pas les droits nécessaires pour cette action.");
    const daneRequest = await signedRequest(world.daneId, "http://localhost/");
    expect((await requireRole(daneRequest, ["DANE"], { academyId: world.rennes.id }).catch((r) => r)).userId).toBe(world.daneId);
    expect((await requireRole(daneRequest, ["DANE"], { establishment: world.foreign }).catch((r) => r)).status).toBe(403);
  });
});
