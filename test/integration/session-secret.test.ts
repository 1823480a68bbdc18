// SESSION_SECRET is a list: the first value signs, every value verifies, so a secret can be rotated
// without signing everyone out, and dropping an old value invalidates the cookies it signed.
import { describe, expect, it, vi } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { makeAcademy, makeUser } from "../setup/factories.ts";

useTestDatabase();

async function freshModules(secret: string) {
  vi.resetModules();
  process.env.SESSION_SECRET = secret;
  const session = await import("../../app/auth/session.server.ts");
  const guards = await import("../../app/auth/guards.server.ts");
  return { ...session, ...guards };
}

describe("session secret rotation", () => {
  it("accepts cookies signed with a previous secret and refuses them once it is removed", async () => {
    const academy = await makeAcademy();
    const user = await makeUser([{ role: "DANE", academyId: academy.id }]);
    const before = await freshModules("ancien-secret");
    const cookie = (await before.createSession(user.id)).split(";")[0];
    const request = () => new Request("http://localhost/", { headers: { Cookie: cookie } });

    const rotated = await freshModules("nouveau-secret,ancien-secret");
    expect((await rotated.getActor(request()))?.userId).toBe(user.id);
    const fresh = (await rotated.createSession(user.id)).split(";")[0];
    expect(fresh).not.toBe(cookie);

    const after = await freshModules("nouveau-secret");
    expect(await after.getActor(request())).toBeNull();
    expect((await after.getActor(new Request("http://localhost/", { headers: { Cookie: fresh } })))?.userId).toBe(user.id);
    process.env.SESSION_SECRET = "test-secret-not-for-production";
  });
});
