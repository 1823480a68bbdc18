// ProConnect settings from the environment (ADR 014). No I/O: read by the sign-in pages, the CSP and the boot check.

export type ProConnectConfig = {
  issuer: URL;
  clientId: string;
  clientSecret: string;
  /** Accepted `acr` values, empty when any is accepted. */
  acr: string[];
  /** Signing algorithm registered for the ID token and the userinfo response. */
  signingAlg: string;
  /** Plain-HTTP issuer on a loopback address: only with PROCONNECT_ALLOW_HTTP=1 (tests, local provider). */
  allowHttp: boolean;
};

export class ProConnectConfigError extends Error {}

type Env = Record<string, string | undefined>;

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/** The ProConnect settings, or null when ProConnect is not configured. Throws on a half or unsafe configuration. */
export function proConnectConfig(env: Env = process.env): ProConnectConfig | null {
  const issuer = env.PROCONNECT_ISSUER?.trim();
  const clientId = env.PROCONNECT_CLIENT_ID?.trim();
  const clientSecret = env.PROCONNECT_CLIENT_SECRET?.trim();
  if (!issuer && !clientId && !clientSecret) return null;
  const missing = [
    ["PROCONNECT_ISSUER", issuer],
    ["PROCONNECT_CLIENT_ID", clientId],
    ["PROCONNECT_CLIENT_SECRET", clientSecret],
  ]
    .filter(([, value]) => !value)
    .map(([name]) => name);
  if (missing.length) {
    throw new ProConnectConfigError(`ProConnect est partiellement configuré : définissez aussi ${missing.join(" et ")}.`);
  }
  const url = URL.parse(issuer!);
  if (!url || !["https:", "http:"].includes(url.protocol)) {
    throw new ProConnectConfigError(`PROCONNECT_ISSUER n'est pas une adresse web valide : « ${issuer} ».`);
  }
  const allowHttp = env.PROCONNECT_ALLOW_HTTP === "1";
  if (url.protocol === "http:" && !(allowHttp && LOOPBACK.has(url.hostname))) {
    throw new ProConnectConfigError(
      "PROCONNECT_ISSUER doit être en https. Le http n'est accepté que pour un fournisseur local de test " +
        "(adresse 127.0.0.1 ou localhost) avec PROCONNECT_ALLOW_HTTP=1.",
    );
  }
  const acr = (env.PROCONNECT_ACR ?? "")
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean);
  return {
    issuer: url,
    clientId: clientId!,
    clientSecret: clientSecret!,
    acr,
    signingAlg: env.PROCONNECT_SIGNING_ALG?.trim() || "RS256",
    allowHttp: url.protocol === "http:",
  };
}

/** Email-link sign-in stays on unless EMAIL_LINK_SIGNIN=off (then ProConnect must be configured). */
export function emailLinkSignInEnabled(env: Env = process.env) {
  return (env.EMAIL_LINK_SIGNIN ?? "on").trim().toLowerCase() !== "off";
}

/** Boot check: a wrong configuration stops `npm start` with a French message rather than failing at sign-in. */
export function checkSignInConfiguration(env: Env = process.env) {
  const proConnect = proConnectConfig(env);
  if (!emailLinkSignInEnabled(env) && !proConnect) {
    throw new ProConnectConfigError(
      "EMAIL_LINK_SIGNIN=off exige ProConnect (PROCONNECT_ISSUER, PROCONNECT_CLIENT_ID, PROCONNECT_CLIENT_SECRET) : " +
        "sinon personne ne pourrait se connecter.",
    );
  }
  return { proConnect: Boolean(proConnect), emailLink: emailLinkSignInEnabled(env) };
}

/** Origins a sign-out form may be redirected to (CSP form-action): the provider's, when ProConnect is on. */
export function proConnectFormActionOrigins(env: Env = process.env): string[] {
  try {
    const config = proConnectConfig(env);
    return config ? [config.issuer.origin] : [];
  } catch {
    return [];
  }
}
