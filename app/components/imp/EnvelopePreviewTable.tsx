import { ESTABLISHMENT_TYPE_LABELS, formatCount } from "../../domain/labels.ts";
import { formatEuros } from "../../domain/imp/money.ts";
import { EstablishmentCell, WideTable } from "./WideTable.tsx";
import { academyLabel, plural } from "../../domain/format/fr.ts";

type Row = {
  id: string;
  uai: string;
  name: string;
  type: keyof typeof ESTABLISHMENT_TYPE_LABELS;
  pupils: { count: number; schoolYearId: string; latest: boolean; partial: boolean } | null;
  envelope: { ok: true; cents: number; rule: string } | { ok: false; reason: string };
  referenceCents: number | null;
};

export type PreviewData = {
  rows: Row[];
  totalCents: number;
  computed: number;
  notComputed: number;
  reference: { id: string; schoolYearId: string; totalCents: number } | null;
  latestKnownCount: number;
};

function signed(cents: number): string {
  return cents > 0 ? `+${formatEuros(cents)}` : cents < 0 ? `−${formatEuros(-cents)}` : "=";
}

/** The envelope of every establishment of the académie under a rule set, its total, and what cannot be computed. */
export function EnvelopePreviewTable({ preview, schoolYear, academy }: { preview: PreviewData; schoolYear: string; academy: string }) {
  const computed = preview.rows.filter((r) => r.envelope.ok);
  const failed = preview.rows.filter((r) => !r.envelope.ok);
  const ref = preview.reference;
  return (
    <>
      <div className="fr-callout fr-mb-3w" data-testid="preview-total">
        <h3 className="fr-callout__title">
          Total de l'académie : <span data-testid="academy-total">{formatEuros(preview.totalCents)}</span>
        </h3>
        <p className="fr-callout__text">
          {plural(preview.computed, "établissement")} de l'{academyLabel(academy)} avec une enveloppe
          {preview.notComputed ? `, ${preview.notComputed} sans enveloppe calculable (liste ci-dessous)` : ""}.
          {ref ? ` Avec les règles publiées ${ref.schoolYearId} et les mêmes effectifs : ${formatEuros(ref.totalCents)} (écart ${signed(preview.totalCents - ref.totalCents)}).` : ""}
        </p>
      </div>
      {preview.latestKnownCount ? (
        <p className="fr-text--sm">
          Effectifs : pour {plural(preview.latestKnownCount, "établissement")}, l'effectif {schoolYear} n'est pas
          encore connu ; l'aperçu utilise le dernier effectif connu, dont l'année est indiquée.
        </p>
      ) : null}
      <WideTable
        caption={`Enveloppe de chaque établissement avec ces règles (${schoolYear})`}
        testId="preview"
        headers={["Établissement", "Effectif utilisé", "Règle appliquée", "Enveloppe", ...(ref ? [`Règles ${ref.schoolYearId}`] : [])]}
        rows={computed.map((r) => ({
          key: r.id,
          cells: [
            <EstablishmentCell key="e" name={r.name} details={`${r.uai} · ${ESTABLISHMENT_TYPE_LABELS[r.type]}`} />,
            r.pupils ? (
              <span key="p">
                {formatCount(r.pupils.count)}
                <br />
                <span className="fr-text--xs">
                  {r.pupils.latest ? `dernier connu : ${r.pupils.schoolYearId}` : r.pupils.schoolYearId}
                  {r.pupils.partial ? ", partiel" : ""}
                </span>
              </span>
            ) : (
              "—"
            ),
            r.envelope.ok ? r.envelope.rule : "",
            r.envelope.ok ? formatEuros(r.envelope.cents) : "",
            ...(ref ? [r.referenceCents === null ? "—" : formatEuros(r.referenceCents)] : []),
          ],
        }))}
      />
      {failed.length ? (
        <>
          <h3>Établissements sans enveloppe calculable</h3>
          <ul data-testid="preview-failures">
            {failed.map((r) => (
              <li key={r.id}>
                {r.name} ({r.uai}) : {r.envelope.ok ? "" : r.envelope.reason}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
