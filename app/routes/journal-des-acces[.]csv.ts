// CSV export of the access log with the page's filters (ADR 020).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "../auth/guards.server.ts";
import { accessLogCsv } from "../services/rgpd/access-log.server.ts";
import { parseAccessLogFilters } from "../domain/rgpd/access-log-filters.ts";
import { attachment } from "../services/rgpd/http.server.ts";

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const { filters, error } = parseAccessLogFilters(new URL(request.url).searchParams);
  if (error) return new Response(error, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  const day = new Date().toISOString().slice(0, 10);
  return attachment({ fileName: `journal-des-acces-${day}.csv`, contentType: "text/csv; charset=utf-8", body: await accessLogCsv(actor, filters) });
}
