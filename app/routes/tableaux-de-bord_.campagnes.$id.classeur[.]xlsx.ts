// XLSX workbook of a campaign (responses + dashboard tables), streamed. DANE of the campaign's académie only.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "../auth/guards.server.ts";
import { campaignWorkbook } from "../services/dashboards-export.server.ts";
import { rethrowDashboardError } from "../services/dashboards-http.server.ts";
import { audit } from "../services/audit.server.ts";
import { db } from "../db/db.server.ts";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE"]);
  const { filename, stream } = await campaignWorkbook(actor, params.id ?? "").catch(rethrowDashboardError);
  await audit(db, { actorId: actor.userId, action: "campaign.export.xlsx", entityType: "Campaign", entityId: params.id, ip: context.clientIp ?? null });
  return new Response(stream, {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
