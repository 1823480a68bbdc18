// Sign-in by email link: single-use token, only its SHA-256 stored, 15-minute expiry,
// rate-limited (counted in the token table itself) so that nobody else can block a person's sign-in (ADR 013):
// - per (address, IP): a third party asking for someone's links exhausts only their own pair, not the victim's;
// - per IP: one machine cannot flood many addresses;
// - per address, a much higher ceiling across all IPs: a distributed flood still ends, but it takes many machines.
// The IP is the TCP peer unless TRUST_PROXY is set: behind a reverse proxy without it, every user shares the
// proxy's address and the per-IP limit would become global.
import { createHash, randomBytes } from "node:crypto";
import { db } from "../db/db.server.ts";
import { enqueueMail } from "../services/outbox.server.ts";
import { audit } from "../services/audit.server.ts";

export const TOKEN_TTL_MS = 15 * 60 * 1000;
export const RATE_WINDOW_MS = 15 * 60 * 1000;
// Configurable so that the end-to-end suite, which signs every demo account in many times from 127.0.0.1,
// stays within the limits; the defaults are the production values (tested in test/integration/sign-in.test.ts).
export const MAX_LINKS_PER_EMAIL_AND_IP = Number(process.env.SIGNIN_LINKS_PER_EMAIL ?? 5);
export const MAX_LINKS_PER_EMAIL = Number(process.env.SIGNIN_LINKS_PER_EMAIL_GLOBAL ?? 50);
export const MAX_LINKS_PER_IP = Number(process.env.SIGNIN_LINKS_PER_IP ?? 30);

export function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

export function normaliseEmail(email: string) {
  return email.trim().toLowerCase();
}

export class SignInError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/**
 * Sends a link when the address belongs to a user; answers the same either way so that
 * the form does not reveal who has an account. Returns whether a mail was queued (for tests/logs).
 */
export async function requestSignInLink(input: { email: string; ip: string | null; origin: string }) {
  const email = normaliseEmail(input.email);
  const since = new Date(Date.now() - RATE_WINDOW_MS);
  const [byEmail, byEmailAndIp, byIp] = await Promise.all([
    db.loginToken.count({ where: { email, createdAt: { gte: since } } }),
    db.loginToken.count({ where: { email, ip: input.ip, createdAt: { gte: since } } }),
    input.ip ? db.loginToken.count({ where: { ip: input.ip, createdAt: { gte: since } } }) : 0,
  ]);
  if (byEmailAndIp >= MAX_LINKS_PER_EMAIL_AND_IP || byEmail >= MAX_LINKS_PER_EMAIL || byIp >= MAX_LINKS_PER_IP) {
    throw new SignInError(
      "Trop de demandes de lien de connexion en peu de temps. Réessayez dans un quart d'heure.",
      429,
    );
  }
  const user = await db.user.findUnique({ where: { email } });
  const token = randomBytes(32).toString("base64url");
  await db.$transaction(async (tx) => {
    // The attempt is recorded even for an unknown address: it counts towards the rate limit.
    await tx.loginToken.create({
      data: { email, tokenHash: hashToken(token), ip: input.ip, expiresAt: new Date(Date.now() + TOKEN_TTL_MS) },
    });
    if (!user) return;
    const link = `${input.origin}/connexion/verifier?jeton=${encodeURIComponent(token)}`;
    await enqueueMail(tx, {
      kind: "sign-in-link",
      to: email,
      subject: "Votre lien de connexion à la Plateforme RUPN",
      text:
        `Bonjour ${user.firstName},\n\n` +
        `Pour vous connecter à la Plateforme RUPN, ouvrez ce lien (valable 15 minutes, utilisable une seule fois) :\n\n` +
        `${link}\n\n` +
        `Si vous n'avez pas demandé ce lien, ignorez ce message : personne ne peut se connecter sans lui.\n`,
    });
  });
  return { queued: Boolean(user) };
}

/** Checks a token without consuming it, for the confirmation page. */
export async function inspectSignInToken(token: string) {
  const row = await db.loginToken.findUnique({ where: { tokenHash: hashToken(token) } });
  return validateRow(row);
}

function validateRow(row: { usedAt: Date | null; expiresAt: Date; email: string } | null) {
  if (!row) throw new SignInError("Ce lien de connexion n'est pas valide. Demandez un nouveau lien.", 400);
  if (row.usedAt) throw new SignInError("Ce lien de connexion a déjà été utilisé. Demandez un nouveau lien.", 400);
  if (row.expiresAt.getTime() <= Date.now()) {
    throw new SignInError("Ce lien de connexion a expiré (validité : 15 minutes). Demandez un nouveau lien.", 400);
  }
  return row;
}

/** Consumes the token atomically (a second use, even concurrent, fails) and returns the user id. */
export async function consumeSignInToken(token: string, ip: string | null): Promise<string> {
  const tokenHash = hashToken(token);
  return db.$transaction(async (tx) => {
    const row = validateRow(await tx.loginToken.findUnique({ where: { tokenHash } }));
    const user = await tx.user.findUnique({ where: { email: row.email } });
    if (!user) throw new SignInError("Ce lien de connexion n'est pas valide. Demandez un nouveau lien.", 400);
    const { count } = await tx.loginToken.updateMany({
      where: { tokenHash, usedAt: null, expiresAt: { gt: new Date() } },
      data: { usedAt: new Date() },
    });
    if (count !== 1) throw new SignInError("Ce lien de connexion a déjà été utilisé. Demandez un nouveau lien.", 400);
    await audit(tx, { actorId: user.id, action: "sign-in", entityType: "User", entityId: user.id, summary: { method: "email-link" }, ip });
    return user.id;
  });
}
