// A real OpenID Connect provider (node-oidc-provider) standing in for ProConnect in the integration and end-to-end
// tests: ProConnect's scopes and claims (email, given_name, usual_name, uid, siret, idp_id), signed ID tokens and
// signed userinfo, PKCE, RP-initiated logout. Its sign-in page is a small French form; a test can also tamper with
// the ID token the token endpoint returns (re-signed with the provider's own key) to check the relying party.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration, type InteractionDetails, type KoaContextWithOIDC } from "oidc-provider";
import { SignJWT, decodeJwt, exportJWK, generateKeyPair, importJWK, type JWK, type JWTPayload } from "jose";

export type TestAccount = {
  email: string;
  given_name: string;
  usual_name: string;
  uid: string;
  siret: string;
  idp_id: string;
  acr?: string;
};

export type TestProvider = {
  issuer: string;
  clientId: string;
  clientSecret: string;
  accounts: Map<string, TestAccount>;
  /** Rewrites the ID tokens returned by the token endpoint (null: leave them alone), re-signed with the provider's
   * key, or with another key under the same key id when `foreignKey` is set. */
  tamperIdToken(fn: ((claims: JWTPayload) => JWTPayload) | null, options?: { foreignKey?: boolean }): void;
  /** Signs arbitrary claims with the provider's key. */
  sign(claims: JWTPayload): Promise<string>;
  /** Provider sessions currently open (a logout removes the browser's). */
  sessionCount(): number;
  stop(): Promise<void>;
};

const html = (title: string, body: string) => `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title></head><body><main><h1>${title}</h1>${body}</main></body></html>`;

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export async function startTestProvider(options: {
  port?: number;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
  accounts?: Record<string, TestAccount>;
  clientId?: string;
  clientSecret?: string;
}): Promise<TestProvider> {
  const clientId = options.clientId ?? "rupn-test";
  const clientSecret = options.clientSecret ?? "secret-de-test-pour-proconnect-local";
  const accounts = new Map(Object.entries(options.accounts ?? {}));
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  const jwk: JWK = { ...(await exportJWK(privateKey)), kid: "rupn-test-key", alg: "RS256", use: "sig" };
  const signingKey = await importJWK(jwk, "RS256");
  let tamper: ((claims: JWTPayload) => JWTPayload) | null = null;
  let foreignKey = false;
  const foreign = (await generateKeyPair("RS256")).privateKey;

  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // Sessions in an inspectable store (the default memory adapter is private).
  const stores = new Map<string, Map<string, { payload: Record<string, unknown>; expiresAt: number }>>();
  class MemoryAdapter {
    store: Map<string, { payload: Record<string, unknown>; expiresAt: number }>;
    constructor(readonly model: string) {
      this.store = stores.get(model) ?? new Map();
      stores.set(model, this.store);
    }
    async upsert(id: string, payload: Record<string, unknown>, expiresIn: number) {
      this.store.set(id, { payload, expiresAt: Date.now() + expiresIn * 1000 });
    }
    async find(id: string) {
      const row = this.store.get(id);
      return row && row.expiresAt > Date.now() ? row.payload : undefined;
    }
    async findByUid(uid: string) {
      for (const [, row] of this.store) if (row.payload.uid === uid && row.expiresAt > Date.now()) return row.payload;
      return undefined;
    }
    async findByUserCode() {
      return undefined;
    }
    async consume(id: string) {
      const row = this.store.get(id);
      if (row) row.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      this.store.delete(id);
    }
    async revokeByGrantId(grantId: string) {
      for (const [id, row] of this.store) if (row.payload.grantId === grantId) this.store.delete(id);
    }
  }

  const configuration: Configuration = {
    adapter: MemoryAdapter as never,
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: options.redirectUris,
        post_logout_redirect_uris: options.postLogoutRedirectUris,
        response_types: ["code"],
        grant_types: ["authorization_code"],
        token_endpoint_auth_method: "client_secret_post",
        id_token_signed_response_alg: "RS256",
        userinfo_signed_response_alg: "RS256",
      },
    ],
    jwks: { keys: [jwk as never] },
    cookies: { keys: ["cle-de-cookies-du-fournisseur-de-test"] },
    scopes: ["openid", "email", "given_name", "usual_name", "uid", "siret", "idp_id"],
    claims: {
      acr: null,
      email: ["email"],
      given_name: ["given_name"],
      usual_name: ["usual_name"],
      uid: ["uid"],
      siret: ["siret"],
      idp_id: ["idp_id"],
    },
    acrValues: ["eidas1", "eidas2"],
    pkce: { required: () => true },
    features: {
      devInteractions: { enabled: false },
      claimsParameter: { enabled: true },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // Like ProConnect, logging out needs no confirmation: the form posts itself.
        logoutSource: async (ctx: KoaContextWithOIDC, form: string) => {
          ctx.body = html(
            "Déconnexion de ProConnect (test)",
            `${form}<p><button type="submit" form="op.logoutForm" name="logout" value="yes">Se déconnecter</button></p>
<script>document.getElementById("op.logoutForm").requestSubmit(document.querySelector("button[name=logout]"))</script>`,
          );
        },
        postLogoutSuccessSource: async (ctx: KoaContextWithOIDC) => {
          ctx.body = html("Vous êtes déconnecté·e de ProConnect (test)", "");
        },
      },
    },
    findAccount: async (_ctx: unknown, id: string) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: async () => {
          const { acr: _acr, ...claims } = accounts.get(id) ?? account;
          return { sub: id, ...claims };
        },
      };
    },
    interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
    renderError: async (ctx: KoaContextWithOIDC, out: Record<string, unknown>) => {
      ctx.type = "html";
      ctx.body = html("Erreur du fournisseur de test", `<p>${escape(String(out.error))} : ${escape(String(out.error_description ?? ""))}</p>`);
    },
    ttl: { Session: 3600, Interaction: 600, Grant: 3600, AccessToken: 600, AuthorizationCode: 60, IdToken: 600 },
  };
  const provider = new Provider(issuer, configuration);
  provider.on("server_error", (_ctx: unknown, error: Error) => console.error("fournisseur OIDC de test :", error));

  // The tampering hook: re-sign the ID token of a token response with modified claims.
  provider.use(async (ctx: KoaContextWithOIDC, next: () => Promise<void>) => {
    await next();
    if (tamper && ctx.path === "/token" && ctx.status === 200 && ctx.body && typeof ctx.body === "object") {
      const body = ctx.body as { id_token?: string };
      if (body.id_token) body.id_token = await sign(tamper(decodeJwt(body.id_token)), foreignKey ? foreign : signingKey);
    }
  });

  async function sign(claims: JWTPayload, key: CryptoKey | Uint8Array = signingKey) {
    return new SignJWT(claims).setProtectedHeader({ alg: "RS256", kid: jwk.kid, typ: "JWT" }).sign(key);
  }

  const callback = provider.callback();
  server.on("request", (req, res) => {
    // Browsers ask for a favicon: a 404 would show as a console error in the end-to-end tests.
    if (req.url === "/favicon.ico") return void res.writeHead(204).end();
    const match = /^\/interaction\/([^/?]+)/.exec(req.url ?? "");
    if (!match) return void callback(req, res);
    interaction(req, res, match[1]).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });

  async function interaction(req: http.IncomingMessage, res: http.ServerResponse, uid: string) {
    const details = await provider.interactionDetails(req, res);
    if (req.method === "GET" && details.prompt.name === "consent") return finish(req, res, details, details.session!.accountId!);
    if (req.method === "GET") {
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(
        html(
          "ProConnect (fournisseur de test)",
          `<form method="post" action="/interaction/${escape(uid)}">
<p><label for="login">Identifiant de l'agent</label> <input id="login" name="login" autocomplete="username" required></p>
<p><button type="submit" name="action" value="connexion">Se connecter</button>
<button type="submit" name="action" value="refus" formnovalidate>Refuser</button></p></form>`,
        ),
      );
      return;
    }
    const body = new URLSearchParams(await readBody(req));
    if (body.get("action") === "refus") {
      return provider.interactionFinished(
        req,
        res,
        { error: "access_denied", error_description: "L'agent a refusé la connexion." },
        { mergeWithLastSubmission: false },
      );
    }
    const login = body.get("login") ?? "";
    if (!accounts.has(login)) {
      res.statusCode = 400;
      res.setHeader("Content-Type", "text/html; charset=utf-8");
      res.end(html("Identifiant inconnu", `<p>Aucun agent « ${escape(login)} » chez ce fournisseur de test.</p>`));
      return;
    }
    return finish(req, res, details, login);
  }

  async function finish(req: http.IncomingMessage, res: http.ServerResponse, details: InteractionDetails, accountId: string) {
    const params = details.params as { client_id: string; scope?: string; claims?: string };
    const grant = new provider.Grant({ accountId, clientId: params.client_id });
    grant.addOIDCScope(String(params.scope ?? "openid"));
    const missing = (details.prompt.details.missingOIDCClaims as string[] | undefined) ?? [];
    if (missing.length) grant.addOIDCClaims(missing);
    if (params.claims) {
      const requested = JSON.parse(params.claims) as { id_token?: Record<string, unknown>; userinfo?: Record<string, unknown> };
      grant.addOIDCClaims([...Object.keys(requested.id_token ?? {}), ...Object.keys(requested.userinfo ?? {})]);
    }
    const grantId = await grant.save();
    const acr = accounts.get(accountId)?.acr;
    await provider.interactionFinished(
      req,
      res,
      { login: { accountId, ...(acr ? { acr } : {}) }, consent: { grantId } },
      { mergeWithLastSubmission: false },
    );
  }

  return {
    issuer,
    clientId,
    clientSecret,
    accounts,
    tamperIdToken: (fn, options) => {
      tamper = fn;
      foreignKey = Boolean(options?.foreignKey);
    },
    sign: (claims) => sign(claims),
    sessionCount: () => {
      let n = 0;
      for (const [, row] of stores.get("Session") ?? []) {
        if (row.expiresAt > Date.now() && row.payload.accountId) n++;
      }
      return n;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function readBody(req: http.IncomingMessage) {
  return new Promise<string>((resolve, reject) => {
    let data = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => (data += chunk));
    req.on("end", () => resolve(data));
    req.on("error", reject);
  });
}

