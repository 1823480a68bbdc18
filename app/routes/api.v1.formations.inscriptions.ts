// GET /api/v1/formations/inscriptions — the read API (ADR 021): registrations to training sessions (people's names
// only with a token that allows personal data). A session of another académie is a 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpointAt, registrationsQuery } from "../domain/api/endpoints.ts";
import { handleApiCall } from "../services/api/http.server.ts";
import { registrations, requireSession } from "../services/api/resources.server.ts";

const endpoint = { ...endpointAt("/api/v1/formations/inscriptions"), query: registrationsQuery };

export function loader({ request, context }: LoaderFunctionArgs) {
  return handleApiCall(request, context, endpoint, async ({ scope, query }) => {
    await requireSession(scope, query.session);
    return { rows: registrations(scope, query) };
  });
}
