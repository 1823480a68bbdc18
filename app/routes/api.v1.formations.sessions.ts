// GET /api/v1/formations/sessions — the read API (ADR 021): training sessions with their registration counts.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpointAt, sessionsQuery } from "../domain/api/endpoints.ts";
import { handleApiCall } from "../services/api/http.server.ts";
import { sessions } from "../services/api/resources.server.ts";

const endpoint = { ...endpointAt("/api/v1/formations/sessions"), query: sessionsQuery };

export function loader({ request, context }: LoaderFunctionArgs) {
  return handleApiCall(request, context, endpoint, async ({ scope, query }) => ({ rows: sessions(scope, query) }));
}
