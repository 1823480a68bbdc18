// Right of access: the person's file as a workbook, one sheet per part (ADR 020). The export is audited.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/guards.server.ts";
import { exportPersonFile } from "../services/rgpd/person-export.server.ts";
import { attachment } from "../services/rgpd/http.server.ts";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  return attachment(await exportPersonFile(actor, params.id ?? "", "xlsx", context.clientIp ?? null));
}
