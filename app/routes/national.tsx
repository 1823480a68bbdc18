// The national view (issue 17 part 3, ADR 022): académies compared on the referents' load, participation and IMP,
// year over year. The ministry (NATIONAL) and administrators only; small groups suppressed, no personal data.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { requireUser } from "../auth/guards.server.ts";
import { z } from "../domain/zod-fr.ts";
import { nationalPage } from "../services/dashboards-national.server.ts";
import { rethrowDashboardError } from "../services/dashboards-http.server.ts";
import { ChartPanel } from "../components/dashboards/ChartPanel.tsx";
import { DataTable } from "../components/DataTable.tsx";
import { csvHref, formatCell, type PanelTable } from "../domain/dashboards/table.ts";
import { SMALL_CELL_THRESHOLD } from "../domain/dashboards/suppression.ts";

export const meta: MetaFunction = () => [{ title: "Vue nationale — Plateforme RUPN" }];

const Query = z.object({
  annee: z.string().regex(/^\d{4}-\d{4}$/, "Année scolaire invalide (exemple : 2025-2026).").optional(),
  academie: z.string().min(1).max(64, "Académie invalide.").optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const params = new URL(request.url).searchParams;
  const parsed = Query.safeParse({ annee: params.get("annee") || undefined, academie: params.get("academie") || undefined });
  if (!parsed.success) throw new Response(parsed.error.issues.map((i) => i.message).join(" "), { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
  return nationalPage(actor, { schoolYear: parsed.data.annee, academyId: parsed.data.academie }).catch(rethrowDashboardError);
}

function SuppressedTable({ id, title, table }: { id: string; title: string; table: PanelTable }) {
  return (
    <section className="fr-mb-6w" aria-labelledby={`${id}-titre`} data-testid={`panel-${id}`}>
      <h2 id={`${id}-titre`} className="fr-h4">
        {title}
      </h2>
      <DataTable scrollable caption={`Données : ${title}`} headers={table.columns} rows={table.rows.map((r) => ({ key: r.key, cells: r.cells.map(formatCell) }))} testId={`table-${id}`} />
      <a className="fr-btn fr-btn--secondary fr-btn--sm fr-icon-download-line fr-btn--icon-left" href={csvHref(table)} download={`vue-nationale-${id}.csv`} data-testid={`csv-${id}`}>
        Télécharger les données (CSV)
      </a>
    </section>
  );
}

export default function NationalPage() {
  const page = useLoaderData<typeof loader>();
  const view = page.view;
  return (
    <div className="fr-my-4w">
      <h1>Vue nationale</h1>
      <p className="fr-text--lead">
        Les académies comparées : temps des référents (assistance et accompagnement pédagogique), participation aux bilans,
        enveloppes et IMP attribuées, d'une année sur l'autre.
      </p>
      <div className="fr-callout fr-mb-4w">
        <p className="fr-callout__text">
          Secret statistique : un groupe de moins de {SMALL_CELL_THRESHOLD} référents est affiché « &lt; {SMALL_CELL_THRESHOLD} », et
          ses heures, taux et montants sont masqués. Une case « s » est masquée pour qu'aucune case « &lt; {SMALL_CELL_THRESHOLD} » ne
          puisse se déduire des totaux par soustraction. Aucune donnée personnelle n'est affichée.
        </p>
      </div>
      <Form method="get" className="fr-mb-4w" aria-label="Choix de l'année et de l'académie">
        <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom">
          <div className="fr-col-12 fr-col-md-4 fr-select-group">
            <label className="fr-label" htmlFor="national-annee">
              Année scolaire
            </label>
            <select className="fr-select" id="national-annee" name="annee" defaultValue={view?.schoolYear ?? ""}>
              {page.schoolYears.map((y) => (
                <option key={y} value={y}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <div className="fr-col-12 fr-col-md-4 fr-select-group">
            <label className="fr-label" htmlFor="national-academie">
              Détail d'une académie (facultatif)
            </label>
            <select className="fr-select" id="national-academie" name="academie" defaultValue={view?.academy?.id ?? ""}>
              <option value="">Aucune</option>
              {page.academies.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div className="fr-col-12 fr-col-md-4 fr-mb-3w">
            <button type="submit" className="fr-btn">
              Afficher
            </button>
          </div>
        </div>
      </Form>
      {!view ? (
        <p>Aucun bilan ni aucune lettre de mission validée pour le moment.</p>
      ) : (
        <>
          <ChartPanel
            id="charge"
            title={`Charge des référents par académie, ${view.schoolYear}`}
            caption="Heures hebdomadaires moyennes déclarées par référent·e dans les bilans envoyés : assistance et maintenance de niveau 1 face à l'accompagnement des pratiques pédagogiques."
            spec={view.load.chart}
            table={view.load.indicators}
            fileName={`vue-nationale-charge-${view.schoolYear}`}
          />
          <SuppressedTable id="bilans-types" title={`Bilans envoyés par académie et type d'établissement, ${view.schoolYear}`} table={view.load.counts} />
          <ChartPanel
            id="participation"
            title={`Participation aux bilans par académie, ${view.schoolYear}`}
            caption="Part des référents invités aux campagnes de bilan de l'année qui ont envoyé leur bilan."
            spec={view.participation.chart}
            table={view.participation.table}
            fileName={`vue-nationale-participation-${view.schoolYear}`}
            empty="Aucune campagne de bilan pour cette année."
          />
          <ChartPanel
            id="imp"
            title={`IMP des lettres de mission validées par académie, ${view.schoolYear}`}
            caption="IMP attribuées rapportées aux établissements et aux élèves, et part des enveloppes notifiées qu'elles utilisent."
            spec={view.imp.chart}
            table={view.imp.table}
            fileName={`vue-nationale-imp-${view.schoolYear}`}
            empty="Aucune lettre de mission validée pour cette année."
          />
          <ChartPanel
            id="evolution"
            title="Évolution nationale d'une année sur l'autre"
            caption="Heures hebdomadaires moyennes d'assistance et d'accompagnement pédagogique par référent·e, pour l'ensemble des académies, année par année."
            spec={view.years.chart}
            table={view.years.national}
            fileName="vue-nationale-evolution"
          />
          <SuppressedTable id="evolution-academies" title="Bilans et part de l'assistance par académie et par année" table={view.years.byAcademy} />
          {view.academy ? (
            <ChartPanel
              id="academie"
              title={`${view.academy.name} : bilans par type d'établissement et par année`}
              caption="Bilans envoyés chaque année, par type d'établissement."
              spec={view.academy.chart}
              table={view.academy.table}
              fileName={`vue-nationale-${view.academy.id}`}
            />
          ) : null}
        </>
      )}
    </div>
  );
}
