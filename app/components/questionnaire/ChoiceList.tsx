// The choices (or a matrix's rows or columns) of a question: label, value, move up or down, remove, add.
// With `lockedValues`, the values of a locked question stay: only the labels can change.
import { useId } from "react";
import { normalizeChoices, valueFor } from "./editor-ops.ts";

type Props = {
  legend: string;
  noun: string;
  addLabel: string;
  items: unknown;
  lockedValues: boolean;
  onChange: (items: { value: string; text: string }[]) => void;
};

export function ChoiceList({ legend, noun, addLabel, items, lockedValues, onChange }: Props) {
  const id = useId();
  const list = normalizeChoices(items);
  const set = (next: { value: string; text: string }[]) => onChange(next);
  const move = (i: number, delta: number) => {
    const j = i + delta;
    if (j < 0 || j >= list.length) return;
    const next = [...list];
    [next[i], next[j]] = [next[j], next[i]];
    set(next);
  };
  return (
    <fieldset className="fr-fieldset rupn-choices">
      <legend className="fr-fieldset__legend fr-text--regular">{legend}</legend>
      <ol className="rupn-choices__list">
        {list.map((choice, i) => (
          <li key={`${i}-${choice.value}`} className="rupn-choices__item">
            <div className="fr-input-group fr-mb-0">
              <label className="fr-label" htmlFor={`${id}-t${i}`}>{`Libellé ${i + 1}`}</label>
              <input className="fr-input" id={`${id}-t${i}`} value={choice.text} maxLength={500}
                onChange={(e) => set(list.map((c, k) => (k === i ? { ...c, text: e.target.value } : c)))} />
            </div>
            <div className="fr-input-group fr-mb-0">
              <label className="fr-label" htmlFor={`${id}-v${i}`}>
                Valeur enregistrée
              </label>
              <input className="fr-input" id={`${id}-v${i}`} value={choice.value} readOnly={lockedValues} maxLength={60}
                onChange={(e) => set(list.map((c, k) => (k === i ? { ...c, value: e.target.value } : c)))} />
            </div>
            <div className="rupn-choices__actions">
              <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" onClick={() => move(i, -1)} disabled={i === 0}>
                Monter<span className="fr-sr-only">{` ${noun} « ${choice.text} »`}</span>
              </button>
              <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" onClick={() => move(i, 1)} disabled={i === list.length - 1}>
                Descendre<span className="fr-sr-only">{` ${noun} « ${choice.text} »`}</span>
              </button>
              {lockedValues ? null : (
                <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" onClick={() => set(list.filter((_, k) => k !== i))}>
                  Retirer<span className="fr-sr-only">{` ${noun} « ${choice.text} »`}</span>
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
      {lockedValues ? (
        <p className="fr-text--sm">Question verrouillée : les valeurs restent celles du modèle national, seuls les libellés changent.</p>
      ) : (
        <button type="button" className="fr-btn fr-btn--sm fr-btn--secondary"
          onClick={() => {
            const text = `${noun[0].toUpperCase()}${noun.slice(1)} ${list.length + 1}`;
            set([...list, { value: valueFor(text, list), text }]);
          }}>
          {addLabel}
        </button>
      )}
    </fieldset>
  );
}
