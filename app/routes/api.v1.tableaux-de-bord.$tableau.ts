// GET /api/v1/tableaux-de-bord/{charge|participation|imp} — the read API (ADR 021): the dashboards' aggregates, from
// the dashboards' own services, scoped to the token's académies.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { DASHBOARDS, dashboardQuery, endpointAt, type DashboardName } from "../domain/api/endpoints.ts";
import { apiError, handleApiCall } from "../services/api/http.server.ts";
import { dashboardAggregates } from "../services/api/dashboards.server.ts";

export function loader({ request, context, params }: LoaderFunctionArgs) {
  const name = params.tableau as DashboardName;
  if (!(DASHBOARDS as readonly string[]).includes(name)) {
    return apiError(404, `Tableau de bord inconnu : choisissez ${DASHBOARDS.join(", ")}.`);
  }
  const endpoint = { ...endpointAt(`/api/v1/tableaux-de-bord/${name}`), query: dashboardQuery };
  return handleApiCall(request, context, endpoint, async ({ scope, query }) => ({ body: await dashboardAggregates(name, scope, query) }));
}
