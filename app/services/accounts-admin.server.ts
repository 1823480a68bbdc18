// The administrator's view of accounts (ADR 014): sign-in methods, linked ProConnect identities, recent sign-ins,
// and unlinking an identity. ADMIN only, checked here as well as in the routes.
import { db } from "../db/db.server.ts";
import { hasRole, type Actor } from "../domain/permissions.ts";
import { currentSchoolYearId, forbidden, notFound } from "../auth/guards.server.ts";
import { audit } from "./audit.server.ts";
import { PROCONNECT_IDP } from "./linked-identities.server.ts";

export const ACCOUNTS_PAGE_SIZE = 50;

function assertAdmin(actor: Actor) {
  if (!hasRole(actor, { roles: ["ADMIN"] }, currentSchoolYearId())) forbidden();
}

export async function listAccounts(actor: Actor, options: { query?: string; page?: number }) {
  assertAdmin(actor);
  const q = options.query?.trim();
  const where = q
    ? {
        OR: [
          { email: { contains: q, mode: "insensitive" as const } },
          { lastName: { contains: q, mode: "insensitive" as const } },
          { firstName: { contains: q, mode: "insensitive" as const } },
        ],
      }
    : {};
  const page = Math.max(1, Math.floor(options.page ?? 1));
  const [total, users] = await Promise.all([
    db.user.count({ where }),
    db.user.findMany({
      where,
      orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { email: "asc" }],
      skip: (page - 1) * ACCOUNTS_PAGE_SIZE,
      take: ACCOUNTS_PAGE_SIZE,
      select: {
        id: true,
        email: true,
        firstName: true,
        lastName: true,
        roles: { select: { role: true, schoolYearId: true } },
        identities: { select: { idp: true, idpId: true } },
      },
    }),
  ]);
  const lastSignIns = await db.auditEvent.groupBy({
    by: ["actorId"],
    where: { action: "sign-in", actorId: { in: users.map((u) => u.id) } },
    _max: { createdAt: true },
  });
  const last = new Map(lastSignIns.map((row) => [row.actorId, row._max.createdAt]));
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / ACCOUNTS_PAGE_SIZE)),
    accounts: users.map((u) => ({ ...u, lastSignInAt: last.get(u.id) ?? null })),
  };
}

export async function accountDetail(actor: Actor, userId: string) {
  assertAdmin(actor);
  const user = await db.user.findUnique({
    where: { id: userId },
    select: {
      id: true,
      email: true,
      firstName: true,
      lastName: true,
      createdAt: true,
      roles: {
        orderBy: { createdAt: "asc" },
        select: { id: true, role: true, schoolYearId: true, academy: { select: { name: true } }, establishment: { select: { name: true, uai: true } } },
      },
      identities: { orderBy: { createdAt: "asc" } },
    },
  });
  if (!user) notFound("Ce compte n'existe pas.");
  const [signIns, sessions] = await Promise.all([
    db.auditEvent.findMany({
      where: { actorId: userId, action: "sign-in" },
      orderBy: { createdAt: "desc" },
      take: 10,
      select: { id: true, createdAt: true, summary: true, ip: true },
    }),
    db.session.groupBy({ by: ["method"], where: { userId, expiresAt: { gt: new Date() } }, _count: { _all: true } }),
  ]);
  return {
    user,
    signIns: signIns.map((s) => ({ ...s, method: methodOf(s.summary) })),
    openSessions: sessions.map((s) => ({ method: s.method, count: s._count._all })),
  };
}

function methodOf(summary: unknown) {
  const method = summary && typeof summary === "object" && "method" in summary ? String(summary.method) : null;
  return method ?? "email-link";
}

/** Removes a linked identity; the sessions it opened end with it. The next ProConnect sign-in links again by email. */
export async function unlinkIdentity(actor: Actor, userId: string, identityId: string, ip: string | null) {
  assertAdmin(actor);
  await db.$transaction(async (tx) => {
    const identity = await tx.linkedIdentity.findFirst({ where: { id: identityId, userId } });
    if (!identity) notFound("Cette identité n'est plus reliée à ce compte.");
    await tx.linkedIdentity.delete({ where: { id: identity.id } });
    const { count } = await tx.session.deleteMany({ where: { userId, method: PROCONNECT_IDP } });
    await audit(tx, {
      actorId: actor.userId,
      action: "identity-unlinked",
      entityType: "LinkedIdentity",
      entityId: identity.id,
      summary: { userId, idp: identity.idp, idpId: identity.idpId, uid: identity.uid, siret: identity.siret, sessionsClosed: count },
      ip,
    });
  });
}
