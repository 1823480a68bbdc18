// The end-to-end server's database, for a spec's own data and for checks against what the pages show.
import pg from "pg";

export const E2E_DB = `postgresql://rupn:rupn-local@127.0.0.1:${process.env.E2E_PG_PORT ?? 5435}/rupn`;

export async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: E2E_DB });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}
