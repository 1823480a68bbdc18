// GET /api/v1/reponses — the read API (ADR 021): submitted bilans, their indicators and answers (personal data only
// with a token that allows it). A campaign of another académie is a 404.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { endpointAt, responsesQuery } from "../domain/api/endpoints.ts";
import { handleApiCall } from "../services/api/http.server.ts";
import { requireCampaign, responses } from "../services/api/resources.server.ts";

const endpoint = { ...endpointAt("/api/v1/reponses"), query: responsesQuery };

export function loader({ request, context }: LoaderFunctionArgs) {
  return handleApiCall(request, context, endpoint, async ({ scope, query }) => {
    await requireCampaign(scope, query.campagne);
    return { rows: responses(scope, query) };
  });
}
