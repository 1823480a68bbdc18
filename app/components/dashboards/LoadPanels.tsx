// The panels of the load dashboard, drawn from the loader's aggregates.
import { Link } from "@remix-run/react";
import type { loadDashboardPage } from "../../services/dashboards.server.ts";
import { histogramChart, histogramTable, workloadChart, workloadSummary, workloadTable } from "../../domain/dashboards/charts.ts";
import { EXCEEDING_SORT_LABELS, type DashboardFilters, type ExceedingSort } from "../../domain/dashboards/filters.ts";
import { formatHours, formatShare, type WorkloadRow } from "../../domain/dashboards/workload.ts";
import { ESTABLISHMENT_TYPE_LABELS, formatCount } from "../../domain/labels.ts";
import { csvHref, type PanelTable } from "../../domain/dashboards/table.ts";
import { ChartPanel } from "./ChartPanel.tsx";
import { DataTable } from "../DataTable.tsx";
import { plural } from "../../domain/format/fr.ts";

type Data = Awaited<ReturnType<typeof loadDashboardPage>>["data"];

function WorkloadPanel(props: { id: string; title: string; group: string; rows: WorkloadRow[]; note?: string; fileName: string }) {
  return (
    <ChartPanel
      id={props.id}
      title={props.title}
      spec={workloadChart(props.rows)}
      table={workloadTable(props.rows, props.group)}
      fileName={props.fileName}
      caption={
        <>
          Barres empilées : heures hebdomadaires moyennes par référent·e et par activité{props.note ? ` ${props.note}` : ""}. Chaque
          activité a sa couleur et son motif, dans l'ordre de la légende. {workloadSummary(props.rows)}.
        </>
      }
    />
  );
}

export function LoadPanels({ data, filters, sort, search }: { data: Data; filters: DashboardFilters; sort: ExceedingSort; search: string }) {
  const years = data.schoolYears.join(", ");
  const suffix = data.schoolYears.join("_") || "aucune-annee";
  const t = data.totals;
  if (t.responses === 0 && data.byYear.length === 0) {
    return (
      <div className="fr-callout" data-testid="no-data">
        <p className="fr-callout__text">Aucun bilan envoyé ne correspond à ces filtres{years ? ` pour ${years}` : ""}.</p>
      </div>
    );
  }
  const zoneWord = filters.zoneLevel === "bassin" ? "bassin de formation" : "département";
  const mostAssisted = [...data.histogram].reverse().find((b) => b.count > 0);
  return (
    <>
      <div className="fr-callout fr-mb-5w" data-testid="key-figures">
        <h2 className="fr-callout__title fr-h5">Bilans {years || "—"}</h2>
        <ul className="fr-callout__text fr-text--md">
          <li>{plural(t.responses, "bilan envoyé")}, pour {plural(t.establishments, "établissement")}.</li>
          <li data-testid="exceed-share">
            Pour {formatShare(t.exceedShare)} des référents ({formatCount(t.exceed)} sur {formatCount(t.responses)}), l'assistance dépasse
            l'accompagnement pédagogique.
          </li>
          {t.noHours ? <li>{plural(t.noHours, "bilan ne déclare", "bilans ne déclarent")} aucune heure.</li> : null}
        </ul>
      </div>
      <WorkloadPanel id="par-type" title="Répartition du temps par type d'établissement" group="Type d'établissement" rows={data.byType} fileName={`charge-par-type-${suffix}`} />
      <WorkloadPanel id="par-zone" title={`Répartition du temps par ${zoneWord}`} group={filters.zoneLevel === "bassin" ? "Bassin de formation" : "Département"} rows={data.byZone} fileName={`charge-par-zone-${suffix}`} />
      <WorkloadPanel id="par-secteur" title="Répartition du temps : public et privé" group="Secteur" rows={data.bySector} fileName={`charge-par-secteur-${suffix}`} />
      <WorkloadPanel
        id="par-annee"
        title="Évolution d'une année à l'autre"
        group="Année scolaire"
        rows={data.byYear}
        note="pour chaque année qui a des bilans (tous les autres filtres s'appliquent, pas celui des années)"
        fileName="charge-par-annee"
      />
      <ChartPanel
        id="repartition-assistance"
        title="Part de l'assistance dans le temps des référents"
        spec={histogramChart(data.histogram)}
        table={histogramTable(data.histogram)}
        fileName={`part-assistance-${suffix}`}
        caption={
          <>
            Histogramme : nombre de bilans selon la part de l'assistance et de la maintenance dans les heures déclarées, par tranches de 10
            points. {mostAssisted ? `Les bilans les plus chargés en assistance sont dans la tranche « ${mostAssisted.label} ».` : ""}
          </>
        }
      />
      <ExceedingTable data={data} sort={sort} search={search} suffix={suffix} />
    </>
  );
}

const SORTABLE: Partial<Record<number, ExceedingSort>> = { 0: "nom", 4: "annee", 6: "assistance", 8: "ecart", 9: "part" };
const HEADERS = ["Établissement", "UAI", "Type", "Zone", "Année", "Bilans", "Assistance (h/semaine)", "Accompagnement (h/semaine)", "Écart (h/semaine)", "Part de l'assistance (%)"];

function ExceedingTable({ data, sort, search, suffix }: { data: Data; sort: ExceedingSort; search: string; suffix: string }) {
  const { rows, matching } = data.exceeding;
  const table: PanelTable = {
    columns: HEADERS,
    rows: rows.map((r) => ({
      key: `${r.establishmentId}/${r.campaignId}`,
      cells: [r.name, r.uai, ESTABLISHMENT_TYPE_LABELS[r.type as keyof typeof ESTABLISHMENT_TYPE_LABELS] ?? r.type, r.zone, r.schoolYearId, r.referents, r.assistance, r.pedagogical, r.gap, r.assistanceShare === null ? null : Math.round(r.assistanceShare * 1000) / 10],
    })),
  };
  const sortHref = (key: ExceedingSort) => `${search ? `${search}&` : "?"}tri=${key}#etablissements-assistance`;
  const sortedColumn = Number(Object.entries(SORTABLE).find(([, k]) => k === sort)?.[0] ?? 8);
  return (
    <section className="rupn-panel fr-mb-6w" aria-labelledby="etablissements-assistance" data-testid="panel-etablissements">
      <h2 id="etablissements-assistance" className="fr-h4">
        Établissements où l'assistance dépasse l'accompagnement pédagogique
      </h2>
      <p className="fr-text--sm">
        Établissements dont les référents déclarent ensemble plus d'heures d'assistance que d'accompagnement pédagogique, pour une
        campagne : {formatCount(matching)}
        {matching > rows.length ? ` (les ${rows.length} premiers sont affichés)` : ""}. Tri : {EXCEEDING_SORT_LABELS[sort]} ; cliquez
        sur l'en-tête d'une colonne pour trier.
      </p>
      {rows.length ? (
        <>
          <DataTable
            scrollable
            caption="Établissements où l'assistance dépasse l'accompagnement pédagogique"
            hideCaption
            testId="table-etablissements"
            sortedBy={{ column: sortedColumn, direction: sort === "nom" ? "ascending" : "descending" }}
            headers={HEADERS.map((h, i) => {
              const key = SORTABLE[i];
              return key ? (
                <Link key={h} to={sortHref(key)} preventScrollReset title={`Trier par ${EXCEEDING_SORT_LABELS[key]}`}>
                  {h}
                </Link>
              ) : (
                h
              );
            })}
            rows={rows.map((r) => ({
              key: `${r.establishmentId}/${r.campaignId}`,
              cells: [
                r.responsesLink ? <Link key="l" to={r.responsesLink}>{r.name}</Link> : r.name,
                r.uai,
                ESTABLISHMENT_TYPE_LABELS[r.type as keyof typeof ESTABLISHMENT_TYPE_LABELS] ?? r.type,
                r.zone,
                r.schoolYearId,
                formatCount(r.referents),
                formatHours(r.assistance),
                formatHours(r.pedagogical),
                formatHours(r.gap),
                formatShare(r.assistanceShare),
              ],
            }))}
          />
          <a className="fr-btn fr-btn--secondary fr-btn--sm fr-icon-download-line fr-btn--icon-left" href={csvHref(table)} download={`assistance-superieure-${suffix}.csv`} data-testid="csv-etablissements">
            Télécharger ce tableau (CSV)
          </a>
        </>
      ) : (
        <p>Aucun établissement dans ce cas pour ces filtres.</p>
      )}
    </section>
  );
}
