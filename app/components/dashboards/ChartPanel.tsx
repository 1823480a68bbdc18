// A dashboard panel that everyone can read: a title, the chart (drawn in the browser), a caption saying what it
// shows, a data table with the same numbers (toggle), a CSV of exactly those numbers and a PNG of the chart.
import { lazy, Suspense, useRef, type ReactNode } from "react";
import { ClientOnly } from "../ClientOnly.tsx";
import { DataTable } from "../DataTable.tsx";
import type { ChartSpec } from "../../domain/dashboards/charts.ts";
import { csvHref, formatCell, type PanelTable } from "../../domain/dashboards/table.ts";
import { downloadChartPng } from "./png.ts";

const Chart = lazy(() => import("./Charts.client.tsx"));

export type ChartPanelProps = {
  id: string;
  title: string;
  /** What the chart shows and its main figures, in a sentence or two (also for screen-reader users). */
  caption: ReactNode;
  spec: ChartSpec;
  table: PanelTable;
  /** File name of the downloads, without extension. */
  fileName: string;
  /** Shown instead of the chart when there is nothing to draw. */
  empty?: string;
  headingLevel?: 2 | 3;
};

export function ChartPanel(props: ChartPanelProps) {
  const chartRef = useRef<HTMLDivElement>(null);
  const Heading = props.headingLevel === 3 ? "h3" : "h2";
  const titleId = `${props.id}-titre`;
  const loading = <p className="fr-text--sm rupn-chart__loading">Chargement du graphique…</p>;
  const isEmpty = props.table.rows.length === 0;
  return (
    <section className="rupn-panel fr-mb-6w" aria-labelledby={titleId} data-testid={`panel-${props.id}`}>
      <Heading id={titleId} className="fr-h4">
        {props.title}
      </Heading>
      {isEmpty ? (
        <p className="fr-text--sm">{props.empty ?? "Aucune donnée pour ces filtres."}</p>
      ) : (
        <>
          <figure className="rupn-chart fr-m-0" aria-labelledby={`${props.id}-legende`}>
            <div ref={chartRef} className="rupn-chart__drawing" role="img" aria-label={`Graphique : ${props.title}. Les valeurs sont dans le tableau de données.`}>
              <ClientOnly fallback={loading}>
                {() => (
                  <Suspense fallback={loading}>
                    <Chart id={props.id} spec={props.spec} />
                  </Suspense>
                )}
              </ClientOnly>
            </div>
            <figcaption id={`${props.id}-legende`} className="fr-text--sm fr-mt-1w">
              {props.caption}
            </figcaption>
          </figure>
          <ul className="fr-btns-group fr-btns-group--inline-sm fr-btns-group--sm fr-btns-group--icon-left fr-mt-2w">
            <li>
              <a
                className="fr-btn fr-btn--secondary fr-icon-download-line"
                href={csvHref(props.table)}
                download={`${props.fileName}.csv`}
                data-testid={`csv-${props.id}`}
              >
                Télécharger les données (CSV)
              </a>
            </li>
            <ClientOnly fallback={null}>
              {() => (
                <li>
                  <button
                    type="button"
                    className="fr-btn fr-btn--tertiary fr-icon-image-line"
                    onClick={() => chartRef.current && downloadChartPng(chartRef.current, props.id, props.title, props.spec.series, `${props.fileName}.png`)}
                  >
                    Télécharger l'image (PNG)
                  </button>
                </li>
              )}
            </ClientOnly>
          </ul>
          <details className="rupn-data-toggle">
            <summary className="fr-btn fr-btn--tertiary-no-outline fr-btn--sm">Afficher le tableau de données</summary>
            <DataTable
              scrollable
              caption={`Données : ${props.title}`}
              headers={props.table.columns}
              rows={props.table.rows.map((r) => ({ key: r.key, cells: r.cells.map(formatCell) }))}
              testId={`table-${props.id}`}
            />
          </details>
        </>
      )}
    </section>
  );
}
