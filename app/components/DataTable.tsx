import type { ReactNode } from "react";

export type DataTableRow = { key: string; cells: ReactNode[] };

/** A DSFR table (fr-table markup) with a caption, column headers and rows. */
export function DataTable(props: {
  caption: string;
  headers: ReactNode[];
  rows: DataTableRow[];
  hideCaption?: boolean;
  testId?: string;
  /** The column the rows are sorted by (announced with aria-sort). */
  sortedBy?: { column: number; direction: "ascending" | "descending" };
  /**
   * DSFR's scrollable table pattern: on a narrow screen the table scrolls sideways inside its own box, reachable
   * with the keyboard (RGAA 7.3). Opt-in: the region's name (the caption) would otherwise also match form labels.
   */
  scrollable?: boolean;
  /** Cells on one line (DSFR's default). By default cells wrap, so that a table fits a desktop screen. */
  nowrap?: boolean;
}) {
  const scrollable = props.scrollable ?? false;
  return (
    <div className={`fr-table${props.nowrap ? "" : " fr-table--multiline"}${props.hideCaption ? " fr-table--no-caption" : ""}`} data-testid={props.testId}>
      <div className="fr-table__wrapper">
        <div className="fr-table__container" {...(scrollable ? { tabIndex: 0, role: "region", "aria-label": props.caption } : {})}>
          <div className="fr-table__content">
            <table>
              <caption>{props.caption}</caption>
              <thead>
                <tr>
                  {props.headers.map((h, i) => (
                    <th scope="col" key={i} aria-sort={props.sortedBy?.column === i ? props.sortedBy.direction : undefined}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {props.rows.map((row) => (
                  <tr key={row.key}>
                    {row.cells.map((cell, i) => (
                      <td key={i}>{cell}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
    </div>
  );
}
