import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { notFound, requireRole } from "../auth/guards.server.ts";
import { STATUS_LABELS, reportSummary } from "../domain/limesurvey/report.ts";
import { confirmLimeSurveyLetterMapping, confirmLimeSurveyMapping, getLimeSurveyImport, LimeSurveyPageError } from "../services/limesurvey/pages.server.ts";
import { LimeSurveyImportError } from "../services/limesurvey/import.server.ts";
import { FILE_KIND_LABELS } from "../domain/limesurvey/letters.ts";
import { LimeSurveyLetters } from "../components/LimeSurveyLetters.tsx";
import { formatCount } from "../domain/labels.ts";
import { DataTable } from "../components/DataTable.tsx";

export const meta: MetaFunction = () => [{ title: "Import LimeSurvey — Plateforme RUPN" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  try {
    const run = await getLimeSurveyImport(actor, params.id ?? "");
    return { ...run, createdAt: run.createdAt.toISOString() };
  } catch (error) {
    if (error instanceof LimeSurveyPageError && error.status === 404) notFound();
    throw error;
  }
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  try {
    const form = await request.formData();
    if (form.get("nature") === "lettre") await confirmLimeSurveyLetterMapping(actor, params.id ?? "", form);
    else await confirmLimeSurveyMapping(actor, params.id ?? "", form);
  } catch (error) {
    if (error instanceof LimeSurveyImportError) return data({ error: error.message }, { status: 422 });
    if (error instanceof LimeSurveyPageError) {
      if (error.status === 404) notFound();
      return data({ error: error.message }, { status: error.status });
    }
    throw error;
  }
  throw redirect(`/imports/limesurvey/${params.id}?confirme=1`);
}

export default function LimeSurveyImportPage() {
  const run = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const [search] = useSearchParams();
  const r = run.result;
  const applied = new Map((r.mappingApplied ?? []).map((m) => [m.column, m]));
  const rows = r.mappingApplied?.length ? r.mappingApplied.map((m) => ({ ...m, title: run.proposal.find((p) => p.column === m.column)?.title ?? m.column })) : run.proposal;
  return (
    <div className="fr-my-5w">
      <p>
        <Link to="/imports/limesurvey">← Imports LimeSurvey</Link>
      </p>
      <h1>Import LimeSurvey : {run.report.title}</h1>
      <p>
        Fichier {run.fileName} · {run.academyName} · année {run.schoolYearId} · {new Date(run.createdAt).toLocaleString("fr-FR", { timeZone: "Europe/Paris" })}
      </p>
      {search.get("deja") ? <Alert severity="info" small description="Ce fichier avait déjà été importé : rien n'a changé." className="fr-mb-3w" /> : null}
      <p>Nature du fichier : {FILE_KIND_LABELS[run.kind]}.</p>
      {search.get("confirme") ? (
        <Alert severity="success" small className="fr-mb-3w"
          description={run.kind === "letter" ? `Correspondance enregistrée : ${formatCount(r.letters?.letters ?? 0)} lettres de mission validées pour ${run.schoolYearId}.` : `Correspondance enregistrée : ${formatCount(r.facts)} valeurs alimentent les tableaux de bord de ${run.schoolYearId}.`} />
      ) : null}
      {result?.error ? <Alert severity="error" small description={result.error} className="fr-mb-3w" /> : null}

      {run.kind === "letter" && run.letterColumns.length ? (
        <LimeSurveyLetters schoolYearId={run.schoolYearId} responses={r.responses} submitted={r.submitted} letters={r.letters} columns={run.letterColumns}
          fields={run.letterFields} missions={run.missions} maxReferents={run.maxReferents} busy={navigation.state !== "idle"} />
      ) : null}
      <h2>Réponses</h2>
      {run.kind === "letter" && run.letterColumns.length ? (
        <p>Fichier de lettres de mission : les réponses ne forment pas une campagne de bilans.</p>
      ) : run.campaignId ? (
        <p>
          {formatCount(r.responses)} réponses lues : {formatCount(r.submitted)} complètes, {formatCount(r.drafts)} incomplètes (brouillons),{" "}
          {formatCount(r.linkedPersons)} reliées à une personne, {formatCount(r.unlinked.length)} non reliées.
        </p>
      ) : (
        <p>
          Questionnaire seul : aucune réponse dans ce fichier. Il est enregistré comme brouillon parmi les questionnaires de l'académie : vous pouvez
          le relire, le modifier puis le publier pour une campagne.
        </p>
      )}
      <p>
        <Link to={`/questionnaires/${run.surveyVersionId}`}>Ouvrir le questionnaire dans l'éditeur</Link>
        {run.campaignId ? " (version historique : la modifier crée un nouveau brouillon)" : null}
      </p>
      {r.unlinked.length && run.kind !== "letter" ? (
        <DataTable caption="Réponses non reliées à un établissement" headers={["Réponse LimeSurvey", "Raison"]} rows={r.unlinked.map((u) => ({ key: u.id + u.reason, cells: [u.id, u.reason] }))} />
      ) : null}

      {run.campaignId ? (
        <>
          <h2>Correspondance avec les indicateurs</h2>
          <p>
            Proposée d'après les codes et les intitulés des questions : vérifiez l'indicateur et l'unité de chaque colonne, puis confirmez. Les heures sont
            converties en heures par semaine. La correspondance est enregistrée pour le fichier de l'année suivante.
          </p>
          {rows.length === 0 ? <p>Aucune colonne numérique reconnue dans ce questionnaire.</p> : (
            <Form method="post">
              <div className="fr-table">
                <table>
                  <caption>Colonnes LimeSurvey et indicateurs</caption>
                  <thead>
                    <tr><th scope="col">Colonne</th><th scope="col">Indicateur</th><th scope="col">Unité</th></tr>
                  </thead>
                  <tbody>
                    {rows.map((p, i) => (
                      <tr key={p.column}>
                        <td>
                          <input type="hidden" name={`column_${i}`} value={p.column} />
                          <code>{p.column}</code> {p.title.replace(p.column, "").trim()}
                        </td>
                        <td>
                          <label className="fr-sr-only" htmlFor={`indicator_${i}`}>Indicateur de {p.column}</label>
                          <select className="fr-select" id={`indicator_${i}`} name={`indicator_${i}`} defaultValue={applied.get(p.column)?.indicator ?? p.indicator}>
                            <option value="">Ne pas utiliser</option>
                            {run.indicators.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                          </select>
                        </td>
                        <td>
                          <label className="fr-sr-only" htmlFor={`unit_${i}`}>Unité de {p.column}</label>
                          <select className="fr-select" id={`unit_${i}`} name={`unit_${i}`} defaultValue={applied.get(p.column)?.unit ?? p.unit}>
                            {run.units.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                          </select>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <button className="fr-btn" type="submit" disabled={navigation.state !== "idle"}>Confirmer la correspondance</button>
            </Form>
          )}
          {r.mappingApplied ? (
            <p className="fr-mt-3w">
              <Link to="/tableaux-de-bord">Voir la charge des référents, année par année</Link>
            </p>
          ) : null}
        </>
      ) : null}

      <h2>Rapport de conversion</h2>
      <p>{reportSummary(run.report)}</p>
      <ul>{run.report.notes.map((n) => <li key={n}>{n}</li>)}</ul>
      <DataTable
        caption="Questions converties"
        headers={["Code", "Type LimeSurvey", "Type SurveyJS", "Résultat", "Détail"]}
        rows={run.report.questions.map((q, i) => ({ key: `${q.code}-${i}`, cells: [q.code, `${q.lsType} — ${q.typeLabel}`, q.surveyjsType ?? "—", STATUS_LABELS[q.status], q.notes.join(" ; ") || "—"] }))}
      />
    </div>
  );
}
