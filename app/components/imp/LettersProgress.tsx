import { Form, Link } from "@remix-run/react";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { ESTABLISHMENT_TYPE_LABELS } from "../../domain/labels.ts";
import { LETTER_PROGRESS_LABELS, LETTER_PROGRESS_STATUSES, type LetterProgressStatus, type ProgressTotals } from "../../domain/imp/letter-progress.ts";
import { formatEuros } from "../../domain/imp/money.ts";
import { EstablishmentCell, WideTable } from "./WideTable.tsx";
import { plural } from "../../domain/format/fr.ts";

type Line = {
  establishment: { id: string; uai: string; name: string; type: keyof typeof ESTABLISHMENT_TYPE_LABELS; departmentCode: string | null };
  letter: { id: string; returned: boolean } | null;
  status: LetterProgressStatus;
  envelope: number | null;
  envelopeNote: string | null;
  attributed: number;
  topUp: number;
  lastReminderAt: string | null;
};

const SEVERITY: Record<LetterProgressStatus, "success" | "info" | "new" | "warning" | undefined> = {
  NONE: undefined,
  DRAFT: "new",
  SUBMITTED: "info",
  SIGNED: "warning",
  VALIDATED: "success",
};

export function StatusBadge({ status, returned }: { status: LetterProgressStatus; returned?: boolean }) {
  return (
    <Badge as="span" small noIcon severity={SEVERITY[status]}>
      {LETTER_PROGRESS_LABELS[status]}
      {returned ? " (renvoyée)" : ""}
    </Badge>
  );
}

/** The académie's counts by state and its envelope, attributed and top-up totals (whatever the filters). */
export function ProgressSummary({ totals, academy }: { totals: ProgressTotals; academy: string }) {
  return (
    <div className="fr-callout fr-mb-4w" data-testid="academy-totals">
      <h2 className="fr-callout__title">Académie de {academy}</h2>
      <p className="fr-callout__text">
        {totals.establishments} établissements : {LETTER_PROGRESS_STATUSES.map((s) => `${totals.byStatus[s]} ${LETTER_PROGRESS_LABELS[s].toLowerCase()}`).join(", ")}.
      </p>
      <ul className="fr-mb-0">
        <li>Enveloppes : {formatEuros(totals.envelope)}{totals.envelopeUnknown ? ` (${totals.envelopeUnknown} non calculables)` : ""}</li>
        <li>IMP attribuées : {formatEuros(totals.attributed)}</li>
        <li>Compléments des établissements : {formatEuros(totals.topUp)}</li>
      </ul>
    </div>
  );
}

export function ProgressFilters(props: {
  params: Record<string, string>;
  schoolYearId: string;
  schoolYears: string[];
  departments: [string, string][];
  academyId: string;
}) {
  const select = (id: string, label: string, options: [string, string][], all: string | null, value?: string) => (
    <div className="fr-fieldset__element fr-fieldset__element--inline rupn-filter">
      <div className="fr-select-group">
        <label className="fr-label" htmlFor={`filtre-${id}`}>
          {label}
        </label>
        <select className="fr-select" id={`filtre-${id}`} name={id} defaultValue={value ?? ""}>
          {all === null ? null : <option value="">{all}</option>}
          {options.map(([v, l]) => (
            <option key={v} value={v}>
              {l}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
  return (
    <Form method="get" className="fr-mb-3w">
      <input type="hidden" name="academie" value={props.academyId} />
      <fieldset className="fr-fieldset" aria-label="Filtres">
        {select("annee", "Année scolaire", props.schoolYears.map((y) => [y, y]), null, props.schoolYearId)}
        {select("statut", "État de la lettre", LETTER_PROGRESS_STATUSES.map((s) => [s, LETTER_PROGRESS_LABELS[s]]), "Tous", props.params.statut)}
        {select("type", "Type", Object.entries(ESTABLISHMENT_TYPE_LABELS), "Tous", props.params.type)}
        {select("departement", "Département", props.departments, "Tous", props.params.departement)}
      </fieldset>
      <button className="fr-btn fr-btn--sm" type="submit">
        Filtrer
      </button>
    </Form>
  );
}

const euros = (cents: number | null) => (cents === null ? "—" : formatEuros(cents));

export function LettersProgressTable({ lines, totals }: { lines: Line[]; totals: ProgressTotals }) {
  return (
    <WideTable
      caption={`Lettres de mission par établissement (${plural(lines.length, "affiché")})`}
      testId="letters-progress"
      headers={["Établissement", "Lettre", "Enveloppe", "IMP attribuées", "Complément", "Dernière relance"]}
      rows={[
        ...lines.map((l) => ({
          key: l.establishment.id,
          cells: [
            <EstablishmentCell
              key="n"
              name={l.letter ? <Link to={`/lettres/${l.letter.id}`}>{l.establishment.name}</Link> : l.establishment.name}
              details={[l.establishment.uai, ESTABLISHMENT_TYPE_LABELS[l.establishment.type], l.establishment.departmentCode].filter(Boolean).join(" · ")}
            />,
            <StatusBadge key="s" status={l.status} returned={l.letter?.returned} />,
            l.envelope === null ? (
              <span key="e" title={l.envelopeNote ?? undefined}>
                Non calculable
                <span className="fr-sr-only"> : {l.envelopeNote}</span>
              </span>
            ) : (
              euros(l.envelope)
            ),
            l.status === "NONE" ? "—" : euros(l.attributed),
            l.status === "NONE" ? "—" : euros(l.topUp),
            l.lastReminderAt ?? "—",
          ],
        })),
        {
          key: "total",
          cells: [
            <strong key="t">Total de la sélection</strong>,
            `${plural(totals.signed, "signée")} sur ${totals.establishments}`,
            <strong key="e">{formatEuros(totals.envelope)}</strong>,
            <strong key="a">{formatEuros(totals.attributed)}</strong>,
            <strong key="c">{formatEuros(totals.topUp)}</strong>,
            "",
          ],
        },
      ]}
    />
  );
}
