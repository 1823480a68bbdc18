import type { Prisma } from "../generated/prisma/client.ts";

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
