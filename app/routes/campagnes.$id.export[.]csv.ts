// CSV export of a campaign's submitted bilans, streamed.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireRole } from "../auth/guards.server.ts";
import { campaignCsvStream } from "../services/campaign-responses.server.ts";
import { audit } from "../services/audit.server.ts";
import { db } from "../db/db.server.ts";
import { rethrowAsHttp } from "../services/survey-errors.server.ts";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE"]);
  const { filename, stream } = await campaignCsvStream(actor, params.id ?? "").catch(rethrowAsHttp);
  await audit(db, { actorId: actor.userId, action: "campaign.export", entityType: "Campaign", entityId: params.id, ip: context.clientIp ?? null });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
    },
  });
}
