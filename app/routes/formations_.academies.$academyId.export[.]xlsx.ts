// XLSX export of every session of a school year of an académie, with registrations and attendance
// (DANE of that académie): /formations/academies/<id>/export.xlsx?annee=2026-2027. Streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { currentSchoolYearId, requireUser } from "../auth/guards.server.ts";
import { academyXlsx, XLSX_CONTENT_TYPE } from "../services/training-xlsx.server.ts";
import { rethrowTrainingAsHttp } from "../services/trainings.server.ts";
import { audit } from "../services/audit.server.ts";
import { db } from "../db/db.server.ts";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const schoolYearId = new URL(request.url).searchParams.get("annee") || currentSchoolYearId();
  const { filename, stream } = await academyXlsx(actor, params.academyId ?? "", schoolYearId).catch(rethrowTrainingAsHttp);
  await audit(db, { actorId: actor.userId, action: "training.export", entityType: "Academy", entityId: params.academyId, summary: { format: "xlsx", schoolYearId }, ip: context.clientIp ?? null });
  return new Response(createReadableStreamFromReadable(stream), {
    headers: { "Content-Type": XLSX_CONTENT_TYPE, "Content-Disposition": `attachment; filename="${filename}"`, "Cache-Control": "no-store" },
  });
}
