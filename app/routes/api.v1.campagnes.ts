// GET /api/v1/campagnes — the read API (ADR 021): bilan campaigns with their participation counts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpointAt, campaignsQuery } from "../domain/api/endpoints.ts";
import { handleApiCall } from "../services/api/http.server.ts";
import { campaigns } from "../services/api/resources.server.ts";

const endpoint = { ...endpointAt("/api/v1/campagnes"), query: campaignsQuery };

export function loader({ request, context }: LoaderFunctionArgs) {
  return handleApiCall(request, context, endpoint, async ({ scope, query }) => ({ rows: campaigns(scope, query) }));
}
