// The editor of an académie's questionnaire version (issue 14). A draft is edited and autosaved; a published or
// answered version is shown read-only, and "Modifier" starts (or reopens) a new draft from it.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { z } from "../domain/zod-fr.ts";
import { requireRole } from "../auth/guards.server.ts";
import { formatDate } from "../domain/format/fr.ts";
import { getQuestionnaire, QuestionnaireError } from "../services/questionnaires.server.ts";
import { deleteDraft, draftToEdit } from "../services/questionnaires-edit.server.ts";
import { questionnaireIssues } from "../surveys/questionnaire-checks.ts";
import { QuestionnaireEditor } from "../components/questionnaire/QuestionnaireEditor.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.title ?? "Questionnaire"} — Questionnaires — Plateforme RUPN` }];

function rethrow(error: unknown): never {
  if (error instanceof QuestionnaireError) throw new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  throw error;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  const q = await getQuestionnaire(actor, params.id ?? "").catch(rethrow);
  const editable = q.status === "DRAFT" && !q.answered;
  return {
    id: q.id, key: q.key, title: q.title, schoolYearId: q.schoolYearId, version: q.version, status: q.status, publishedAt: q.publishedAt,
    revision: q.revision, definition: q.definition, locks: q.locks, editable, answers: q._count.responses, campaigns: q._count.campaigns,
    issues: editable ? questionnaireIssues(q.definition, q.locks) : [],
  };
}

const schema = z.object({ intent: z.enum(["edit", "delete"], { error: "Action inconnue." }) });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0].message }, { status: 400 });
  try {
    if (parsed.data.intent === "edit") {
      const draft = await draftToEdit(actor, params.id ?? "", context.clientIp ?? null);
      throw redirect(`/questionnaires/${draft.id}`);
    }
    await deleteDraft(actor, params.id ?? "", context.clientIp ?? null);
    throw redirect("/questionnaires");
  } catch (error) {
    if (error instanceof QuestionnaireError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function QuestionnaireEditorPage() {
  const q = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="fr-my-3w">
      <Breadcrumb currentPageLabel={q.title} segments={[{ label: "Questionnaires", linkProps: { to: "/questionnaires" } }]} />
      <h1>{q.title}</h1>
      <div className="fr-mb-3w">
        {`${q.key} · ${q.schoolYearId} · version ${q.version} `}
        {q.status === "DRAFT" ? (
          <Badge as="span" severity="info" small noIcon>Brouillon</Badge>
        ) : (
          <Badge as="span" severity="success" small noIcon>{`Publiée le ${formatDate(q.publishedAt!)}`}</Badge>
        )}
      </div>
      {result?.error ? <Alert severity="error" small className="fr-mb-3w" description={result.error} /> : null}
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--sm">
        <li>
          <Link className="fr-btn fr-btn--secondary" to={`/questionnaires/${q.id}/apercu`}>Aperçu</Link>
        </li>
        {q.editable ? (
          <li>
            <Link className="fr-btn" to={`/questionnaires/${q.id}/modifications`}>Voir ce qui change et publier</Link>
          </li>
        ) : null}
        <li>
          <a className="fr-btn fr-btn--tertiary" href={`/questionnaires/${q.id}/export.json`} download>Exporter (JSON SurveyJS)</a>
        </li>
      </ul>
      {q.editable ? (
        <p className="fr-text--sm">
          Vos modifications sont enregistrées automatiquement. Les questions marquées « verrouillée » alimentent les tableaux de bord
          nationaux : leur intitulé peut changer, pas leur type ni leurs valeurs de réponse.
        </p>
      ) : (
        <div className="fr-callout fr-mb-3w">
          <p className="fr-callout__text">
            {q.answers > 0
              ? `Cette version a ${q.answers} réponse${q.answers > 1 ? "s" : ""} : elle ne change plus.`
              : "Cette version est publiée : elle ne change plus."}{" "}
            La modifier crée un nouveau brouillon, que vous publierez à son tour.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="edit" />
            <button className="fr-btn" type="submit">Modifier (nouveau brouillon)</button>
          </Form>
        </div>
      )}
      <h2>Contenu</h2>
      <QuestionnaireEditor key={q.id} id={q.id} revision={q.revision} definition={q.definition} locks={q.locks} issues={q.issues} readOnly={!q.editable} />
      {q.editable ? (
        <Form method="post" className="fr-mt-5w">
          <input type="hidden" name="intent" value="delete" />
          <button className="fr-btn fr-btn--tertiary" type="submit">Supprimer ce brouillon</button>
        </Form>
      ) : null}
    </div>
  );
}
