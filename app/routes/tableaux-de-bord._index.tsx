// Load dashboard: how the referents' weekly hours split between accompaniment, assistance and the rest.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server.ts";
import { loadDashboardPage } from "../services/dashboards.server.ts";
import { rethrowDashboardError } from "../services/dashboards-http.server.ts";
import { parseDashboardFilters, parseExceedingSort, filtersToSearch } from "../domain/dashboards/filters.ts";
import { FiltersForm } from "../components/dashboards/FiltersForm.tsx";
import { LoadPanels } from "../components/dashboards/LoadPanels.tsx";

export const meta: MetaFunction = () => [{ title: "Charge des référents — Tableaux de bord — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "RECTORAT"]);
  const params = new URL(request.url).searchParams;
  const filters = parseDashboardFilters(params);
  const sort = parseExceedingSort(params.get("tri"));
  const page = await loadDashboardPage(actor, filters, sort).catch(rethrowDashboardError);
  return { ...page, sort };
}

export default function LoadDashboardPage() {
  const { filters, options, data, sort } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Charge des référents</h1>
      <p className="fr-text--lead">
        Comment le temps hebdomadaire déclaré par les référents dans leurs bilans annuels se répartit entre l'accompagnement
        pédagogique, l'assistance technique et leurs autres activités.
      </p>
      <FiltersForm filters={filters} options={options} fields={{ years: true, referents: true }} resetTo="/tableaux-de-bord" />
      <LoadPanels data={data} filters={filters} sort={sort} search={filtersToSearch(filters)} />
    </>
  );
}
