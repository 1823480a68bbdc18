import { beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { makeAcademy, makeUser } from "../setup/factories.ts";
import {
  MAX_LINKS_PER_EMAIL,
  MAX_LINKS_PER_EMAIL_AND_IP,
  SignInError,
  consumeSignInToken,
  hashToken,
  requestSignInLink,
} from "../../app/auth/sign-in.server.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { createSession, destroySession } from "../../app/auth/session.server.ts";

const { db } = useTestDatabase();
const origin = "http://localhost:3000";
let email = "";

function tokenFromMail(text: string) {
  const match = /jeton=([A-Za-z0-9_-]+)/.exec(text);
  if (!match) throw new Error("no token in mail");
  return decodeURIComponent(match[1]);
}

async function lastMailTo(to: string) {
  return db().outboxMessage.findFirstOrThrow({ where: { recipient: to }, orderBy: { createdAt: "desc" } });
}

beforeAll(async () => {
  const academy = await makeAcademy();
  const user = await makeUser([{ role: "DANE", academyId: academy.id }], "Claire.Dane@Test.example".toLowerCase());
  email = user.email;
});

describe("sign-in by email link", () => {
  it("queues a mail with a single-use link and stores only the token's hash", async () => {
    const result = await requestSignInLink({ email: `  ${email.toUpperCase()} `, ip: "10.0.0.1", origin });
    expect(result.queued).toBe(true);
    const mail = await lastMailTo(email);
    expect(mail.subject).toBe("Votre lien de connexion à la Plateforme RUPN");
    expect(mail.status).toBe("PENDING");
    const token = tokenFromMail(mail.textBody);
    expect(mail.textBody).toContain(`${origin}/connexion/verifier?jeton=`);
    const stored = await db().loginToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(stored.tokenHash).not.toContain(token);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeGreaterThan(14 * 60_000);
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBeLessThanOrEqual(15 * 60_000 + 1000);

    const userId = await consumeSignInToken(token, "10.0.0.1");
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    expect(userId).toBe(user.id);
    const audit = await db().auditEvent.findFirst({ where: { action: "sign-in", actorId: user.id } });
    expect(audit?.ip).toBe("10.0.0.1");

    await expect(consumeSignInToken(token, null)).rejects.toThrow("Ce lien de connexion a déjà été utilisé.");
  });

  it("refuses an unknown token and an expired one, and writes nothing", async () => {
    const sessionsBefore = await db().session.count();
    await expect(consumeSignInToken("inconnu", null)).rejects.toThrow("Ce lien de connexion n'est pas valide.");
    await requestSignInLink({ email, ip: "10.0.0.2", origin });
    const token = tokenFromMail((await lastMailTo(email)).textBody);
    await db().loginToken.update({ where: { tokenHash: hashToken(token) }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const error = await consumeSignInToken(token, null).catch((e) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/a expiré/);
    const row = await db().loginToken.findUniqueOrThrow({ where: { tokenHash: hashToken(token) } });
    expect(row.usedAt).toBeNull();
    expect(await db().session.count()).toBe(sessionsBefore);
  });

  it("lets only one of two concurrent uses of a link through", async () => {
    await requestSignInLink({ email, ip: "10.0.0.3", origin });
    const token = tokenFromMail((await lastMailTo(email)).textBody);
    const results = await Promise.allSettled([consumeSignInToken(token, null), consumeSignInToken(token, null)]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
  });

  it("does not reveal whether an address has an account, and sends nothing to an unknown one", async () => {
    const result = await requestSignInLink({ email: "personne@inconnu.example", ip: "10.0.0.4", origin });
    expect(result.queued).toBe(false);
    expect(await db().outboxMessage.count({ where: { recipient: "personne@inconnu.example" } })).toBe(0);
  });

  it("cannot be used by a third party to block someone's sign-in (issue #12, item 7)", async () => {
    // The attacker asks five links for the victim's address from one machine: their own pair is exhausted…
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    for (let i = 0; i < MAX_LINKS_PER_EMAIL_AND_IP; i++) await requestSignInLink({ email, ip: "198.51.100.66", origin });
    const refused = await requestSignInLink({ email, ip: "198.51.100.66", origin }).catch((e) => e);
    expect(refused).toBeInstanceOf(SignInError);
    expect(refused.status).toBe(429);
    expect(refused.message).toMatch(/Trop de demandes/);
    // …but the victim, from their own machine, still receives a working link.
    const before = await db().outboxMessage.count({ where: { recipient: email } });
    expect((await requestSignInLink({ email, ip: "203.0.113.10", origin })).queued).toBe(true);
    expect(await db().outboxMessage.count({ where: { recipient: email } })).toBe(before + 1);
    expect(user.email).toBe(email);
  });

  it("rate-limits links per address across IPs with a higher ceiling", async () => {
    const target = "limite@test.example";
    for (let i = 0; i < MAX_LINKS_PER_EMAIL; i++) await requestSignInLink({ email: target, ip: `10.1.${Math.floor(i / 200)}.${i % 200}`, origin });
    const error = await requestSignInLink({ email: target, ip: "10.2.0.99", origin }).catch((e) => e);
    expect(error).toBeInstanceOf(SignInError);
    expect(error.status).toBe(429);
    expect(await db().loginToken.count({ where: { email: target } })).toBe(MAX_LINKS_PER_EMAIL);
    expect(MAX_LINKS_PER_EMAIL).toBeGreaterThan(MAX_LINKS_PER_EMAIL_AND_IP * 5);
  });

  it("rate-limits links per IP address", async () => {
    const ip = "10.9.9.9";
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      await requestSignInLink({ email: `ip${i}@test.example`, ip, origin }).catch((e) => {
        if (e instanceof SignInError && e.status === 429) refused++;
        else throw e;
      });
    }
    expect(await db().loginToken.count({ where: { ip } })).toBe(30);
    expect(refused).toBe(10);
  });
});

describe("sessions", () => {
  it("reads the actor from the cookie and forgets it after sign-out", async () => {
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    const cookie = (await createSession(user.id)).split(";")[0];
    const request = new Request("http://localhost/", { headers: { Cookie: cookie } });
    const actor = await getActor(request);
    expect(actor?.email).toBe(email);
    expect(actor?.roles.map((r) => r.role)).toEqual(["DANE"]);
    const cleared = await destroySession(request);
    expect(cleared).toMatch(/Max-Age=0/);
    expect(await getActor(request)).toBeNull();
  });

  it("rejects a tampered cookie", async () => {
    const user = await db().user.findUniqueOrThrow({ where: { email } });
    const cookie = (await createSession(user.id)).split(";")[0];
    const tampered = cookie.slice(0, -3) + (cookie.endsWith("abc") ? "xyz" : "abc");
    expect(await getActor(new Request("http://localhost/", { headers: { Cookie: tampered } }))).toBeNull();
  });
});
