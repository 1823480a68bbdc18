// DB-backed sessions: the signed cookie carries only a random session id.
import { randomBytes } from "node:crypto";
import { createCookie } from "@remix-run/node";
import { db } from "../db/db.server.ts";
import { sessionSecrets } from "./secrets.server.ts";

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;
const COOKIE_NAME = "rupn_session";

export function secureCookies() {
  // Browsers accept Secure cookies on http://localhost, so production keeps the flag even for the demo.
  return process.env.NODE_ENV === "production" && process.env.COOKIE_INSECURE !== "1";
}

let cookie: ReturnType<typeof createCookie> | undefined;
function sessionCookie() {
  cookie ??= createCookie(COOKIE_NAME, {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
    path: "/",
    // First secret signs; the others still verify, so a secret can be rotated without signing everyone out.
    secrets: sessionSecrets(),
  });
  return cookie;
}

export async function readSessionId(request: Request): Promise<string | null> {
  const value = await sessionCookie().parse(request.headers.get("Cookie"));
  return typeof value === "string" ? value : null;
}

type SessionWriter = { session: { create: typeof db.session.create } };

/**
 * Opens a session and returns its Set-Cookie header. `method` and the ProConnect ID token (kept for logout at the
 * provider) are recorded with it; `client` lets a caller open it inside its own transaction.
 */
export async function createSession(
  userId: string,
  options: { method?: "email-link" | "proconnect"; idToken?: string } = {},
  client: SessionWriter = db,
): Promise<string> {
  const id = randomBytes(32).toString("base64url");
  await client.session.create({
    data: { id, userId, expiresAt: new Date(Date.now() + SESSION_TTL_MS), method: options.method ?? "email-link", idToken: options.idToken ?? null },
  });
  return sessionCookie().serialize(id, { maxAge: SESSION_TTL_MS / 1000 });
}

/** The current session's sign-in method and ProConnect ID token, for logout at the provider. */
export async function currentSessionDetails(request: Request) {
  const id = await readSessionId(request);
  if (!id) return null;
  return db.session.findUnique({ where: { id }, select: { userId: true, method: true, idToken: true, expiresAt: true } });
}

export async function destroySession(request: Request): Promise<string> {
  const id = await readSessionId(request);
  if (id) await db.session.deleteMany({ where: { id } });
  return sessionCookie().serialize("", { maxAge: 0 });
}
