import { db } from "../db/db.server.ts";

export async function pingDatabase() {
  await db.$queryRaw`SELECT 1`;
}
