// Participation dashboard: invited and answered per campaign, by type and zone; non-respondents and reminders.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server.ts";
import { publicOrigin } from "../auth/origin.server.ts";
import { participationPage, remindNonRespondents } from "../services/dashboards.server.ts";
import { rethrowDashboardError } from "../services/dashboards-http.server.ts";
import { DashboardError } from "../services/dashboards-scope.server.ts";
import { SurveyServiceError } from "../services/survey-errors.server.ts";
import { parseDashboardFilters } from "../domain/dashboards/filters.ts";
import { FiltersForm } from "../components/dashboards/FiltersForm.tsx";
import { ParticipationPanels } from "../components/dashboards/ParticipationPanels.tsx";
import { plural } from "../domain/format/fr.ts";

export const meta: MetaFunction = () => [{ title: "Participation — Tableaux de bord — Plateforme RUPN" }];

const campaignParam = (params: URLSearchParams) => {
  const value = params.get("campagne");
  return value && /^[\w-]{1,40}$/.test(value) ? value : value ? "inconnue" : undefined;
};

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "RECTORAT"]);
  const params = new URL(request.url).searchParams;
  const filters = parseDashboardFilters(params);
  return participationPage(actor, filters, campaignParam(params)).catch(rethrowDashboardError);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["DANE"]);
  const form = await request.formData();
  const campaignId = String(form.get("campagne") ?? "");
  if (form.get("intent") !== "reminder" || !campaignId) return data({ error: "Action inconnue." }, { status: 400 });
  try {
    const { recipients } = await remindNonRespondents(actor, campaignId, publicOrigin(request), context.clientIp ?? null);
    return {
      message: recipients
        ? `Relance envoyée à ${plural(recipients, "référent·e")}.`
        : "Tous les référents invités ont déjà envoyé leur bilan : aucune relance envoyée.",
    };
  } catch (error) {
    if (error instanceof DashboardError || error instanceof SurveyServiceError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function ParticipationPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <h1>Participation aux bilans annuels</h1>
      <p className="fr-text--lead">Référents invités et bilans envoyés, par campagne, type d'établissement et zone ; relance des non-répondants.</p>
      <FiltersForm filters={page.filters} options={page.options} fields={{ years: true }}
        yearsHint="Années des campagnes comparées. Sans choix : toutes pour une académie, la dernière sinon."
        resetTo="/tableaux-de-bord/participation"
      >
        {page.campaigns.length ? (
          <div className="fr-select-group">
            <label className="fr-label" htmlFor="filtre-campagne">
              Campagne détaillée
            </label>
            <select className="fr-select" id="filtre-campagne" name="campagne" defaultValue={page.campaign?.id ?? ""}>
              {page.campaigns.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.title} — {c.academyName}
                </option>
              ))}
            </select>
          </div>
        ) : null}
      </FiltersForm>
      <ParticipationPanels page={page} result={result ?? null} />
    </>
  );
}
