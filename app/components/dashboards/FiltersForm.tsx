// The dashboard filters: a GET form, so the URL holds the whole view and can be shared or bookmarked.
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { ESTABLISHMENT_TYPE_LABELS, SECTOR_LABELS } from "../../domain/labels.ts";
import { ESTABLISHMENT_TYPES, PRIORITY_LABELS, PRIORITY_VALUES, REFERENT_BUCKETS, REFERENT_BUCKET_LABELS, type DashboardFilters } from "../../domain/dashboards/filters.ts";

export type FilterOptions = {
  schoolYears: string[];
  departments: { code: string; name: string }[];
  basins: { code: string; name: string }[];
  academies: { id: string; name: string }[];
};

function Select(props: { name: string; label: string; value?: string; options: [string, string][]; all?: string | null }) {
  return (
    <div className="fr-fieldset__element fr-fieldset__element--inline rupn-filter">
      <div className="fr-select-group">
        <label className="fr-label" htmlFor={`filtre-${props.name}`}>
          {props.label}
        </label>
        <select className="fr-select" id={`filtre-${props.name}`} name={props.name} defaultValue={props.value ?? ""}>
          {props.all === null ? null : <option value="">{props.all ?? "Tous"}</option>}
          {props.options.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

function Checkboxes(props: { name: string; legend: string; values: string[]; options: [string, string][]; hint?: string }) {
  return (
    <fieldset className="fr-fieldset" id={`filtre-${props.name}`} aria-labelledby={`filtre-${props.name}-legende`}>
      <legend className="fr-fieldset__legend--regular fr-fieldset__legend" id={`filtre-${props.name}-legende`}>
        {props.legend}
        {props.hint ? <span className="fr-hint-text">{props.hint}</span> : null}
      </legend>
      {props.options.map(([value, label]) => (
        <div className="fr-fieldset__element fr-fieldset__element--inline" key={value}>
          <div className="fr-checkbox-group fr-checkbox-group--sm">
            <input type="checkbox" id={`filtre-${props.name}-${value}`} name={props.name} value={value} defaultChecked={props.values.includes(value)} />
            <label className="fr-label" htmlFor={`filtre-${props.name}-${value}`}>
              {label}
            </label>
          </div>
        </div>
      ))}
    </fieldset>
  );
}

export function FiltersForm(props: {
  filters: DashboardFilters;
  options: FilterOptions;
  /** Which filters the page offers. */
  fields: { years?: boolean; referents?: boolean };
  yearsHint?: string;
  resetTo: string;
  hidden?: Record<string, string | undefined>;
  children?: ReactNode;
}) {
  const f = props.filters;
  return (
    <Form method="get" className="rupn-filters fr-mb-4w" aria-label="Filtres du tableau de bord">
      {Object.entries(props.hidden ?? {}).map(([k, v]) => (v ? <input key={k} type="hidden" name={k} value={v} /> : null))}
      {props.children}
      {props.fields.years ? (
        <Checkboxes
          name="annee"
          legend="Années scolaires des bilans"
          hint={props.yearsHint ?? "Sans choix : la dernière année qui a des bilans envoyés."}
          values={f.schoolYears}
          options={props.options.schoolYears.map((y) => [y, y])}
        />
      ) : null}
      <Checkboxes name="type" legend="Types d'établissement" hint="Sans choix : tous les types." values={f.types} options={ESTABLISHMENT_TYPES.map((t) => [t, ESTABLISHMENT_TYPE_LABELS[t]])} />
      <fieldset className="fr-fieldset" aria-label="Zone, secteur et public">
        {props.options.academies.length > 1 ? (
          <Select name="academie" label="Académie" value={f.academyId} all="Toutes" options={props.options.academies.map((a) => [a.id, a.name])} />
        ) : null}
        <Select name="departement" label="Département" value={f.departmentCode} options={props.options.departments.map((d) => [d.code, `${d.name} (${d.code})`])} />
        {props.options.basins.length ? (
          <Select name="bassin" label="Bassin de formation" value={f.basinCode} options={props.options.basins.map((b) => [b.code, b.name])} />
        ) : null}
        <Select name="secteur" label="Public ou privé" value={f.sector} options={Object.entries(SECTOR_LABELS)} />
        <Select name="ep" label="Éducation prioritaire" value={f.priority} all="Toutes" options={PRIORITY_VALUES.map((p) => [p, PRIORITY_LABELS[p]])} />
        {props.fields.referents ? (
          <Select name="referents" label="Nombre de référents déclaré" value={f.referents} options={REFERENT_BUCKETS.map((b) => [b, REFERENT_BUCKET_LABELS[b]])} />
        ) : null}
        <Select name="decoupage" label="Découpage par zone" value={f.zoneLevel} all={null} options={[["departement", "Par département"], ["bassin", "Par bassin de formation"]]} />
      </fieldset>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <button className="fr-btn" type="submit">
            Appliquer les filtres
          </button>
        </li>
        <li>
          <a className="fr-btn fr-btn--tertiary" href={props.resetTo}>
            Réinitialiser
          </a>
        </li>
      </ul>
    </Form>
  );
}
