// Audit of the read API's calls (ADR 021): one AuditEvent per authenticated call ("api.read", entity the token),
// buffered and written in batches (one INSERT for up to 200 calls, at the latest a second after the call), so that a
// busy client costs no write per call. A refused call of a throttled token is logged once per minute, not per call.
import { db } from "../../db/db.server.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

type Entry = { tokenId: string; action: string; summary: Prisma.InputJsonValue; ip: string | null; createdAt: Date };

const MAX_BATCH = 200;
const FLUSH_AFTER_MS = 1000;
let pending: Entry[] = [];
let timer: NodeJS.Timeout | null = null;
let inFlight: Promise<void> = Promise.resolve();
const throttledLogged = new Map<string, number>();

export function logApiCall(entry: Omit<Entry, "createdAt" | "action"> & { action?: string }) {
  pending.push({ action: "api.read", ...entry, createdAt: new Date() });
  if (pending.length >= MAX_BATCH) void flushApiCalls();
  else if (!timer) {
    timer = setTimeout(() => void flushApiCalls(), FLUSH_AFTER_MS);
    timer.unref();
  }
}

/** Whether a throttled token (by its hash) is due for its once-a-minute "api.rate-limited" event. */
export function throttleLogDue(key: string, now = Date.now()): boolean {
  if (now - (throttledLogged.get(key) ?? 0) < 60_000) return false;
  throttledLogged.set(key, now);
  if (throttledLogged.size > 10_000) for (const [k, t] of throttledLogged) if (now - t >= 60_000) throttledLogged.delete(k);
  return true;
}

export function logThrottled(tokenId: string, ip: string | null, path: string) {
  logApiCall({ tokenId, action: "api.rate-limited", summary: { path, status: 429 }, ip });
}

/** Writes the buffered calls now (tests, shutdown). Never throws: a failed write is reported and the calls kept. */
export function flushApiCalls(): Promise<void> {
  if (timer) {
    clearTimeout(timer);
    timer = null;
  }
  const batch = pending;
  pending = [];
  if (!batch.length) return inFlight;
  inFlight = inFlight.then(async () => {
    try {
      await db.auditEvent.createMany({
        data: batch.map((e) => ({ actorId: null, action: e.action, entityType: "ApiToken", entityId: e.tokenId, summary: e.summary, ip: e.ip, createdAt: e.createdAt })),
      });
    } catch (error) {
      console.error("Journal de l'API : écriture impossible, nouvel essai au prochain lot.", error);
      pending = [...batch, ...pending].slice(-10_000);
    }
  });
  return inFlight;
}
