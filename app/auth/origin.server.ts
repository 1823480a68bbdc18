// The platform's one public origin (ADR 013). Mailed links and the allowed Origin of state-changing requests
// come from APP_URL, never from the request's Host or forwarded headers, which an attacker chooses.
// Demo mode (embedded database, no APP_URL): http://localhost:PORT, the only address the demo listens on.

export class OriginConfigError extends Error {}

/** Whether this process runs the demo (embedded PostgreSQL started by `npm start`). */
export function isDemoMode() {
  return process.env.RUPN_EMBEDDED_DB === "1";
}

/** Parses APP_URL; throws a French message when it is not an absolute http(s) URL. */
export function parseAppUrl(value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new OriginConfigError(`APP_URL n'est pas une adresse valide : « ${value} » (exemple : https://rupn.ac-rennes.fr).`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new OriginConfigError(`APP_URL doit commencer par https:// (ou http:// en local) : « ${value} ».`);
  }
  return url;
}

/** The public origin, e.g. "https://rupn.ac-rennes.fr" or, in demo mode and tests, "http://localhost:3000". */
export function appOrigin(): string {
  if (process.env.APP_URL) return parseAppUrl(process.env.APP_URL).origin;
  return `http://localhost:${Number(process.env.PORT ?? 3000)}`;
}

/** Whether the public origin is served over https (HSTS is then sent). */
export function appIsHttps() {
  return appOrigin().startsWith("https://");
}

/**
 * Origin used in links sent by mail. Kept with its request parameter for the call sites; the request is
 * deliberately ignored (Host header injection, issue #12).
 */
export function publicOrigin(_request?: Request) {
  return appOrigin();
}

/**
 * Refuses to start a production server without APP_URL: without it, links would point at localhost.
 * Returns the French reason, or null when the configuration is usable.
 */
export function originConfigProblem(): string | null {
  if (process.env.APP_URL) {
    try {
      parseAppUrl(process.env.APP_URL);
      return null;
    } catch (error) {
      return (error as Error).message;
    }
  }
  if (process.env.NODE_ENV === "production" && !isDemoMode()) {
    return "APP_URL est obligatoire en production (adresse publique de la plateforme, par exemple https://rupn.ac-rennes.fr) : les liens envoyés par courriel et l'origine autorisée des formulaires en dépendent.";
  }
  return null;
}
