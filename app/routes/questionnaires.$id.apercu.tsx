// Live preview of a questionnaire version (issue 14): the survey host RUPN fill, with the DSFR theme and the
// conditions, fillable and checked in the browser; nothing is sent. A toggle shows it at a phone's width.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireRole } from "../auth/guards.server.ts";
import { getQuestionnaire, QuestionnaireError } from "../services/questionnaires.server.ts";
import { LazySurveyHost } from "../components/survey/LazySurveyHost.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Aperçu — ${data?.title ?? "Questionnaire"} — Plateforme RUPN` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  const q = await getQuestionnaire(actor, params.id ?? "").catch((error) => {
    if (error instanceof QuestionnaireError) throw new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    throw error;
  });
  return { id: q.id, title: q.title, revision: q.revision, schoolYearId: q.schoolYearId, definition: q.definition as Record<string, unknown> };
}

export default function QuestionnairePreview() {
  const q = useLoaderData<typeof loader>();
  const [phone, setPhone] = useState(false);
  const [done, setDone] = useState(false);
  return (
    <div className="fr-my-3w">
      <Breadcrumb
        currentPageLabel="Aperçu"
        segments={[{ label: "Questionnaires", linkProps: { to: "/questionnaires" } }, { label: q.title, linkProps: { to: `/questionnaires/${q.id}` } }]}
      />
      <h1>{`Aperçu : ${q.title}`}</h1>
      <p>
        Le questionnaire tel qu'un ou une RUPN le verra, conditions comprises. Vous pouvez le remplir pour l'essayer : rien n'est
        enregistré ni envoyé.
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        <li>
          <button type="button" className="fr-btn fr-btn--secondary" aria-pressed={phone} onClick={() => setPhone(!phone)}>
            {phone ? "Afficher en largeur d'ordinateur" : "Afficher en largeur de téléphone"}
          </button>
        </li>
        <li>
          <Link className="fr-btn fr-btn--tertiary" to={`/questionnaires/${q.id}`}>Retour à l'éditeur</Link>
        </li>
      </ul>
      {done ? (
        <div className="fr-alert fr-alert--success fr-mb-3w" role="status" data-testid="preview-done">
          <p>Aperçu : toutes les réponses sont valides. Rien n'a été envoyé.</p>
        </div>
      ) : null}
      <div className={phone ? "rupn-preview--phone" : undefined} data-testid="preview-frame">
        <LazySurveyHost
          key={`${q.id}:${q.revision}`}
          loadingLabel="Chargement de l'aperçu…"
          endpoint={`apercu:${q.id}`}
          surveyVersionId={q.id}
          version={q.revision}
          definition={q.definition}
          data={{}}
          variables={{ etablissement: "Collège d'exemple", uai: "0000000A", annee: q.schoolYearId }}
          readOnly={false}
          preview
          inputNoun="réponses"
          submit={{
            label: "Vérifier les réponses (aperçu)",
            invalidMessage: "Certaines réponses sont à compléter ou à corriger : les questions concernées sont signalées.",
            failedMessage: "Vérification impossible.",
            onSubmitted: () => setDone(true),
          }}
        />
      </div>
    </div>
  );
}
