// GET /api/v1/etablissements — the read API (ADR 021): establishments with their pupil counts per school year.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpointAt, establishmentsQuery } from "../domain/api/endpoints.ts";
import { handleApiCall } from "../services/api/http.server.ts";
import { establishments } from "../services/api/resources.server.ts";

const endpoint = { ...endpointAt("/api/v1/etablissements"), query: establishmentsQuery };

export function loader({ request, context }: LoaderFunctionArgs) {
  return handleApiCall(request, context, endpoint, async ({ scope, query }) => ({ rows: establishments(scope, query) }));
}
