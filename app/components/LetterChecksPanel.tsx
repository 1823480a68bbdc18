// Envelope vs attributed vs top-up, and the IMP checks of a letter: errors block submitting and signing,
// warnings are shown but allowed. Announced politely to screen readers when they change after a save.
import { formatCents as fmt, isEnvelopeError, type LetterChecksView } from "./survey/letter-checks.ts";

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

/**
 * One line kept in view (sticky) above the letter form while it is edited: the envelope, what is attributed,
 * what remains, and whether the envelope is exceeded. Not a live region: the full panel above already is one.
 */
export function LetterEnvelopeSummary({ checks }: { checks: LetterChecksView }) {
  const { totals } = checks;
  const ceiling = totals.envelope === null ? null : totals.envelope + totals.topUp;
  const remaining = ceiling === null ? null : ceiling - totals.attributed;
  const envelopeErrors = checks.errors.filter(isEnvelopeError);
  const others = checks.errors.length - envelopeErrors.length;
  return (
    <div className="rupn-envelope-summary" data-testid="envelope-summary">
      <p className="fr-text--sm fr-mb-0">
        <span>Enveloppe IMP : <strong>{fmt(totals.envelope)}</strong></span>
        {totals.topUp ? <span>Complément : <strong>{fmt(totals.topUp)}</strong></span> : null}
        <span>Attribué : <strong>{fmt(totals.attributed)}</strong></span>
        <span>
          {remaining !== null && remaining < 0 ? "Dépassement" : "Reste"} : <strong>{remaining === null ? "—" : fmt(Math.abs(remaining))}</strong>
        </span>
      </p>
      {envelopeErrors.map((e, i) => (
        <p key={`${e.code}-${i}`} className="fr-error-text fr-mt-1v fr-mb-0" data-testid="envelope-summary-error">{e.message}</p>
      ))}
      {others ? (
        <p className="fr-text--xs fr-mt-1v fr-mb-0">
          {others === 1 ? "1 autre erreur à corriger avant la signature, signalée dans le formulaire." : `${others} autres erreurs à corriger avant la signature, signalées dans le formulaire.`}
        </p>
      ) : null}
    </div>
  );
}
