// CSV export of a session's registrations and attendance (DANE of the académie).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/guards.server.ts";
import { sessionCsv } from "../services/training-reports.server.ts";
import { rethrowTrainingAsHttp } from "../services/trainings.server.ts";
import { audit } from "../services/audit.server.ts";
import { db } from "../db/db.server.ts";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const { filename, body } = await sessionCsv(actor, params.id ?? "").catch(rethrowTrainingAsHttp);
  await audit(db, { actorId: actor.userId, action: "training.export", entityType: "TrainingSession", entityId: params.id, ip: context.clientIp ?? null });
  return new Response(body, {
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}
