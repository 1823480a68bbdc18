// XLSX export of a session's registrations and attendance (DANE of the académie), streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { requireUser } from "../auth/guards.server.ts";
import { sessionXlsx, XLSX_CONTENT_TYPE } from "../services/training-xlsx.server.ts";
import { rethrowTrainingAsHttp } from "../services/trainings.server.ts";
import { audit } from "../services/audit.server.ts";
import { db } from "../db/db.server.ts";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const { filename, stream } = await sessionXlsx(actor, params.id ?? "").catch(rethrowTrainingAsHttp);
  await audit(db, { actorId: actor.userId, action: "training.export", entityType: "TrainingSession", entityId: params.id, summary: { format: "xlsx" }, ip: context.clientIp ?? null });
  return new Response(createReadableStreamFromReadable(stream), {
    headers: { "Content-Type": XLSX_CONTENT_TYPE, "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}
