// A checksum of every table's rows, to prove that a refused request wrote nothing (issue 12).
import { getDb } from "../../app/db/db.server.ts";

/** md5 of each table's rows (in a stable order), by table name; `except` tables are left out. */
export async function tableChecksums(except: string[] = ["Session"]): Promise<Map<string, string>> {
  const db = getDb();
  const tables = await db.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name <> '_prisma_migrations' ORDER BY 1`;
  const kept = tables.filter((t) => !except.includes(t.name));
  const union = kept
    .map((t) => `SELECT '${t.name}' AS name, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS sum FROM "${t.name}" x`)
    .join(" UNION ALL ");
  const rows = await db.$queryRawUnsafe<{ name: string; sum: string }[]>(union);
  return new Map(rows.map((r) => [r.name, r.sum]));
}

/** Tables whose checksum differs. */
export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k)).sort();
}
