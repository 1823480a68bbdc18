// Envelope vs attributed vs top-up, and the IMP checks of a letter: errors block submitting and signing,
// warnings are shown but allowed. Announced politely to screen readers when they change after a save.
import type { LetterChecksView } from "./survey/letter-checks.ts";

const euros = new Intl.NumberFormat("fr-FR", { style: "currency", currency: "EUR" });
const fmt = (cents: number | null) => (cents === null ? "non calculable" : euros.format(cents / 100));

export function LetterChecksPanel({ checks }: { checks: LetterChecksView }) {
  const { totals } = checks;
  const ceiling = totals.envelope === null ? null : totals.envelope + totals.topUp;
  return (
    <div aria-live="polite" data-testid="letter-checks">
      {/* DSFR's current table markup: wrapped figures on a desktop, a keyboard-reachable scroll area on a phone. */}
      <div className="fr-table fr-table--no-caption fr-table--multiline fr-mb-2w">
        <div className="fr-table__wrapper">
        <div className="fr-table__container" tabIndex={0} role="region" aria-label="Enveloppe et attributions">
        <div className="fr-table__content">
        <table>
          <caption>Enveloppe et attributions</caption>
          <thead>
            <tr>
              <th scope="col">Enveloppe notifiée</th>
              <th scope="col">Complément de l'établissement</th>
              <th scope="col">Total des IMP attribuées</th>
              <th scope="col">Reste disponible</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td data-testid="envelope">{fmt(totals.envelope)}</td>
              <td data-testid="top-up">{fmt(totals.topUp)}</td>
              <td data-testid="attributed">{fmt(totals.attributed)}</td>
              <td>{ceiling === null ? "—" : fmt(ceiling - totals.attributed)}</td>
            </tr>
          </tbody>
        </table>
        </div>
        </div>
        </div>
      </div>
      {checks.errors.length ? (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" data-testid="letter-errors">
          <p className="fr-text--bold">À corriger avant la signature :</p>
          <ul>
            {checks.errors.map((e, i) => <li key={`${e.code}-${i}`}>{e.message}</li>)}
          </ul>
        </div>
      ) : (
        <p className="fr-text--sm fr-mb-1w">Aucune erreur bloquante.</p>
      )}
      {checks.warnings.length ? (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" data-testid="letter-warnings">
          <p className="fr-text--bold">Points d'attention (non bloquants) :</p>
          <ul>
            {checks.warnings.map((w, i) => <li key={`${w.code}-${i}`}>{w.message}</li>)}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
