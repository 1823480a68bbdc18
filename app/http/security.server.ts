// HTTP hardening: a per-request CSP nonce (enforced), anti-framing and sniffing headers,
// and an Origin check on every state-changing request (CSRF defence in depth with SameSite=Lax).
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { appIsHttps, appOrigin, isDemoMode } from "../auth/origin.server.ts";
import { sendError } from "./boundary.server.ts";
import { proConnectFormActionOrigins } from "../auth/proconnect-config.server.ts";

export function contentSecurityPolicy(nonce: string, dev: boolean) {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    // SurveyJS and recharts set inline styles at run time (ADR 005).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    // Signing out of a ProConnect session redirects the sign-out form to the provider (ADR 013).
    ["form-action 'self'", ...proConnectFormActionOrigins()].join(" "),
    "object-src 'none'",
  ].join("; ");
}

export function securityHeaders(dev: boolean) {
  return (_req: Request, res: Response, next: NextFunction) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader("Content-Security-Policy", contentSecurityPolicy(nonce, dev));
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Referrer-Policy", "strict-origin-when-cross-origin");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    // HSTS only when the public origin is https: sent over plain http it would be ignored, and on localhost harmful.
    if (appIsHttps()) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    res.removeHeader("X-Powered-By");
    next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * The origins whose forms may post here: the public origin only (never derived from the Host header). The demo
 * listens on loopback only, so its loopback spellings (127.0.0.1, [::1]) are accepted as well.
 */
export function allowedOrigins(): string[] {
  const origin = appOrigin();
  if (!isDemoMode() || process.env.APP_URL) return [origin];
  const port = new URL(origin).port;
  return [origin, `http://127.0.0.1:${port}`, `http://[::1]:${port}`];
}

/** Any POST (or other unsafe method) must carry an Origin header naming this site. */
export function originCheck() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    if (origin && allowedOrigins().includes(origin)) return next();
    sendError(
      req,
      res,
      403,
      "Requête refusée",
      origin
        ? `Requête refusée : elle provient d'un autre site (${origin.slice(0, 200)}). Rechargez la page de la Plateforme RUPN et recommencez.`
        : "Requête refusée : l'origine de la requête est absente. Rechargez la page de la Plateforme RUPN et recommencez.",
    );
  };
}
