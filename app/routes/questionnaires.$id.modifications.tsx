// "What changed" (issue 14): the draft compared with the version it was started from, read before publishing;
// then publication, refused with the questions to correct while any check fails.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { z } from "../domain/zod-fr.ts";
import { requireRole } from "../auth/guards.server.ts";
import { baseOf, getQuestionnaire, QuestionnaireError } from "../services/questionnaires.server.ts";
import { publishQuestionnaire } from "../services/questionnaires-edit.server.ts";
import { questionnaireIssues, type QuestionIssue } from "../surveys/questionnaire-checks.ts";
import { diffDefinitions } from "../surveys/diff.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Ce qui change — ${data?.title ?? "Questionnaire"} — Plateforme RUPN` }];

function rethrow(error: unknown): never {
  if (error instanceof QuestionnaireError) throw new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  throw error;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  const q = await getQuestionnaire(actor, params.id ?? "").catch(rethrow);
  const base = await baseOf(actor, q.derivedFromId);
  return {
    id: q.id, title: q.title, revision: q.revision, status: q.status,
    base: base ? { title: base.title, national: base.national } : null,
    diff: base ? diffDefinitions(base.definition, q.definition) : null,
    issues: q.status === "DRAFT" ? questionnaireIssues(q.definition, q.locks) : [],
  };
}

const schema = z.object({ revision: z.coerce.number({ error: "Révision inconnue." }).int("Révision inconnue.").min(1, "Révision inconnue.").max(2_147_483_647, "Révision inconnue.") });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0].message, errors: [] as QuestionIssue[] }, { status: 400 });
  try {
    await publishQuestionnaire(actor, params.id ?? "", parsed.data.revision, context.clientIp ?? null);
  } catch (error) {
    if (error instanceof QuestionnaireError) return data({ error: error.message, errors: error.errors }, { status: error.status });
    throw error;
  }
  throw redirect(`/questionnaires/${params.id}`);
}

const KIND_LABELS = { added: "Ajoutée", removed: "Supprimée", changed: "Modifiée" } as const;

export default function QuestionnaireChanges() {
  const q = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const problems = result?.errors?.length ? result.errors : q.issues;
  return (
    <div className="fr-my-3w">
      <Breadcrumb
        currentPageLabel="Ce qui change"
        segments={[{ label: "Questionnaires", linkProps: { to: "/questionnaires" } }, { label: q.title, linkProps: { to: `/questionnaires/${q.id}` } }]}
      />
      <h1>{`Ce qui change : ${q.title}`}</h1>
      {q.base ? (
        <p>{`Comparaison avec ${q.base.national ? "le modèle national" : "la version"} « ${q.base.title} », dont ce brouillon est parti.`}</p>
      ) : (
        <p>Ce questionnaire ne part d'aucune version antérieure : tout y est nouveau.</p>
      )}
      {q.diff ? (
        <>
          {q.diff.survey.length ? (
            <>
              <h2>Questionnaire</h2>
              <ul>{q.diff.survey.map((line, i) => <li key={i}>{line}</li>)}</ul>
            </>
          ) : null}
          <h2>Questions</h2>
          {q.diff.questions.length === 0 ? (
            <p>Aucune question n'a changé.</p>
          ) : (
            <div className="fr-table">
              <table data-testid="diff-table">
                <caption>Questions ajoutées, supprimées ou modifiées</caption>
                <thead>
                  <tr>
                    <th scope="col">Changement</th>
                    <th scope="col">Question</th>
                    <th scope="col">Page</th>
                    <th scope="col">Détail</th>
                  </tr>
                </thead>
                <tbody>
                  {q.diff.questions.map((c) => (
                    <tr key={`${c.kind}-${c.name}`}>
                      <td>{KIND_LABELS[c.kind]}</td>
                      <td>{c.title}</td>
                      <td>{c.page}</td>
                      <td>{c.details.length ? <ul className="fr-mb-0">{c.details.map((d, i) => <li key={i}>{d}</li>)}</ul> : null}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      ) : null}
      <h2>Publication</h2>
      {q.status !== "DRAFT" ? (
        <p>Cette version est publiée.</p>
      ) : (
        <>
          {result?.error ? <Alert severity="error" small className="fr-mb-2w" description={result.error} /> : null}
          {problems.length ? (
            <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" data-testid="publish-problems">
              <p>À corriger avant de publier :</p>
              <ul>{problems.map((p, i) => <li key={i}>{p.question ? `Question « ${p.question} » : ${p.message}` : p.message}</li>)}</ul>
            </div>
          ) : (
            <p>Une fois publiée, cette version ne changera plus : les campagnes de l'académie pourront l'utiliser.</p>
          )}
          <Form method="post">
            <input type="hidden" name="revision" value={q.revision} />
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <button className="fr-btn" type="submit">Publier cette version</button>
              </li>
              <li>
                <Link className="fr-btn fr-btn--secondary" to={`/questionnaires/${q.id}`}>Revenir à l'éditeur</Link>
              </li>
            </ul>
          </Form>
        </>
      )}
    </div>
  );
}
