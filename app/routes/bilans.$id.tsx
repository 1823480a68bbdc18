import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireUser } from "../auth/guards.server.ts";
import { getOwnResponse } from "../services/responses.server.ts";
import { rethrowAsHttp } from "../services/survey-errors.server.ts";
import { formatDate, formatDateTime } from "../domain/campaigns.ts";
import { LazySurveyHost } from "../components/survey/LazySurveyHost.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Bilan ${data.schoolYearId} — ${data.establishment.name} — Plateforme RUPN` : "Bilan annuel — Plateforme RUPN" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  // Any signed-in user: a bilan that is not theirs (or does not exist) is a 404, whatever their roles.
  const actor = await requireUser(request);
  const r = await getOwnResponse(actor, params.id ?? "").catch(rethrowAsHttp);
  return {
    id: r.id,
    status: r.status,
    version: r.version,
    submittedAt: r.submittedAt,
    hasUnsentEdits: r.status === "SUBMITTED" && r.draftData !== null,
    data: (r.draftData ?? r.data) as Record<string, unknown>,
    resumePage: r.resumePage,
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
      <LazySurveyHost
        key={`${d.id}:${d.status}`}
        loadingLabel="Chargement du questionnaire…"
        endpoint={`/api/reponses/${d.id}`}
        surveyVersionId={d.surveyVersionId}
        version={d.version}
        definition={d.definition}
        data={d.data}
        variables={{ etablissement: d.establishment.name, uai: d.establishment.uai, annee: d.schoolYearId }}
        readOnly={readOnly}
        submitted={d.status === "SUBMITTED"}
        resumePage={d.resumePage}
        trackPage
        inputNoun="réponses"
        submit={{
          label: d.status === "SUBMITTED" ? "Enregistrer les modifications" : "Envoyer le bilan",
          invalidMessage: "Certaines réponses sont à compléter ou à corriger : elles sont signalées dans le questionnaire.",
          failedMessage: "L'envoi a échoué.",
          onSubmitted: () => navigate(`/bilans/${d.id}?envoye=1`, { replace: true, preventScrollReset: false }),
        }}
      />
    </div>
  );
}
