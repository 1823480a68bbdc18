import type { ReactNode } from "react";
import type { DataTableRow } from "../DataTable.tsx";

/**
 * A DSFR table for wide content (many columns, long rule texts): like DataTable, but its horizontally
 * scrollable container is focusable and named, so keyboard users can scroll it (RGAA, axe
 * "scrollable-region-focusable").
 */
export function WideTable(props: { caption: string; headers: ReactNode[]; rows: DataTableRow[]; testId?: string }) {
  return (
    <div className="fr-table fr-table--multiline" data-testid={props.testId}>
      <div className="fr-table__wrapper">
        <div className="fr-table__container" tabIndex={0} role="region" aria-label={props.caption}>
          <div className="fr-table__content">
            <table>
              <caption>{props.caption}</caption>
              <thead>
                <tr>
                  {props.headers.map((h, i) => (
                    <th scope="col" key={i}>
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

/** An establishment's name (wrapping, unlike the other cells) with its identifiers in small text below. */
export function EstablishmentCell(props: { name: ReactNode; details: string }) {
  return (
    <div style={{ whiteSpace: "normal", minWidth: "14rem" }}>
      {props.name}
      <br />
      <span className="fr-text--xs">{props.details}</span>
    </div>
  );
}
