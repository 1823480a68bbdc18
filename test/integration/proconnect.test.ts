// ProConnect sign-in against a real OpenID Connect provider (node-oidc-provider, started here on a free port): the
// routes' loaders and actions run with real cookies, the provider's pages are driven over HTTP like a browser would.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { decodeJwt } from "jose";
import { useTestDatabase } from "../setup/db.ts";
import { makeAcademy, makeUser } from "../setup/factories.ts";
import { startTestProvider, type TestAccount, type TestProvider } from "../setup/oidc-provider.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { forgetProConnectDiscovery } from "../../app/auth/proconnect.server.ts";
import { loader as startLoader } from "../../app/routes/connexion_.proconnect.tsx";
import { loader as callbackLoader } from "../../app/routes/connexion_.proconnect_.retour.tsx";
import { action as signOutAction } from "../../app/routes/deconnexion.tsx";
import { loader as logoutReturnLoader } from "../../app/routes/deconnexion_.retour.tsx";
import { loader as signInPageLoader, action as signInPageAction } from "../../app/routes/connexion.tsx";

const { db } = useTestDatabase();
const APP = "http://localhost:3999";
// The public origin (ADR 014): redirect and logout URLs derive from APP_URL, never from the request.
process.env.APP_URL = APP;
const context = { clientIp: "10.0.0.7", cspNonce: "" };
let provider: TestProvider;

const agent = (over: Partial<TestAccount> = {}): TestAccount => ({
  email: "Agathe.Martin@AC-Rennes.fr",
  given_name: "Agathe",
  usual_name: "Martin",
  uid: "am-001",
  siret: "17350001800015",
  idp_id: "fi-ac-rennes",
  ...over,
});

/** A cookie jar for the provider's domain, like a browser's. */
class Jar {
  cookies = new Map<string, string>();
  header() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const expired = attributes.some((a) => /max-age=0|expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(index + 1));
    }
  }
}

/** Follows the provider's redirects until it sends the browser back to the app (or shows a page). */
async function browse(url: string, jar: Jar, init: RequestInit = {}): Promise<{ back?: string; page?: string; url: string }> {
  let current = url;
  let request = init;
  for (let hop = 0; hop < 10; hop++) {
    if (current.startsWith(APP)) return { back: current, url: current };
    const response = await fetch(current, { ...request, redirect: "manual", headers: { ...(request.headers ?? {}), Cookie: jar.header() } });
    jar.store(response);
    const location = response.headers.get("Location");
    if (response.status >= 300 && response.status < 400 && location) {
      current = new URL(location, current).href;
      request = {};
      continue;
    }
    return { page: await response.text(), url: current };
  }
  throw new Error("trop de redirections");
}

async function startFlow(path = "/connexion/proconnect") {
  const response = await startLoader({ request: new Request(`${APP}${path}`), params: {}, context } as never).then(
    (r) => {
      throw new Error(`pas de redirection : ${JSON.stringify(r)}`);
    },
    (r: Response) => r,
  );
  expect(response.status).toBe(302);
  return { authUrl: response.headers.get("Location")!, cookie: response.headers.get("Set-Cookie")!.split(";")[0] };
}

/** Signs in at the provider as `login` (or refuses) and returns the URL the provider sends back to the app. */
async function atProvider(authUrl: string, login: string, jar = new Jar(), choice = "connexion") {
  const first = await browse(authUrl, jar);
  if (first.back) return first.back;
  expect(first.page).toContain("Identifiant de l'agent");
  const second = await browse(first.url, jar, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ login, action: choice }).toString(),
  });
  if (!second.back) throw new Error(`le fournisseur n'a pas renvoyé vers l'application : ${second.page}`);
  return second.back;
}

type CallbackResult =
  | { kind: "redirect"; location: string; cookies: string[] }
  | { kind: "page"; status: number; notice: { kind: string; message?: string; email?: string }; cookies: string[] };

async function callback(url: string, cookie: string): Promise<CallbackResult> {
  const request = new Request(url, { headers: { Cookie: cookie } });
  try {
    const result = (await callbackLoader({ request, params: {}, context } as never)) as unknown as {
      data: { notice: { kind: string; message?: string } };
      init: { status: number; headers: Headers };
    };
    return { kind: "page", status: result.init.status, notice: result.data.notice, cookies: new Headers(result.init.headers).getSetCookie() };
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return { kind: "redirect", location: thrown.headers.get("Location")!, cookies: thrown.headers.getSetCookie() };
  }
}

const sessionCookieOf = (result: CallbackResult) => result.cookies.find((c) => c.startsWith("rupn_session="))!.split(";")[0];

async function counts() {
  return {
    sessions: await db().session.count(),
    identities: await db().linkedIdentity.count(),
    users: await db().user.count(),
    signIns: await db().auditEvent.count({ where: { action: "sign-in" } }),
  };
}

/** One full sign-in through the provider, returning the callback result. */
async function signIn(login: string, jar = new Jar()) {
  const { authUrl, cookie } = await startFlow();
  return { result: await callback(await atProvider(authUrl, login, jar), cookie), jar };
}

let userId = "";

beforeAll(async () => {
  provider = await startTestProvider({
    redirectUris: [`${APP}/connexion/proconnect/retour`],
    postLogoutRedirectUris: [`${APP}/deconnexion/retour`],
    accounts: {
      agathe: agent(),
      inconnu: agent({ email: "personne@ac-rennes.fr", uid: "zz-999" }),
      jumeau: agent({ idp_id: "fi-proconnect-identite", uid: "autre-uid" }),
      bastien: agent({ email: "bastien.leroy@ac-rennes.fr", uid: "bl-002" }),
    },
  });
  Object.assign(process.env, {
    PROCONNECT_ISSUER: provider.issuer,
    PROCONNECT_CLIENT_ID: provider.clientId,
    PROCONNECT_CLIENT_SECRET: provider.clientSecret,
    PROCONNECT_ALLOW_HTTP: "1",
  });
  const academy = await makeAcademy();
  userId = (await makeUser([{ role: "DANE", academyId: academy.id }], "agathe.martin@ac-rennes.fr")).id;
  await makeUser([{ role: "DANE", academyId: academy.id }], "bastien.leroy@ac-rennes.fr");
});

beforeEach(() => {
  provider.tamperIdToken(null);
});

afterAll(async () => {
  await provider?.stop();
  for (const name of ["PROCONNECT_ISSUER", "PROCONNECT_CLIENT_ID", "PROCONNECT_CLIENT_SECRET", "PROCONNECT_ALLOW_HTTP"]) delete process.env[name];
  forgetProConnectDiscovery();
});

describe("ProConnect sign-in", () => {
  it("sends the browser to the provider with PKCE, state, nonce and ProConnect's scopes", async () => {
    const { authUrl, cookie } = await startFlow("/connexion/proconnect?redirection=%2Flettres");
    const url = new URL(authUrl);
    expect(url.origin).toBe(provider.issuer);
    expect(url.searchParams.get("redirect_uri")).toBe(`${APP}/connexion/proconnect/retour`);
    expect(url.searchParams.get("scope")).toBe("openid email given_name usual_name uid siret idp_id");
    expect(url.searchParams.get("code_challenge_method")).toBe("S256");
    expect(url.searchParams.get("state")?.length).toBeGreaterThan(20);
    expect(url.searchParams.get("nonce")?.length).toBeGreaterThan(20);
    expect(cookie).toMatch(/^rupn_proconnect=/);
    // The signed cookie does not carry the verifier in clear text next to the challenge it derives from.
    expect(cookie).not.toContain(url.searchParams.get("code_challenge")!);
  });

  it("links the account with the same address on the first sign-in, then finds it by uid after an email change", async () => {
    const before = await counts();
    const { result } = await signIn("agathe");
    expect(result.kind).toBe("redirect");
    if (result.kind !== "redirect") return;
    expect(result.location).toBe("/");
    const actor = await getActor(new Request(`${APP}/`, { headers: { Cookie: sessionCookieOf(result) } }));
    expect(actor?.userId).toBe(userId);
    const identity = await db().linkedIdentity.findFirstOrThrow({ where: { userId } });
    expect(identity).toMatchObject({ idp: "proconnect", idpId: "fi-ac-rennes", uid: "am-001", siret: "17350001800015", linkEmail: "agathe.martin@ac-rennes.fr" });
    const session = await db().session.findFirstOrThrow({ where: { userId }, orderBy: { createdAt: "desc" } });
    expect(session.method).toBe("proconnect");
    expect(session.idToken?.split(".")).toHaveLength(3);
    const audit = await db().auditEvent.findFirstOrThrow({ where: { action: "sign-in", actorId: userId }, orderBy: { createdAt: "desc" } });
    expect(audit.summary).toMatchObject({ method: "proconnect", idpId: "fi-ac-rennes", siret: "17350001800015" });
    expect(audit.ip).toBe("10.0.0.7");
    expect(await db().auditEvent.count({ where: { action: "identity-linked", actorId: userId } })).toBe(1);
    expect(await counts()).toEqual({ ...before, sessions: before.sessions + 1, identities: before.identities + 1, signIns: before.signIns + 1 });

    // The address changes at the provider: the account is found by (idp, idp_id, uid), nothing new is linked.
    provider.accounts.set("agathe", agent({ email: "agathe.martin-durand@ac-rennes.fr" }));
    const again = await signIn("agathe");
    expect(again.result.kind).toBe("redirect");
    const actor2 = await getActor(new Request(`${APP}/`, { headers: { Cookie: sessionCookieOf(again.result) } }));
    expect(actor2?.userId).toBe(userId);
    expect(await db().linkedIdentity.count({ where: { userId } })).toBe(1);
    const updated = await db().linkedIdentity.findFirstOrThrow({ where: { userId } });
    expect(updated.linkEmail).toBe("agathe.martin@ac-rennes.fr");
    expect(updated.lastEmail).toBe("agathe.martin-durand@ac-rennes.fr");
    provider.accounts.set("agathe", agent());
  });

  it("keeps the page asked for before sign-in, and only a path of this site", async () => {
    for (const [asked, landing] of [
      ["%2Flettres%3Fannee%3D2025", "/lettres?annee=2025"],
      ["https%3A%2F%2Fattaquant.example%2F", "/"],
      ["%2F%2Fattaquant.example", "/"],
    ]) {
      const { authUrl, cookie } = await startFlow(`/connexion/proconnect?redirection=${asked}`);
      const result = await callback(await atProvider(authUrl, "agathe"), cookie);
      expect(result.kind === "redirect" && result.location).toBe(landing);
    }
  });

  it("shows who designates RUPN to a person without an account, and creates nothing", async () => {
    const before = await counts();
    const { result } = await signIn("inconnu");
    expect(result.kind).toBe("page");
    if (result.kind !== "page") return;
    expect(result.status).toBe(403);
    expect(result.notice).toMatchObject({ kind: "no-account", email: "personne@ac-rennes.fr" });
    expect(result.cookies.some((c) => c.startsWith("rupn_session="))).toBe(false);
    expect(await counts()).toEqual(before);
    expect(await db().user.count({ where: { email: "personne@ac-rennes.fr" } })).toBe(0);
  });

  it("does not link a second identity to an account silently", async () => {
    await signIn("agathe");
    const before = await counts();
    const { result } = await signIn("jumeau");
    expect(result.kind === "page" && result.notice.kind).toBe("other-identity");
    expect(await counts()).toEqual(before);
  });

  describe("refusals: no session, nothing written", () => {
    async function refused(result: CallbackResult, before: Awaited<ReturnType<typeof counts>>, pattern: RegExp) {
      expect(result.kind).toBe("page");
      if (result.kind !== "page") return;
      expect(result.status).toBeGreaterThanOrEqual(400);
      expect(result.notice.message).toMatch(pattern);
      expect(result.cookies.some((c) => c.startsWith("rupn_session="))).toBe(false);
      // The transient cookie is cleared whatever happened.
      expect(result.cookies.some((c) => /^rupn_proconnect=;.*Max-Age=0/i.test(c))).toBe(true);
      expect(await counts()).toEqual(before);
    }

    it("a tampered state", async () => {
      const before = await counts();
      const { authUrl, cookie } = await startFlow();
      const back = new URL(await atProvider(authUrl, "bastien"));
      back.searchParams.set("state", `${back.searchParams.get("state")}x`);
      await refused(await callback(back.href, cookie), before, /ne correspond pas à votre demande/);
    });

    it("(control: an ID token re-signed by the provider's key with unchanged claims is accepted)", async () => {
      provider.tamperIdToken((claims) => claims);
      expect((await signIn("bastien")).result.kind).toBe("redirect");
    });

    it("a wrong nonce", async () => {
      provider.tamperIdToken((claims) => ({ ...claims, nonce: "un-autre-nonce" }));
      const before = await counts();
      await refused((await signIn("bastien")).result, before, /n'a pas pu être vérifiée/);
    });

    it("an expired ID token", async () => {
      const now = Math.floor(Date.now() / 1000);
      provider.tamperIdToken((claims) => ({ ...claims, iat: now - 7200, exp: now - 3600 }));
      const before = await counts();
      await refused((await signIn("bastien")).result, before, /n'a pas pu être vérifiée/);
    });

    it("a wrong audience", async () => {
      provider.tamperIdToken((claims) => ({ ...claims, aud: "une-autre-application" }));
      const before = await counts();
      await refused((await signIn("bastien")).result, before, /n'a pas pu être vérifiée/);
    });

    it("a wrong issuer", async () => {
      provider.tamperIdToken((claims) => ({ ...claims, iss: "https://faux-proconnect.example" }));
      const before = await counts();
      await refused((await signIn("bastien")).result, before, /n'a pas pu être vérifiée/);
    });

    it("an ID token not signed by the provider", async () => {
      // Same claims, signed by another key under the provider's key id: only a signature check catches it.
      provider.tamperIdToken((claims) => claims, { foreignKey: true });
      const before = await counts();
      await refused((await signIn("bastien")).result, before, /n'a pas pu être vérifiée/);
    });

    it("a replayed code", async () => {
      const { authUrl, cookie } = await startFlow();
      const back = await atProvider(authUrl, "bastien");
      const first = await callback(back, cookie);
      expect(first.kind).toBe("redirect");
      const before = await counts();
      await refused(await callback(back, cookie), before, /déjà été utilisé/);
    });

    it("an expired or missing sign-in state", async () => {
      const { authUrl } = await startFlow();
      const back = await atProvider(authUrl, "bastien");
      const before = await counts();
      await refused(await callback(back, ""), before, /a expiré/);
    });

    it("a refused consent at the provider", async () => {
      const { authUrl, cookie } = await startFlow();
      const back = await atProvider(authUrl, "bastien", new Jar(), "refus");
      expect(new URL(back).searchParams.get("error")).toBe("access_denied");
      const before = await counts();
      await refused(await callback(back, cookie), before, /Vous avez refusé/);
    });
  });

  it("logs out at the provider too: end-session with id_token_hint and state, then back to the app", async () => {
    const jar = new Jar();
    const { result } = await signIn("agathe", jar);
    const sessionCookie = sessionCookieOf(result);
    const openAtProvider = provider.sessionCount();
    expect(openAtProvider).toBeGreaterThan(0);
    const signOut = await Promise.resolve(
      signOutAction({ request: new Request(`${APP}/deconnexion`, { method: "POST", headers: { Cookie: sessionCookie } }), params: {}, context } as never),
    ).then(
      () => {
        throw new Error("pas de redirection");
      },
      (r: Response) => r,
    );
    const location = new URL(signOut.headers.get("Location")!);
    expect(`${location.origin}${location.pathname}`).toBe(`${provider.issuer}/session/end`);
    expect(location.searchParams.get("id_token_hint")?.split(".")).toHaveLength(3);
    expect(location.searchParams.get("state")?.length).toBeGreaterThan(20);
    expect(location.searchParams.get("post_logout_redirect_uri")).toBe(`${APP}/deconnexion/retour`);
    // The local session is closed at once.
    expect(await getActor(new Request(`${APP}/`, { headers: { Cookie: sessionCookie } }))).toBeNull();
    expect(decodeJwt(location.searchParams.get("id_token_hint")!).sub).toBe("agathe");

    // The browser at the provider: the end-session page posts its form, the provider sends it back with the state.
    const page = await browse(location.href, jar);
    const form = /<form[^>]*action="([^"]+)"[\s\S]*?<\/form>/.exec(page.page ?? "")!;
    const fields = new URLSearchParams([...form[0].matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    fields.set("logout", "yes");
    const back = await browse(new URL(form[1], page.url).href, jar, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: fields.toString(),
    });
    expect(back.back).toBeDefined();
    const returned = new URL(back.back!);
    expect(returned.pathname).toBe("/deconnexion/retour");
    expect(returned.searchParams.get("state")).toBe(location.searchParams.get("state"));
    expect(provider.sessionCount()).toBe(openAtProvider - 1);
    const logoutCookie = signOut.headers.getSetCookie().find((c) => c.startsWith("rupn_proconnect_logout="))!.split(";")[0];
    const confirmation = await logoutReturnLoader({ request: new Request(back.back!, { headers: { Cookie: logoutCookie } }), params: {}, context } as never);
    expect((confirmation as unknown as { init: { status?: number } }).init.status ?? 200).toBe(200);
    // Signed out at the provider: a new sign-in asks for the agent's identifier again.
    const next = await startFlow();
    const again = await browse(next.authUrl, jar);
    expect(again.page).toContain("Identifiant de l'agent");
  });

  it("an email-link session signs out locally only", async () => {
    const { createSession } = await import("../../app/auth/session.server.ts");
    const cookie = (await createSession(userId)).split(";")[0];
    const response = await Promise.resolve(
      signOutAction({ request: new Request(`${APP}/deconnexion`, { method: "POST", headers: { Cookie: cookie } }), params: {}, context } as never),
    ).catch((r: Response) => r);
    expect((response as Response).headers.get("Location")).toBe("/");
  });
});

describe("ProConnect unreachable", () => {
  it("shows a French page, and the email link still works", async () => {
    const { authUrl, cookie } = await startFlow();
    const back = await atProvider(authUrl, "bastien");
    await provider.stop();
    forgetProConnectDiscovery();
    const before = await counts();
    // Mid-flow: the token endpoint does not answer.
    const result = await callback(back, cookie);
    expect(result.kind === "page" && result.status).toBe(503);
    expect(result.kind === "page" && result.notice.message).toMatch(/ProConnect ne répond pas/);
    expect(await counts()).toEqual(before);
    // At the start: discovery fails.
    const start = (await startLoader({ request: new Request(`${APP}/connexion/proconnect`), params: {}, context } as never)) as unknown as {
      data: { notice: { message: string; emailLink: boolean } };
      init: { status: number };
    };
    expect(start.init.status).toBe(503);
    expect(start.data.notice.message).toMatch(/ProConnect ne répond pas pour le moment/);
    expect(start.data.notice.emailLink).toBe(true);
    // The sign-in page still offers both, and the email link is sent.
    const page = (await signInPageLoader({ request: new Request(`${APP}/connexion`), params: {}, context } as never)) as { proConnect: string | null; emailLink: boolean };
    expect(page).toEqual({ proConnect: "/connexion/proconnect", emailLink: true });
    const sent = (await signInPageAction({
      request: new Request(`${APP}/connexion`, { method: "POST", body: new URLSearchParams({ email: "agathe.martin@ac-rennes.fr" }) }),
      params: {},
      context,
    } as never)) as { ok: boolean };
    expect(sent.ok).toBe(true);
    expect(await db().outboxMessage.count({ where: { recipient: "agathe.martin@ac-rennes.fr", kind: "sign-in-link" } })).toBe(1);
  });
});

describe("administration of sign-in methods", () => {
  it("shows an account's identities to an administrator only, who can unlink one", async () => {
    const { signedRequest } = await import("../setup/factories.ts");
    const { loader: listLoader } = await import("../../app/routes/administration.comptes._index.tsx");
    const { loader: detailLoader, action: detailAction } = await import("../../app/routes/administration.comptes.$id.tsx");
    const academy = await makeAcademy();
    const admin = await makeUser([{ role: "ADMIN", academyId: academy.id }]);
    const dane = await makeUser([{ role: "DANE", academyId: academy.id }]);
    const identity = await db().linkedIdentity.create({
      data: { userId: dane.id, idp: "proconnect", idpId: "fi-x", uid: "u-x", sub: "s-x", siret: null, linkEmail: dane.email, lastEmail: dane.email },
    });
    const { createSession } = await import("../../app/auth/session.server.ts");
    await createSession(dane.id, { method: "proconnect", idToken: "a.b.c" });
    await createSession(dane.id);
    const status = (p: Promise<unknown>) => p.then(() => 200, (r: Response) => r.status);
    const url = (path: string) => `${APP}${path}`;

    // Not an administrator: 403 everywhere; signed out: sent to the sign-in page.
    expect(await status(listLoader({ request: await signedRequest(dane.id, url("/administration/comptes")), params: {}, context } as never))).toBe(403);
    expect(await status(detailLoader({ request: await signedRequest(dane.id, url(`/administration/comptes/${dane.id}`)), params: { id: dane.id }, context } as never))).toBe(403);
    const foreignPost = await signedRequest(dane.id, url(`/administration/comptes/${dane.id}`), {
      method: "POST",
      body: new URLSearchParams({ intent: "unlink", identityId: identity.id }),
    });
    expect(await status(detailAction({ request: foreignPost, params: { id: dane.id }, context } as never))).toBe(403);
    expect(await db().linkedIdentity.count({ where: { id: identity.id } })).toBe(1);
    expect(await status(listLoader({ request: new Request(url("/administration/comptes")), params: {}, context } as never))).toBe(302);

    const list = (await listLoader({ request: await signedRequest(admin.id, url(`/administration/comptes?q=${encodeURIComponent(dane.email)}`)), params: {}, context } as never)) as {
      accounts: { id: string; proConnect: number }[];
    };
    expect(list.accounts).toEqual([expect.objectContaining({ id: dane.id, proConnect: 1 })]);
    const detail = (await detailLoader({ request: await signedRequest(admin.id, url(`/administration/comptes/${dane.id}`)), params: { id: dane.id }, context } as never)) as {
      identities: { id: string; idpId: string; uid: string }[];
    };
    expect(detail.identities).toEqual([expect.objectContaining({ id: identity.id, idpId: "fi-x", uid: "u-x" })]);

    // Another account's identity id under this account's URL: 404, nothing removed.
    const other = await makeUser([{ role: "DANE", academyId: academy.id }]);
    const mismatched = await signedRequest(admin.id, url(`/administration/comptes/${other.id}`), {
      method: "POST",
      body: new URLSearchParams({ intent: "unlink", identityId: identity.id }),
    });
    expect(await status(detailAction({ request: mismatched, params: { id: other.id }, context } as never))).toBe(404);
    expect(await db().linkedIdentity.count({ where: { id: identity.id } })).toBe(1);

    const post = await signedRequest(admin.id, url(`/administration/comptes/${dane.id}`), {
      method: "POST",
      body: new URLSearchParams({ intent: "unlink", identityId: identity.id }),
    });
    await detailAction({ request: post, params: { id: dane.id }, context } as never);
    expect(await db().linkedIdentity.count({ where: { id: identity.id } })).toBe(0);
    // The ProConnect session ends with the identity; the email-link one stays.
    expect(await db().session.count({ where: { userId: dane.id, method: "proconnect" } })).toBe(0);
    expect(await db().session.count({ where: { userId: dane.id, method: "email-link" } })).toBeGreaterThan(0);
    const event = await db().auditEvent.findFirstOrThrow({ where: { action: "identity-unlinked", entityId: identity.id } });
    expect(event.actorId).toBe(admin.id);
    expect(event.summary).toMatchObject({ userId: dane.id, idpId: "fi-x", uid: "u-x", sessionsClosed: 1 });
  });
});

describe("EMAIL_LINK_SIGNIN=off", () => {
  it("hides the email form and refuses its requests; ProConnect stays", async () => {
    process.env.EMAIL_LINK_SIGNIN = "off";
    try {
      const page = (await signInPageLoader({ request: new Request(`${APP}/connexion`), params: {}, context } as never)) as { proConnect: string | null; emailLink: boolean };
      expect(page.emailLink).toBe(false);
      expect(page.proConnect).toBe("/connexion/proconnect");
      const before = await db().loginToken.count();
      const refused = (await signInPageAction({
        request: new Request(`${APP}/connexion`, { method: "POST", body: new URLSearchParams({ email: "agathe.martin@ac-rennes.fr" }) }),
        params: {},
        context,
      } as never)) as unknown as { init: { status: number }; data: { error: string } };
      expect(refused.init.status).toBe(403);
      expect(refused.data.error).toMatch(/désactivée/);
      expect(await db().loginToken.count()).toBe(before);
    } finally {
      delete process.env.EMAIL_LINK_SIGNIN;
    }
  });
});
