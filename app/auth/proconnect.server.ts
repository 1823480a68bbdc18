// ProConnect relying party (ADR 014): authorization code flow with PKCE, state and nonce through openid-client v6,
// signed ID token and userinfo checks, logout at the provider. The transient state of a sign-in lives in a short,
// signed, HttpOnly, SameSite=Lax cookie; nothing is written to the database before the provider has answered.
import * as oidc from "openid-client";
import { createCookie } from "@remix-run/node";
import { proConnectConfig, type ProConnectConfig } from "./proconnect-config.server.ts";
import { sessionSecrets } from "./secrets.server.ts";
import { secureCookies, currentSessionDetails } from "./session.server.ts";
import { publicOrigin } from "./origin.server.ts";

export const PROCONNECT_SCOPES = "openid email given_name usual_name uid siret idp_id";
export const CALLBACK_PATH = "/connexion/proconnect/retour";
export const LOGOUT_RETURN_PATH = "/deconnexion/retour";
/** How long a person has on the provider's pages before the sign-in must be started again. */
export const TRANSIENT_TTL_S = 10 * 60;
/** Provider calls (discovery, token, userinfo) give up after this many seconds: a stuck provider is a down one. */
const PROVIDER_TIMEOUT_S = 10;
const DISCOVERY_TTL_MS = 6 * 60 * 60 * 1000;

export type ProConnectErrorCode =
  | "denied"
  | "provider-error"
  | "expired"
  | "state"
  | "replayed"
  | "invalid-token"
  | "acr"
  | "claims"
  | "unavailable";

const MESSAGES: Record<ProConnectErrorCode, string> = {
  denied:
    "Vous avez refusé, sur ProConnect, de transmettre vos informations à la Plateforme RUPN : vous n'êtes pas connecté·e.",
  "provider-error": "ProConnect n'a pas pu vous identifier. Recommencez la connexion ; si le problème persiste, utilisez le lien par courriel.",
  expired:
    "Votre demande de connexion a expiré (plus de 10 minutes) ou a été commencée dans un autre navigateur. Recommencez la connexion.",
  state:
    "La réponse de ProConnect ne correspond pas à votre demande de connexion. Par sécurité, elle est refusée : recommencez depuis cette page.",
  replayed:
    "Ce retour de ProConnect a déjà été utilisé ou n'est plus valable. Par sécurité, il est refusé : recommencez la connexion.",
  "invalid-token":
    "La réponse de ProConnect n'a pas pu être vérifiée (jeton d'identité non valable). Par sécurité, la connexion est refusée.",
  acr: "Le niveau d'authentification de votre fournisseur d'identité est insuffisant pour la Plateforme RUPN.",
  claims:
    "ProConnect n'a pas transmis les informations nécessaires (adresse électronique et identifiant). La connexion est refusée.",
  unavailable:
    "ProConnect ne répond pas pour le moment. Réessayez dans quelques minutes, ou connectez-vous avec un lien reçu par courriel.",
};

export class ProConnectError extends Error {
  constructor(
    readonly code: ProConnectErrorCode,
    readonly status = code === "unavailable" ? 503 : 400,
    readonly detail?: string,
  ) {
    super(MESSAGES[code]);
  }
}

let cached: { key: string; at: number; config: Promise<oidc.Configuration> } | undefined;

/** Discovery, cached per process; a failure is not cached, so that the next attempt retries. */
export async function proConnectClient(settings = proConnectConfig()): Promise<oidc.Configuration> {
  if (!settings) throw new Error("ProConnect n'est pas configuré.");
  const key = `${settings.issuer.href}|${settings.clientId}|${settings.clientSecret}`;
  if (cached && cached.key === key && Date.now() - cached.at < DISCOVERY_TTL_MS) return cached.config;
  const config = discover(settings);
  cached = { key, at: Date.now(), config };
  config.catch(() => {
    if (cached?.config === config) cached = undefined;
  });
  return config;
}

async function discover(settings: ProConnectConfig) {
  try {
    const config = await oidc.discovery(
      settings.issuer,
      settings.clientId,
      {
        id_token_signed_response_alg: settings.signingAlg,
        userinfo_signed_response_alg: settings.signingAlg,
      },
      oidc.ClientSecretPost(settings.clientSecret),
      {
        timeout: PROVIDER_TIMEOUT_S,
        // Plain HTTP only for a loopback test provider with PROCONNECT_ALLOW_HTTP=1 (checked in proConnectConfig).
        execute: settings.allowHttp ? [oidc.allowInsecureRequests] : [],
      },
    );
    config.timeout = PROVIDER_TIMEOUT_S;
    // Verify the signatures of the ID token and of the userinfo JWT, not only their claims.
    oidc.enableNonRepudiationChecks(config);
    return config;
  } catch (error) {
    throw new ProConnectError("unavailable", 503, describe(error));
  }
}

export function forgetProConnectDiscovery() {
  cached = undefined;
}

type Transient = { state: string; nonce: string; verifier: string; redirectTo: string; exp: number };

let loginCookie: ReturnType<typeof createCookie> | undefined;
let logoutCookie: ReturnType<typeof createCookie> | undefined;
function transientCookie(name: string) {
  return createCookie(name, {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/",
    maxAge: TRANSIENT_TTL_S,
    secrets: sessionSecrets(),
  });
}
const signInCookie = () => (loginCookie ??= transientCookie("rupn_proconnect"));
const signOutCookie = () => (logoutCookie ??= transientCookie("rupn_proconnect_logout"));

export function callbackUrl(request: Request) {
  return `${publicOrigin(request)}${CALLBACK_PATH}`;
}

export function logoutReturnUrl(request: Request) {
  return `${publicOrigin(request)}${LOGOUT_RETURN_PATH}`;
}

/** Only a path of this site (never `//host` or a full URL) is kept as the destination after sign-in. */
export function safeRedirect(target: string | null | undefined) {
  if (!target || !target.startsWith("/") || target.startsWith("//") || target.startsWith("/\\")) return "/";
  return target;
}

/** Starts a sign-in: the provider's authorization URL, and the cookie that remembers state, nonce and PKCE verifier. */
export async function startProConnectSignIn(request: Request, redirectTo?: string | null) {
  const settings = proConnectConfig();
  const config = await proConnectClient(settings);
  const transient: Transient = {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    verifier: oidc.randomPKCECodeVerifier(),
    redirectTo: safeRedirect(redirectTo),
    exp: Date.now() + TRANSIENT_TTL_S * 1000,
  };
  const parameters: Record<string, string> = {
    redirect_uri: callbackUrl(request),
    scope: PROCONNECT_SCOPES,
    state: transient.state,
    nonce: transient.nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(transient.verifier),
    code_challenge_method: "S256",
  };
  if (settings!.acr.length) {
    parameters.acr_values = settings!.acr.join(" ");
    // ProConnect reads the essential acr claim request; acr_values alone is a hint.
    parameters.claims = JSON.stringify({ id_token: { acr: { essential: true, values: settings!.acr } } });
  }
  return {
    url: oidc.buildAuthorizationUrl(config, parameters).href,
    cookie: await signInCookie().serialize(transient),
  };
}

export type ProConnectIdentity = {
  sub: string;
  uid: string;
  idpId: string;
  siret: string | null;
  email: string;
  givenName: string | null;
  usualName: string | null;
  idToken: string;
  redirectTo: string;
};

/**
 * Finishes a sign-in from the provider's redirect: checks state, exchanges the code with the PKCE verifier, checks
 * the ID token (signature, issuer, audience, nonce, expiry, acr) and reads userinfo. Writes nothing.
 */
export async function completeProConnectSignIn(request: Request): Promise<ProConnectIdentity> {
  const settings = proConnectConfig();
  const params = new URL(request.url).searchParams;
  const transient = (await signInCookie().parse(request.headers.get("Cookie"))) as Transient | null;
  if (!transient || typeof transient.state !== "string" || transient.exp <= Date.now()) throw new ProConnectError("expired");
  if (params.get("state") !== transient.state) throw new ProConnectError("state");
  const providerError = params.get("error");
  if (providerError) {
    throw new ProConnectError(providerError === "access_denied" ? "denied" : "provider-error", 400, providerError);
  }
  const config = await proConnectClient(settings);
  // The redirect URI sent to the token endpoint must be the registered one, whatever proxy the request came through.
  const currentUrl = new URL(callbackUrl(request));
  for (const [name, value] of params) currentUrl.searchParams.append(name, value);
  let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
  try {
    tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: transient.verifier,
      expectedState: transient.state,
      expectedNonce: transient.nonce,
      idTokenExpected: true,
    });
  } catch (error) {
    throw classify(error);
  }
  const claims = tokens.claims();
  const idToken = tokens.id_token;
  if (!claims || !idToken) throw new ProConnectError("invalid-token");
  if (settings!.acr.length && !settings!.acr.includes(String(claims.acr ?? ""))) {
    throw new ProConnectError("acr", 403, String(claims.acr ?? "absent"));
  }
  let info: oidc.UserInfoResponse;
  try {
    info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub);
  } catch (error) {
    throw classify(error);
  }
  const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);
  const email = text(info.email);
  const uid = text(info.uid);
  const idpId = text(info.idp_id) ?? text(claims.idp_id);
  if (!email || !uid || !idpId) throw new ProConnectError("claims");
  return {
    sub: claims.sub,
    uid,
    idpId,
    siret: text(info.siret),
    email,
    givenName: text(info.given_name),
    usualName: text(info.usual_name),
    idToken,
    redirectTo: safeRedirect(transient.redirectTo),
  };
}

/** Clears the transient sign-in cookie (after any outcome: a state serves once). */
export function clearSignInCookie() {
  return signInCookie().serialize("", { maxAge: 0 });
}

function classify(error: unknown): ProConnectError {
  if (error instanceof ProConnectError) return error;
  if (error instanceof oidc.ResponseBodyError) {
    if (error.status >= 500) return new ProConnectError("unavailable", 503, describe(error));
    if (error.error === "invalid_grant") return new ProConnectError("replayed", 400, describe(error));
    return new ProConnectError("provider-error", 400, describe(error));
  }
  if (error instanceof oidc.AuthorizationResponseError) {
    return new ProConnectError(error.error === "access_denied" ? "denied" : "provider-error", 400, describe(error));
  }
  // Network failures and timeouts surface as TypeError/DOMException; an HTTP 5xx without an OAuth body as "not conform".
  if (error instanceof TypeError || (error instanceof Error && error.name === "TimeoutError")) {
    return new ProConnectError("unavailable", 503, describe(error));
  }
  if (error instanceof oidc.ClientError && error.code === "OAUTH_RESPONSE_IS_NOT_CONFORM") {
    return new ProConnectError("unavailable", 503, describe(error));
  }
  return new ProConnectError("invalid-token", 400, describe(error));
}

function describe(error: unknown) {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${code ? `${code} : ` : ""}${error.message}${cause}`;
}

/**
 * The provider's end-session URL for the current session when it was opened with ProConnect, with its
 * `id_token_hint` and a `state` remembered in a cookie; null otherwise, or when the provider cannot be reached
 * (the local session is closed anyway).
 */
export async function proConnectLogout(request: Request): Promise<{ url: string; cookie: string } | null> {
  const session = await currentSessionDetails(request);
  if (!session || session.method !== "proconnect" || !session.idToken) return null;
  let config: oidc.Configuration;
  try {
    config = await proConnectClient();
  } catch {
    return null;
  }
  if (!config.serverMetadata().end_session_endpoint) return null;
  const state = oidc.randomState();
  const url = oidc.buildEndSessionUrl(config, {
    id_token_hint: session.idToken,
    state,
    post_logout_redirect_uri: logoutReturnUrl(request),
  });
  return { url: url.href, cookie: await signOutCookie().serialize({ state, exp: Date.now() + TRANSIENT_TTL_S * 1000 }) };
}

/** True when the provider sent the person back with the state of the logout this browser started. */
export async function checkLogoutReturn(request: Request) {
  const saved = (await signOutCookie().parse(request.headers.get("Cookie"))) as { state?: string; exp?: number } | null;
  const state = new URL(request.url).searchParams.get("state");
  return Boolean(saved?.state && state === saved.state && (saved.exp ?? 0) > Date.now());
}

export function clearLogoutCookie() {
  return signOutCookie().serialize("", { maxAge: 0 });
}
