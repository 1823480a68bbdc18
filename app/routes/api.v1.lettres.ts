// GET /api/v1/lettres — the read API (ADR 021): mission letters and their IMP attributions.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpointAt, lettersQuery } from "../domain/api/endpoints.ts";
import { handleApiCall } from "../services/api/http.server.ts";
import { letters } from "../services/api/resources.server.ts";

const endpoint = { ...endpointAt("/api/v1/lettres"), query: lettersQuery };

export function loader({ request, context }: LoaderFunctionArgs) {
  return handleApiCall(request, context, endpoint, async ({ scope, query }) => ({ rows: letters(scope, query) }));
}
