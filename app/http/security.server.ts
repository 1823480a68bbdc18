// HTTP hardening: a per-request CSP nonce (enforced), anti-framing and sniffing headers,
// and an Origin check on every state-changing request (CSRF defence in depth with SameSite=Lax).
import { randomBytes } from "node:crypto";
import type { NextFunction, Request, Response } from "express";
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
    res.removeHeader("X-Powered-By");
    next();
  };
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function allowedOrigins(req: Request): string[] {
  const origins = [`${req.protocol}://${req.get("host")}`];
  if (process.env.APP_URL) origins.push(new URL(process.env.APP_URL).origin);
  return origins;
}

/** Any POST (or other unsafe method) must carry an Origin header naming this site. */
export function originCheck() {
  return (req: Request, res: Response, next: NextFunction) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin");
    if (origin && allowedOrigins(req).includes(origin)) return next();
    res
      .status(403)
      .type("text/plain; charset=utf-8")
      .send(
        origin
          ? `Requête refusée : elle provient d'un autre site (${origin}). Rechargez la page de la Plateforme RUPN et recommencez.`
          : "Requête refusée : l'origine de la requête est absente. Rechargez la page de la Plateforme RUPN et recommencez.",
      );
  };
}
