// The bilan pages are for referents: a RUPN of this school year, or of an earlier one — a bilan covers a year, so the
// referent who served it answers even after leaving the mission (ADR 018). Which bilans they see is the service's
// business (responses.server.ts); this only keeps the other roles out.
import { forbidden, requireUser } from "./guards.server.ts";
import { anyRupnEstablishmentIds } from "../domain/campaigns.ts";
import type { Actor } from "../domain/permissions.ts";

export async function requireReferent(request: Request): Promise<Actor> {
  const actor = await requireUser(request);
  if (anyRupnEstablishmentIds(actor).length === 0) forbidden();
  return actor;
}
