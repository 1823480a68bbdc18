// Throwing guards, so that loaders and actions read top to bottom.
import { redirect } from "@remix-run/node";
import { db } from "../db/db.server.ts";
import { schoolYearIdFor } from "../domain/school-year.ts";
import {
  hasRole,
  establishmentScope,
  type Actor,
  type RoleName,
  type RoleGrant,
  type EstablishmentScope,
} from "../domain/permissions.ts";
import { readSessionId } from "./session.server.ts";

export function currentSchoolYearId(now = new Date()) {
  return schoolYearIdFor(now);
}

export function httpError(status: number, message: string): Response {
  return new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

export function notFound(message = "Cette page n'existe pas ou vous n'y avez pas accès."): never {
  throw httpError(404, message);
}

export function forbidden(message = "Vous n'avez pas les droits nécessaires pour cette action."): never {
  throw httpError(403, message);
}

export function badRequest(message: string): never {
  throw httpError(400, message);
}

type ActorRow = { userId: string; email: string; firstName: string; lastName: string; expiresAt: Date; roles: RoleGrant[] };

/**
 * The signed-in user and their role grants, or null. Runs on every request: one statement (session, user and
 * grants in assignment order) rather than three Prisma round trips (ADR 011).
 */
export async function getActor(request: Request): Promise<Actor | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const [row] = await db.$queryRaw<ActorRow[]>`
    SELECT u.id AS "userId", u.email, u."firstName", u."lastName", s."expiresAt",
      COALESCE((SELECT json_agg(json_build_object('role', r.role, 'academyId', r."academyId",
          'establishmentId', r."establishmentId", 'schoolYearId', r."schoolYearId") ORDER BY r."createdAt", r.id)
        FROM "RoleAssignment" r WHERE r."userId" = u.id), '[]'::json) AS roles
    FROM "Session" s JOIN "User" u ON u.id = s."userId"
    WHERE s.id = ${sessionId}`;
  if (!row || row.expiresAt.getTime() <= Date.now()) return null;
  return { userId: row.userId, email: row.email, firstName: row.firstName, lastName: row.lastName, roles: row.roles };
}

export async function requireUser(request: Request): Promise<Actor> {
  const actor = await getActor(request);
  if (!actor) {
    const url = new URL(request.url);
    const redirectTo = `${url.pathname}${url.search}`;
    throw redirect(`/connexion?redirection=${encodeURIComponent(redirectTo)}`);
  }
  return actor;
}

export type Scope = { establishment: { id: string; academyId: string } } | { academyId: string } | undefined;

/**
 * Requires one of the roles, applying to the given establishment or académie when one is given.
 * Signed-out users are sent to the sign-in page; others get a 403.
 */
export async function requireRole(request: Request, roles: RoleName[], scope?: Scope): Promise<Actor> {
  const actor = await requireUser(request);
  const ok = hasRole(
    actor,
    {
      roles,
      establishment: scope && "establishment" in scope ? scope.establishment : undefined,
      academyId: scope && "academyId" in scope ? scope.academyId : undefined,
    },
    currentSchoolYearId(),
  );
  if (!ok) forbidden();
  return actor;
}

export function scopeOf(actor: Actor): EstablishmentScope {
  return establishmentScope(actor, currentSchoolYearId());
}
