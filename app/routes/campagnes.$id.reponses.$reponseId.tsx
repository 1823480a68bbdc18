import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireRole } from "../auth/guards.server.ts";
import { getResponseForManager } from "../services/campaign-responses.server.ts";
import { logPersonalDataAccess } from "../services/audit.server.ts";
import { rethrowAsHttp } from "../services/survey-errors.server.ts";
import { RESPONSE_STATUS_LABELS, formatDateTime } from "../domain/campaigns.ts";
import { LazySurveyHost } from "../components/survey/LazySurveyHost.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Bilan — ${data?.response.establishment.name ?? ""} — Plateforme RUPN` }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE"]);
  const { campaign, response } = await getResponseForManager(actor, params.id ?? "", params.reponseId ?? "").catch(rethrowAsHttp);
  await logPersonalDataAccess(actor.userId, "SurveyResponse", response.id, context.clientIp ?? null);
  return { campaign: { id: campaign.id, title: campaign.title, schoolYearId: campaign.schoolYearId }, response };
}

export default function ResponseView() {
  const { campaign, response: r } = useLoaderData<typeof loader>();
  return (
    <div className="fr-my-3w">
      <Breadcrumb
        currentPageLabel={r.establishment.name}
        segments={[
          { label: "Campagnes de bilan", linkProps: { to: "/campagnes" } },
          { label: campaign.title, linkProps: { to: `/campagnes/${campaign.id}` } },
          { label: "Réponses", linkProps: { to: `/campagnes/${campaign.id}/reponses` } },
        ]}
      />
      <h1>Bilan {campaign.schoolYearId} — {r.establishment.name}</h1>
      <p className="fr-text--lead">
        {r.respondent.firstName} {r.respondent.lastName} ({r.respondent.email}) · {RESPONSE_STATUS_LABELS[r.status]}
        {r.submittedAt ? ` le ${formatDateTime(r.submittedAt)}` : ""} · version {r.surveyVersion.version} du questionnaire
      </p>
      <LazySurveyHost
        loadingLabel="Chargement du questionnaire…"
        endpoint={`/api/reponses/${r.id}`}
        surveyVersionId={r.surveyVersion.id}
        version={r.version}
        definition={r.surveyVersion.definition as Record<string, unknown>}
        data={r.data as Record<string, unknown>}
        variables={{ etablissement: r.establishment.name, uai: r.establishment.uai, annee: campaign.schoolYearId }}
        readOnly
        inputNoun="réponses"
      />
    </div>
  );
}
