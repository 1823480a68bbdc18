import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { requireRole } from "../auth/guards.server.ts";
import { listRuleSets, managedAcademyChoice, prepareNextYear } from "../services/imp-rule-set-editor.server.ts";
import { ImpServiceError, rethrowImpAsHttp } from "../services/imp-errors.server.ts";
import { formatDate, formatDateTime } from "../domain/campaigns.ts";
import { DataTable } from "../components/DataTable.tsx";
import { AcademyPicker } from "../components/imp/AcademyPicker.tsx";
import { academyLabel } from "../domain/format/fr.ts";

export const meta: MetaFunction = () => [{ title: "Règles d'enveloppe IMP — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "RECTORAT"]);
  const requested = new URL(request.url).searchParams.get("academie");
  const { academy, academies } = await managedAcademyChoice(actor, requested).catch(rethrowImpAsHttp);
  const list = await listRuleSets(academy.id);
  return {
    academy,
    academies,
    ...list,
    sets: list.sets.map((s) => ({
      ...s,
      effectiveFrom: formatDate(s.effectiveFrom),
      publishedAt: s.publishedAt ? formatDateTime(s.publishedAt) : null,
    })),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "RECTORAT"]);
  const form = await request.formData();
  if (form.get("intent") !== "prepare") return data({ error: "Action inconnue." }, { status: 400 });
  try {
    const { id } = await prepareNextYear(actor, String(form.get("academyId") ?? ""), context.clientIp ?? null);
    return redirect(`/imp/regles/${id}`);
  } catch (error) {
    if (error instanceof ImpServiceError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function RuleSets() {
  const { academy, academies, sets, next, canPrepare, nextDraftId } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="fr-my-5w">
      <h1>Règles d'enveloppe IMP</h1>
      <p>
        Chaque année, l'académie notifie à chaque établissement une enveloppe d'indemnités pour mission particulière (IMP) destinée à
        ses référents numériques. Ces règles la calculent à partir du type d'établissement et de son effectif. Les lettres de mission
        de l'année utilisent les règles publiées en vigueur.
      </p>
      <AcademyPicker academies={academies} current={academy.id} action="/imp/regles" />
      {result && "error" in result ? <Alert severity="error" small className="fr-mb-3w" description={result.error} /> : null}
      <div className="fr-mb-4w">
        {nextDraftId ? (
          <Link className="fr-btn" to={`/imp/regles/${nextDraftId}`}>
            Reprendre le brouillon {next}
          </Link>
        ) : canPrepare ? (
          <Form method="post">
            <input type="hidden" name="intent" value="prepare" />
            <input type="hidden" name="academyId" value={academy.id} />
            <button className="fr-btn" type="submit">
              Préparer l'année suivante ({next})
            </button>
            <p className="fr-hint-text fr-mt-1w">Crée un brouillon pour {next}, copié des règles publiées en vigueur, à modifier puis publier.</p>
          </Form>
        ) : (
          <p>Aucune règle n'est publiée pour l'année en cours : il n'y a pas de règles à reprendre pour {next}.</p>
        )}
      </div>
      {sets.length === 0 ? (
        <p>Aucune règle d'enveloppe IMP pour l'{academyLabel(academy.name)}.</p>
      ) : (
        <DataTable
          caption={`Règles d'enveloppe IMP de l'${academyLabel(academy.name)}`}
          testId="rule-sets"
          headers={["Année scolaire", "État", "Date d'effet", "Source", "Tranches", "Publication"]}
          rows={sets.map((s) => ({
            key: s.id,
            cells: [
              <Link key="y" to={`/imp/regles/${s.id}`}>
                Règles {s.schoolYearId}
              </Link>,
              <span key="s">
                <Badge as="span" small noIcon severity={s.status === "PUBLISHED" ? "success" : "new"}>
                  {s.status === "PUBLISHED" ? "Publiées" : "Brouillon"}
                </Badge>
                {s.inForce ? <span className="fr-text--xs fr-ml-1w">en vigueur</span> : null}
              </span>,
              s.effectiveFrom,
              s.source ?? "—",
              s.rules,
              s.publishedAt ? `${s.publishedAt}${s.publishedBy ? ` par ${s.publishedBy}` : ""}` : "—",
            ],
          }))}
        />
      )}
    </div>
  );
}
