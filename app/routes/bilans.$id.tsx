import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireReferent } from "../auth/referent-guard.server.ts";
import { getOwnResponse } from "../services/responses.server.ts";
import { rethrowAsHttp } from "../services/survey-errors.server.ts";
import { formatDate, formatDateTime } from "../domain/campaigns.ts";
import { LazySurvey } from "../components/survey/LazySurvey.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Bilan ${data.schoolYearId} — ${data.establishment.name} — Plateforme RUPN` : "Bilan annuel — Plateforme RUPN" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireReferent(request);
  const r = await getOwnResponse(actor, params.id ?? "").catch(rethrowAsHttp);
  return {
    id: r.id,
    status: r.status,
    version: r.version,
    submittedAt: r.submittedAt,
    hasUnsentEdits: r.status === "SUBMITTED" && r.draftData !== null,
    data: (r.draftData ?? r.data) as Record<string, unknown>,
    surveyVersionId: r.surveyVersion.id,
    definition: r.surveyVersion.definition as Record<string, unknown>,
    campaign: { title: r.campaign.title, closesAt: r.campaign.closesAt },
    schoolYearId: r.campaign.schoolYearId,
    state: r.campaignState,
    establishment: r.establishment,
  };
}

export default function FillBilan() {
  const d = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const readOnly = d.state !== "open";
  return (
    <div className="fr-my-3w">
      <Breadcrumb currentPageLabel={`${d.establishment.name}`} segments={[{ label: "Mes bilans annuels", linkProps: { to: "/bilans" } }]} />
      <h1>Bilan annuel {d.schoolYearId}</h1>
      <p className="fr-text--lead">
        {d.establishment.name} (UAI {d.establishment.uai}) — {d.campaign.title}
      </p>
      {d.status === "SUBMITTED" ? (
        <Alert
          severity="success"
          as="h2"
          className="fr-mb-3w"
          title={params.get("envoye") ? "Votre bilan a bien été envoyé" : "Bilan envoyé"}
          description={
            <>
              {params.get("envoye") ? "Merci ! La DANE de votre académie dispose maintenant de vos réponses. " : ""}
              Envoyé le {formatDateTime(d.submittedAt!)}.{" "}
              {readOnly ? "" : `Vous pouvez le modifier jusqu'au ${formatDate(d.campaign.closesAt)} : enregistrez vos modifications pour qu'elles soient prises en compte.`}
              {d.hasUnsentEdits && !readOnly ? " Des modifications commencées n'ont pas encore été envoyées." : ""}
            </>
          }
        />
      ) : null}
      {readOnly ? (
        <Alert severity="info" small className="fr-mb-3w" description={`La campagne est close depuis le ${formatDate(d.campaign.closesAt)} : ce bilan est en lecture seule.`} />
      ) : null}
      <LazySurvey
        key={`${d.id}:${d.status}`}
        responseId={d.id}
        surveyVersionId={d.surveyVersionId}
        version={d.version}
        definition={d.definition}
        data={d.data}
        variables={{ etablissement: d.establishment.name, uai: d.establishment.uai, annee: d.schoolYearId }}
        readOnly={readOnly}
        submitted={d.status === "SUBMITTED"}
        onSubmitted={() => navigate(`/bilans/${d.id}?envoye=1`, { replace: true, preventScrollReset: false })}
      />
    </div>
  );
}
