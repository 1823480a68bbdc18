import type { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";

type Tx = Prisma.TransactionClient;

export type AuditInput = {
  actorId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  summary?: Prisma.InputJsonValue;
  ip?: string | null;
};

export async function audit(tx: Tx, event: AuditInput) {
  await tx.auditEvent.create({ data: { ...event, entityId: event.entityId ?? null, ip: event.ip ?? null } });
}

/** RGPD access log: who displayed personal data of which record. */
export async function logPersonalDataAccess(actorId: string, entityType: string, entityId: string, ip: string | null) {
  await audit(db, { actorId, action: "view-personal-data", entityType, entityId, ip });
}
