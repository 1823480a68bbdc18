// Read API tokens (ADR 021): a DANE creates and revokes the tokens of its académie, an administrator those of any
// académie and the national ones. Only the SHA-256 of a token is stored; the clear token is returned once.
import { createHash, randomBytes } from "node:crypto";
import { db } from "../../db/db.server.ts";
import { audit } from "../audit.server.ts";
import { activeGrants, type Actor } from "../../domain/permissions.ts";
import { currentSchoolYearId } from "../../auth/guards.server.ts";
import { SHOWN_PREFIX_LENGTH, TOKEN_PATTERN, TOKEN_PREFIX, tokenExpiry, tokenRefusal, type ApiResource } from "../../domain/api/tokens.ts";

export class ApiTokenError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

const NOT_FOUND = "Ce jeton n'existe pas ou vous n'y avez pas accès.";

export function hashToken(token: string) {
  return createHash("sha256").update(token).digest("hex");
}

/** The académies whose tokens the actor manages: every one (and national tokens) for an administrator. */
export function tokenManagement(actor: Actor): { admin: boolean; academyIds: string[] } {
  const grants = activeGrants(actor, currentSchoolYearId());
  const admin = grants.some((g) => g.role === "ADMIN");
  return { admin, academyIds: [...new Set(grants.filter((g) => g.role === "DANE").map((g) => g.academyId))] };
}

export function mayManageTokens(actor: Actor) {
  const m = tokenManagement(actor);
  return m.admin || m.academyIds.length > 0;
}

function managedWhere(actor: Actor) {
  const m = tokenManagement(actor);
  if (m.admin) return {};
  if (!m.academyIds.length) throw new ApiTokenError(404, "Cette page n'existe pas ou vous n'y avez pas accès.");
  return { academyId: { in: m.academyIds } };
}

/** The tokens the actor manages, newest first, with the académies it may create tokens for. */
export async function listApiTokens(actor: Actor) {
  const where = managedWhere(actor);
  const m = tokenManagement(actor);
  const [tokens, academies] = await Promise.all([
    db.apiToken.findMany({ where, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take: 500 }),
    db.academy.findMany({ where: m.admin ? {} : { id: { in: m.academyIds } }, select: { id: true, name: true }, orderBy: { name: "asc" } }),
  ]);
  const people = await db.user.findMany({
    where: { id: { in: [...new Set(tokens.flatMap((t) => [t.createdById, t.revokedById ?? ""]))] } },
    select: { id: true, firstName: true, lastName: true },
  });
  const nameOf = (id: string | null) => {
    const p = people.find((u) => u.id === id);
    return p ? `${p.firstName} ${p.lastName}` : null;
  };
  const academyName = new Map(academies.map((a) => [a.id, a.name]));
  const missing = tokens.filter((t) => t.academyId && !academyName.has(t.academyId)).map((t) => t.academyId!);
  if (missing.length) for (const a of await db.academy.findMany({ where: { id: { in: missing } }, select: { id: true, name: true } })) academyName.set(a.id, a.name);
  return {
    admin: m.admin,
    academies,
    tokens: tokens.map((t) => ({
      id: t.id,
      name: t.name,
      prefix: t.prefix,
      academyName: t.academyId ? (academyName.get(t.academyId) ?? t.academyId) : null,
      resources: t.resources as ApiResource[],
      personalData: t.personalData,
      expiresAt: t.expiresAt,
      lastUsedAt: t.lastUsedAt,
      createdAt: t.createdAt,
      createdBy: nameOf(t.createdById),
      revokedAt: t.revokedAt,
      revokedBy: nameOf(t.revokedById),
    })),
  };
}

export type NewApiToken = {
  name: string;
  /** An académie id, or "national" (administrators only). */
  scope: string;
  resources: ApiResource[];
  personalData: boolean;
  /** Last day of validity, YYYY-MM-DD (Paris). */
  expiresOn: string;
};

/** Creates a token; returns the clear token, which is never stored and cannot be shown again. */
export async function createApiToken(actor: Actor, input: NewApiToken, ip: string | null, now = new Date()) {
  const m = tokenManagement(actor);
  if (!m.admin && !m.academyIds.length) throw new ApiTokenError(404, "Cette page n'existe pas ou vous n'y avez pas accès.");
  let academyId: string | null;
  if (input.scope === "national") {
    if (!m.admin) throw new ApiTokenError(403, "Seul un administrateur peut créer un jeton national.");
    academyId = null;
  } else {
    const allowed = m.admin ? (await db.academy.count({ where: { id: input.scope } })) > 0 : m.academyIds.includes(input.scope);
    if (!allowed) throw new ApiTokenError(404, "Cette académie n'existe pas ou vous n'y avez pas accès.");
    academyId = input.scope;
  }
  const expiry = tokenExpiry(input.expiresOn, now);
  if ("error" in expiry) throw new ApiTokenError(400, expiry.error);
  const token = TOKEN_PREFIX + randomBytes(32).toString("base64url");
  const created = await db.$transaction(async (tx) => {
    const row = await tx.apiToken.create({
      data: {
        name: input.name,
        tokenHash: hashToken(token),
        prefix: token.slice(0, SHOWN_PREFIX_LENGTH),
        academyId,
        resources: [...new Set(input.resources)],
        personalData: input.personalData,
        expiresAt: expiry.expiresAt,
        createdById: actor.userId,
      },
    });
    await audit(tx, {
      actorId: actor.userId,
      action: "api-token.create",
      entityType: "ApiToken",
      entityId: row.id,
      summary: { name: row.name, academyId, resources: row.resources, personalData: row.personalData, expiresAt: row.expiresAt.toISOString() },
      ip,
    });
    return row;
  });
  return { id: created.id, token, name: created.name, expiresAt: created.expiresAt };
}

/** Revokes a token of the actor's scope at once; a token of another académie is a 404. */
export async function revokeApiToken(actor: Actor, id: string, ip: string | null) {
  const where = managedWhere(actor);
  return db.$transaction(async (tx) => {
    const token = await tx.apiToken.findFirst({ where: { id, ...where } });
    if (!token) throw new ApiTokenError(404, NOT_FOUND);
    if (token.revokedAt) throw new ApiTokenError(409, `Le jeton « ${token.name} » est déjà révoqué.`);
    const revoked = await tx.apiToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: new Date(), revokedById: actor.userId } });
    if (revoked.count !== 1) throw new ApiTokenError(409, `Le jeton « ${token.name} » est déjà révoqué.`);
    await audit(tx, { actorId: actor.userId, action: "api-token.revoke", entityType: "ApiToken", entityId: id, summary: { name: token.name }, ip });
    return { name: token.name };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Authentication of an API call.

export type ApiPrincipal = {
  tokenId: string;
  name: string;
  /** null = national. */
  academyId: string | null;
  resources: ApiResource[];
  personalData: boolean;
};

export class ApiAuthError extends Error {
  constructor(
    public status: 401 | 403,
    message: string,
  ) {
    super(message);
  }
}

type TokenRow = {
  id: string;
  name: string;
  academyId: string | null;
  resources: string[];
  personalData: boolean;
  expiresAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  creatorEntitled: boolean;
};

/** lastUsedAt is written at most once a minute per token and process: a busy client costs no write per call. */
const LAST_USED_PRECISION_MS = 60_000;
const lastUsedWritten = new Map<string, number>();

/** The clear token of an `Authorization: Bearer …` header, or null. Cookies are never read. */
export function bearerToken(request: Request): string | null {
  const header = request.headers.get("authorization");
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match ? match[1] : "";
}

/**
 * The token's principal. One indexed statement: the token by its hash, and whether its creator still holds the
 * right to create it (a DANE who left the académie takes its tokens' access along).
 */
export async function authenticateApiToken(token: string | null, now = new Date()): Promise<ApiPrincipal> {
  if (token === null) throw new ApiAuthError(401, "Authentification requise : envoyez votre jeton d'API dans l'en-tête « Authorization: Bearer rupn_… ».");
  if (!TOKEN_PATTERN.test(token)) throw new ApiAuthError(401, "Jeton d'API inconnu : vérifiez l'en-tête « Authorization: Bearer rupn_… ».");
  const [row] = await db.$queryRaw<TokenRow[]>`
    SELECT t.id, t.name, t."academyId", t.resources, t."personalData", t."expiresAt", t."revokedAt", t."lastUsedAt",
      EXISTS (SELECT 1 FROM "RoleAssignment" r WHERE r."userId" = t."createdById"
        AND (r.role = 'ADMIN' OR (r.role = 'DANE' AND r."academyId" = t."academyId"))) AS "creatorEntitled"
    FROM "ApiToken" t WHERE t."tokenHash" = ${hashToken(token)}`;
  if (!row) throw new ApiAuthError(401, "Jeton d'API inconnu : vérifiez l'en-tête « Authorization: Bearer rupn_… ».");
  const refusal = tokenRefusal(row, now);
  if (refusal) throw new ApiAuthError(401, refusal);
  if (!row.creatorEntitled) throw new ApiAuthError(401, "Ce jeton d'API n'est plus valable : la personne qui l'a créé n'a plus les droits nécessaires. Demandez un nouveau jeton.");
  const written = lastUsedWritten.get(row.id) ?? row.lastUsedAt?.getTime() ?? 0;
  if (now.getTime() - written >= LAST_USED_PRECISION_MS) {
    lastUsedWritten.set(row.id, now.getTime());
    await db.apiToken.updateMany({ where: { id: row.id }, data: { lastUsedAt: now } });
  }
  return { tokenId: row.id, name: row.name, academyId: row.academyId, resources: row.resources as ApiResource[], personalData: row.personalData };
}
