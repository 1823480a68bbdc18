import { useEffect, useState } from "react";
import { Form } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { ESTABLISHMENT_TYPE_LABELS } from "../../domain/labels.ts";
import { formatEuros } from "../../domain/imp/money.ts";

export type RuleRow = { type: string; minPupils: string; maxPupils: string; units: string; unitRate: string };
const TYPES = ["COLLEGE", "LYCEE", "LYCEE_PRO", "EREA", "OTHER"] as const;

/**
 * The editable table of a draft rule set: one line per establishment type × pupil range. Each field carries
 * its own French error from the server (key "rules.<line>.<field>"); lines are added and removed in the page.
 */
export function RuleSetForm(props: {
  schoolYear: string;
  version: number;
  effectiveFrom: string;
  source: string;
  rows: RuleRow[];
  legalRates: number[];
  fieldErrors: Record<string, string>;
  generalErrors: string[];
  submitting: boolean;
  onDirtyChange: (dirty: boolean) => void;
}) {
  const [rows, setRows] = useState(props.rows);
  const [dirty, setDirty] = useState(false);
  const { onDirtyChange } = props;
  useEffect(() => onDirtyChange(dirty), [dirty, onDirtyChange]);
  const change = (index: number, field: keyof RuleRow, value: string) => {
    setRows((current) => current.map((row, i) => (i === index ? { ...row, [field]: value } : row)));
    setDirty(true);
  };
  const rates = props.legalRates.map(String);
  const error = (key: string) => props.fieldErrors[key];
  // Errors about a whole line (overlapping ranges) have no single field: shown on the line and in the summary.
  const lineErrors = Object.entries(props.fieldErrors).flatMap(([key, message]) => {
    const match = /^rules\.(\d+)$/.exec(key);
    return match ? [{ index: Number(match[1]), message }] : [];
  });
  const summary = [...props.generalErrors, ...lineErrors.map((e) => `Ligne ${e.index + 1} : ${e.message}`)];
  const cell = (index: number, field: keyof RuleRow, label: string, control: (attrs: Record<string, unknown>) => JSX.Element) => {
    const key = `rules.${index}.${field}`;
    const message = error(key);
    const id = `regle-${index}-${field}`;
    return (
      <td className={message ? "rupn-cell-error" : undefined}>
        <label className="fr-sr-only" htmlFor={id}>
          {label}, ligne {index + 1}
        </label>
        {control({ id, name: field, "aria-invalid": message ? true : undefined, "aria-describedby": message ? `${id}-erreur` : undefined })}
        {message ? (
          <p className="fr-error-text" id={`${id}-erreur`}>
            {message}
          </p>
        ) : null}
      </td>
    );
  };
  return (
    <Form method="post" onChange={() => setDirty(true)} onSubmit={() => setDirty(false)}>
      <input type="hidden" name="intent" value="save" />
      <input type="hidden" name="version" value={props.version} />
      {summary.length ? (
        <Alert
          severity="error"
          small
          className="fr-mb-3w"
          description={
            <ul>
              {summary.map((m) => (
                <li key={m}>{m}</li>
              ))}
            </ul>
          }
        />
      ) : null}
      <div className="fr-grid-row fr-grid-row--gutters">
        <div className="fr-col-12 fr-col-md-4">
          <div className={`fr-input-group${error("effectiveFrom") ? " fr-input-group--error" : ""}`}>
            <label className="fr-label" htmlFor="effectiveFrom">
              Date d'effet
              <span className="fr-hint-text">Dans l'année scolaire {props.schoolYear}.</span>
            </label>
            <input className="fr-input" type="date" id="effectiveFrom" name="effectiveFrom" defaultValue={props.effectiveFrom} required aria-describedby={error("effectiveFrom") ? "effectiveFrom-erreur" : undefined} />
            {error("effectiveFrom") ? <p className="fr-error-text" id="effectiveFrom-erreur">{error("effectiveFrom")}</p> : null}
          </div>
        </div>
        <div className="fr-col-12 fr-col-md-8">
          <div className={`fr-input-group${error("source") ? " fr-input-group--error" : ""}`}>
            <label className="fr-label" htmlFor="source">
              Source
              <span className="fr-hint-text">Le texte qui fonde ces règles (lettre de cadrage du recteur, date).</span>
            </label>
            <input className="fr-input" id="source" name="source" defaultValue={props.source} maxLength={500} />
            {error("source") ? <p className="fr-error-text">{error("source")}</p> : null}
          </div>
        </div>
      </div>
      <div className="fr-table fr-table--multiline" data-testid="rule-rows">
        <div className="fr-table__wrapper">
          <div className="fr-table__container" tabIndex={0} role="region" aria-label="Tranches des règles d'enveloppe">
            <div className="fr-table__content">
              <table>
                <caption>Tranches : type d'établissement et effectif (bornes incluses) → nombre d'IMP × taux unitaire</caption>
                <thead>
                  <tr>
                    <th scope="col">Type</th>
                    <th scope="col">Effectif minimum</th>
                    <th scope="col">Effectif maximum (vide : sans limite)</th>
                    <th scope="col">Nombre d'IMP</th>
                    <th scope="col">Taux unitaire</th>
                    <th scope="col">Enveloppe</th>
                    <th scope="col">Action</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, index) => (
                    <tr key={index} data-testid="rule-row">
                      {cell(index, "type", "Type", (a) => (
                        <select className="fr-select" style={{ minWidth: "12rem" }} {...a} value={row.type} onChange={(e) => change(index, "type", e.target.value)}>
                          {TYPES.map((t) => (
                            <option key={t} value={t}>
                              {ESTABLISHMENT_TYPE_LABELS[t]}
                            </option>
                          ))}
                        </select>
                      ))}
                      {cell(index, "minPupils", "Effectif minimum", (a) => (
                        <input className="fr-input" style={{ minWidth: "6rem" }} inputMode="numeric" {...a} value={row.minPupils} onChange={(e) => change(index, "minPupils", e.target.value)} />
                      ))}
                      {cell(index, "maxPupils", "Effectif maximum", (a) => (
                        <input className="fr-input" style={{ minWidth: "6rem" }} inputMode="numeric" {...a} value={row.maxPupils} onChange={(e) => change(index, "maxPupils", e.target.value)} />
                      ))}
                      {cell(index, "units", "Nombre d'IMP", (a) => (
                        <input className="fr-input" style={{ minWidth: "6rem" }} inputMode="numeric" {...a} value={row.units} onChange={(e) => change(index, "units", e.target.value)} />
                      ))}
                      {cell(index, "unitRate", "Taux unitaire", (a) => (
                        <select className="fr-select" style={{ minWidth: "10rem" }} {...a} value={row.unitRate} onChange={(e) => change(index, "unitRate", e.target.value)}>
                          {(rates.includes(row.unitRate) ? rates : [row.unitRate, ...rates]).map((r) => (
                            <option key={r} value={r}>
                              {/^\d+$/.test(r) ? formatEuros(Number(r)) : r}
                              {rates.includes(r) ? "" : " (taux non légal)"}
                            </option>
                          ))}
                        </select>
                      ))}
                      <td>{/^\d+$/.test(row.units) && /^\d+$/.test(row.unitRate) ? formatEuros(Number(row.units) * Number(row.unitRate)) : "—"}</td>
                      <td>
                        {error(`rules.${index}`) ? (
                          <p className="fr-error-text fr-mt-0 fr-mb-1w" id={`regle-${index}-erreur`}>
                            {error(`rules.${index}`)}
                          </p>
                        ) : null}
                        <button
                          type="button"
                          className="fr-btn fr-btn--tertiary fr-btn--sm"
                          title={`Supprimer la ligne ${index + 1}`}
                          onClick={() => {
                            setRows((current) => current.filter((_, i) => i !== index));
                            setDirty(true);
                          }}
                        >
                          Supprimer
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <button
            type="button"
            className="fr-btn fr-btn--secondary"
            onClick={() => {
              setRows((current) => [...current, { type: "COLLEGE", minPupils: "", maxPupils: "", units: "1", unitRate: rates.includes("125000") ? "125000" : rates[0] ?? "" }]);
              setDirty(true);
            }}
          >
            Ajouter une tranche
          </button>
        </li>
        <li>
          <button type="submit" className="fr-btn" disabled={props.submitting}>
            Enregistrer le brouillon
          </button>
        </li>
      </ul>
    </Form>
  );
}
