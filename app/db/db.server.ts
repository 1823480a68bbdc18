// The one Prisma client of the process. Kept on globalThis so that the server entry (scripts/server.ts,
// which boots the database and the outbox worker) and the Remix server bundle share it.
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client.ts";

export type Db = PrismaClient;

type Holder = { client?: PrismaClient; url?: string };
const holder: Holder = ((globalThis as { __rupnDb?: Holder }).__rupnDb ??= {});

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error("DATABASE_URL n'est pas défini : démarrez l'application avec `npm start` (base intégrée) ou définissez DATABASE_URL.");
  }
  return url;
}

export function createDb(connectionString: string): PrismaClient {
  return new PrismaClient({
    adapter: new PrismaPg({ connectionString, max: Number(process.env.DB_POOL_SIZE ?? 10) }),
    transactionOptions: { timeout: 15_000, maxWait: 10_000 },
  });
}

/** Lazily created so that the embedded database can be booted (and DATABASE_URL set) first. */
export function getDb(): PrismaClient {
  const url = databaseUrl();
  if (!holder.client || holder.url !== url) {
    holder.client = createDb(url);
    holder.url = url;
  }
  return holder.client;
}

export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getDb();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

export async function disconnectDb() {
  if (holder.client) {
    await holder.client.$disconnect();
    holder.client = undefined;
    holder.url = undefined;
  }
}
