// IMP dashboard: envelopes, attributions and top-ups of the lettres de mission; per establishment and per pupil;
// IMP against reported hours; distribution of the rates attributed.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server.ts";
import { impPage } from "../services/dashboards.server.ts";
import { rethrowDashboardError } from "../services/dashboards-http.server.ts";
import { parseDashboardFilters } from "../domain/dashboards/filters.ts";
import { LETTER_STATUS_FILTERS, parseLetterStatusFilter } from "../domain/dashboards/imp.ts";
import { FiltersForm } from "../components/dashboards/FiltersForm.tsx";
import { ImpPanels } from "../components/dashboards/ImpPanels.tsx";

export const meta: MetaFunction = () => [{ title: "IMP — Tableaux de bord — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "RECTORAT"]);
  const params = new URL(request.url).searchParams;
  return impPage(actor, parseDashboardFilters(params), parseLetterStatusFilter(params.get("lettres"))).catch(rethrowDashboardError);
}

export default function ImpDashboardPage() {
  const page = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Indemnités pour mission particulière</h1>
      <p className="fr-text--lead">
        Enveloppes notifiées, IMP attribuées et compléments des établissements d'après les lettres de mission, rapportés aux
        établissements, aux élèves et au temps que les référents déclarent dans leurs bilans.
      </p>
      <FiltersForm
        filters={page.filters}
        options={page.options}
        fields={{ years: true }}
        yearsHint="Sans choix : la dernière année qui a des lettres de mission."
        resetTo="/tableaux-de-bord/imp"
      >
        <div className="fr-select-group">
          <label className="fr-label" htmlFor="filtre-lettres">
            Lettres de mission prises en compte
          </label>
          <select className="fr-select" id="filtre-lettres" name="lettres" defaultValue={page.status}>
            {Object.entries(LETTER_STATUS_FILTERS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </div>
      </FiltersForm>
      <ImpPanels page={page} />
    </>
  );
}
