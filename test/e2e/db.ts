// The end-to-end server's database, for a spec's own data and for checks against what the pages show.
import { randomUUID } from "node:crypto";
import pg from "pg";

export const E2E_DB = `postgresql://rupn:rupn-local@127.0.0.1:${process.env.E2E_PG_PORT ?? 5435}/rupn`;

export async function sql<T = Record<string, unknown>>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: E2E_DB });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

export type RoleGrant = { role: string; academyId: string | null; establishmentId?: string | null; schoolYearId?: string | null };

/**
 * A spec's own account, created once: a failed test restarts its worker, which runs the spec's `beforeAll` again,
 * so this must not fail on the second call. Returns the user's id.
 */
export async function ensureAccount(email: string, firstName: string, lastName: string, grants: RoleGrant[]): Promise<string> {
  const [created] = await sql<{ id: string }>(
    `INSERT INTO "User" ("id", "email", "firstName", "lastName") VALUES ($1, $2, $3, $4) ON CONFLICT ("email") DO NOTHING RETURNING "id"`,
    [randomUUID(), email, firstName, lastName],
  );
  if (!created) return (await sql<{ id: string }>(`SELECT "id" FROM "User" WHERE "email" = $1`, [email]))[0].id;
  for (const grant of grants) {
    await sql(
      `INSERT INTO "RoleAssignment" ("id", "userId", "role", "academyId", "establishmentId", "schoolYearId") VALUES ($1, $2, $3, $4, $5, $6)`,
      [randomUUID(), created.id, grant.role, grant.academyId, grant.establishmentId ?? null, grant.schoolYearId ?? null],
    );
  }
  return created.id;
}
