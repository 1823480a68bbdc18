// The one Prisma client of the process. Kept on globalThis so that the server entry (scripts/server.ts,
// which boots the database and the outbox worker) and the Remix server bundle share it.
import { PrismaPg } from "@prisma/adapter-pg";
import { clearLogs } from "@prisma/debug";
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

/**
 * Whether a failed transaction may simply be run again (ADR 013): its timeout expired while it waited for a row
 * lock or a connection (P2028, "Transaction not found / already closed"), or PostgreSQL aborted it to resolve a
 * write conflict (P2034, serialization failure 40001, deadlock 40P01). Nothing of it was committed.
 */
export function isRetryableTransactionError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; cause?: unknown; meta?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code === "P2028" || e.code === "P2034" || e.code === "40001" || e.code === "40P01") return true;
  const text = `${typeof e.message === "string" ? e.message : ""} ${JSON.stringify(e.meta ?? "")}`;
  if (/Transaction (not found|already closed)|Unable to start a transaction|could not serialize access|deadlock detected|40001|40P01/i.test(text)) {
    return true;
  }
  return e.cause ? isRetryableTransactionError(e.cause) : false;
}

export const TRANSACTION_ATTEMPTS = 4;

/** Runs an interactive transaction, again from the start (after a short random pause) when it is retryable. */
export async function withRetries<T>(run: () => Promise<T>, attempts = TRANSACTION_ATTEMPTS): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (error) {
      if (attempt >= attempts || !isRetryableTransactionError(error)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100 * attempt));
    }
  }
}

/**
 * The process's client. Interactive transactions (`db.$transaction(async (tx) => …)`) are retried as a whole on
 * timeouts and conflicts, so a row-lock wait under load never reaches the user as a 500 (issue #12).
 */
export const db: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getDb();
    if (property === "$transaction") {
      return (arg: unknown, options?: unknown) =>
        typeof arg === "function"
          ? withRetries(() => (client.$transaction as (a: unknown, o?: unknown) => Promise<unknown>)(arg, options))
          : (client.$transaction as (a: unknown, o?: unknown) => Promise<unknown>)(arg, options);
    }
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

/**
 * Prisma's debug module keeps the arguments of its last 100 debug calls even when debugging is off, and the pg
 * adapter logs every query with its parameters: after bulk statements (500 responses' answers per statement), that
 * history held ~200 MB of parameters alive (bench:limesurvey, heap snapshot; ADR 015). Called after each bulk
 * statement so that a statement's parameters die with it.
 */
export function releaseQueryHistory() {
  clearLogs();
}
