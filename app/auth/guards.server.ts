// Throwing guards, so that loaders and actions read top to bottom.
import { redirect } from "@remix-run/node";
import { db } from "../db/db.server.ts";
import { schoolYearIdFor } from "../domain/school-year.ts";
import {
  hasRole,
  establishmentScope,
  type Actor,
  type RoleName,
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

export async function getActor(request: Request): Promise<Actor | null> {
  const sessionId = await readSessionId(request);
  if (!sessionId) return null;
  const session = await db.session.findUnique({
    where: { id: sessionId },
    include: {
      user: {
        include: {
          roles: { select: { role: true, academyId: true, establishmentId: true, schoolYearId: true } },
        },
      },
    },
  });
  if (!session || session.expiresAt.getTime() <= Date.now()) return null;
  const { user } = session;
  return { userId: user.id, email: user.email, firstName: user.firstName, lastName: user.lastName, roles: user.roles };
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
