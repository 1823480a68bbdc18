// The form of one question in the editor: wording, type, requirement, choices, numeric bounds, rating scale,
// matrix, information text, display condition and dashboard indicator. Plain React and DSFR classes: no JSON.
import { useId } from "react";
import {
  CHOICE_TYPES, CONDITION_OPERATORS, INDICATOR_CATALOGUE, QUESTION_TYPES, conditionExpression, editorType, parseCondition,
  questionTitleOf, textOf, choiceValue, choiceText,
  type Choice, type ConditionOperator, type LockedQuestion, type SurveyElement,
} from "../../surveys/definition-walk.ts";
import { ChoiceList } from "./ChoiceList.tsx";

type Props = {
  element: SurveyElement;
  lock: LockedQuestion | undefined;
  /** The other questions a condition can look at. */
  others: SurveyElement[];
  onChange: (next: SurveyElement) => void;
};

function numberOrUndefined(value: string): number | undefined {
  if (value.trim() === "") return undefined;
  const n = Number(value.replace(",", "."));
  return Number.isFinite(n) ? n : undefined;
}

/** The element with a key set, or removed when the value is empty. */
function withValue(element: SurveyElement, key: string, value: unknown): SurveyElement {
  const next = { ...element };
  if (value === undefined || value === "" || value === false) delete next[key];
  else next[key] = value;
  return next;
}

function changeType(element: SurveyElement, type: string): SurveyElement {
  const { choices, rows, columns, inputType, min, max, rateMin, rateMax, showOtherItem, showNoneItem, ...rest } = element;
  void rows; void columns; void inputType; void min; void max; void rateMin; void rateMax;
  const base = { ...rest, type: type === "number" ? "text" : type } as SurveyElement;
  if (type === "number") base.inputType = "number";
  if (CHOICE_TYPES.has(type)) {
    base.choices = (choices as Choice[] | undefined) ?? [{ value: "choix1", text: "Choix 1" }];
    if (showOtherItem) base.showOtherItem = true;
    if (showNoneItem && type === "checkbox") base.showNoneItem = true;
  }
  if (type === "rating") Object.assign(base, { rateMin: 1, rateMax: 5 });
  if (type === "matrix") Object.assign(base, { rows: [{ value: "ligne1", text: "Ligne 1" }], columns: [{ value: "col1", text: "Colonne 1" }] });
  return base;
}

function Field({ label, hint, children, id }: { label: string; hint?: string; children: React.ReactNode; id: string }) {
  return (
    <div className="fr-input-group">
      <label className="fr-label" htmlFor={id}>
        {label}
        {hint ? <span className="fr-hint-text">{hint}</span> : null}
      </label>
      {children}
    </div>
  );
}

function ConditionBuilder({ element, others, onChange }: Omit<Props, "lock">) {
  const id = useId();
  const expression = element.visibleIf;
  const condition = parseCondition(expression);
  if (typeof expression === "string" && expression && !condition) {
    return (
      <div className="fr-mb-3w">
        <p className="fr-text--sm fr-mb-1w">{`Affichage : condition avancée du modèle (${expression}), conservée telle quelle.`}</p>
        <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" onClick={() => onChange(withValue(element, "visibleIf", undefined))}>
          Retirer la condition
        </button>
      </div>
    );
  }
  const candidates = others.filter((o) => o.type !== "html" && o.type !== "panel");
  const target = candidates.find((o) => o.name === condition?.question);
  const set = (question: string, operator: ConditionOperator, value: string) =>
    onChange(withValue(element, "visibleIf", question ? conditionExpression({ question, operator, value }) : undefined));
  const targetChoices = target && (CHOICE_TYPES.has(target.type) ? (target.choices as Choice[] | undefined) ?? [] : null);
  return (
    <fieldset className="fr-fieldset">
      <legend className="fr-fieldset__legend fr-text--regular">Condition d'affichage</legend>
      <div className="rupn-condition">
        <Field label="Afficher cette question" id={`${id}-q`}>
          <select className="fr-select" id={`${id}-q`} value={condition?.question ?? ""}
            onChange={(e) => set(e.target.value, condition?.operator ?? "equals", condition?.value ?? "")}>
            <option value="">toujours</option>
            {candidates.map((o) => (
              <option key={o.name} value={o.name}>{`quand « ${questionTitleOf(o)} »`}</option>
            ))}
          </select>
        </Field>
        {condition ? (
          <>
            <Field label="Comparaison" id={`${id}-op`}>
              <select className="fr-select" id={`${id}-op`} value={condition.operator}
                onChange={(e) => set(condition.question, e.target.value as ConditionOperator, condition.value)}>
                {CONDITION_OPERATORS.map((o) => (
                  <option key={o.operator} value={o.operator}>{o.label}</option>
                ))}
              </select>
            </Field>
            <Field label="Valeur" id={`${id}-v`}>
              {targetChoices ? (
                <select className="fr-select" id={`${id}-v`} value={condition.value} onChange={(e) => set(condition.question, condition.operator, e.target.value)}>
                  <option value="">— choisir —</option>
                  {targetChoices.map((c) => (
                    <option key={choiceValue(c)} value={choiceValue(c)}>{choiceText(c)}</option>
                  ))}
                </select>
              ) : (
                <input className="fr-input" id={`${id}-v`} value={condition.value} maxLength={200}
                  onChange={(e) => set(condition.question, condition.operator, e.target.value)} />
              )}
            </Field>
          </>
        ) : null}
      </div>
    </fieldset>
  );
}

export function QuestionFields({ element, lock, others, onChange }: Props) {
  const id = useId();
  const type = editorType(element);
  const set = (key: string, value: unknown) => onChange(withValue(element, key, value));
  const knownIndicator = INDICATOR_CATALOGUE.some((i) => i.indicator === element.indicator);
  return (
    <div className="rupn-question-fields">
      {type === "html" ? (
        <Field label="Texte d'information" hint="Texte simple ; balises <p>, <strong>, <ul>, <li> acceptées." id={`${id}-html`}>
          <textarea className="fr-input" id={`${id}-html`} rows={4} value={String(element.html ?? "")} maxLength={5000} onChange={(e) => set("html", e.target.value)} />
        </Field>
      ) : (
        <>
          <Field label="Intitulé" id={`${id}-title`}>
            <input className="fr-input" id={`${id}-title`} value={textOf(element.title)} maxLength={500} onChange={(e) => set("title", e.target.value)} />
          </Field>
          <Field label="Description (facultative)" id={`${id}-desc`}>
            <textarea className="fr-input" id={`${id}-desc`} rows={2} value={textOf(element.description)} maxLength={2000} onChange={(e) => set("description", e.target.value)} />
          </Field>
        </>
      )}
      <Field label="Type de question" hint={lock ? "Verrouillé : cette question alimente les tableaux de bord nationaux." : undefined} id={`${id}-type`}>
        <select className="fr-select" id={`${id}-type`} value={type} disabled={Boolean(lock)} onChange={(e) => onChange(changeType(element, e.target.value))}>
          {QUESTION_TYPES.map((t) => (
            <option key={t.type} value={t.type}>{t.label}</option>
          ))}
          {QUESTION_TYPES.some((t) => t.type === type) ? null : <option value={type}>{`Type « ${type} »`}</option>}
        </select>
      </Field>
      {type !== "html" && type !== "panel" ? (
        <div className="fr-checkbox-group fr-mb-3w">
          <input type="checkbox" id={`${id}-req`} checked={Boolean(element.isRequired)} onChange={(e) => set("isRequired", e.target.checked)} />
          <label className="fr-label" htmlFor={`${id}-req`}>Réponse obligatoire</label>
        </div>
      ) : null}
      {CHOICE_TYPES.has(type) ? (
        <>
          <ChoiceList legend="Choix proposés" noun="choix" addLabel="Ajouter un choix" items={element.choices} lockedValues={Boolean(lock)} onChange={(choices) => set("choices", choices)} />
          <div className="fr-checkbox-group fr-mb-1w">
            <input type="checkbox" id={`${id}-other`} checked={Boolean(element.showOtherItem)} disabled={Boolean(lock)} onChange={(e) => set("showOtherItem", e.target.checked)} />
            <label className="fr-label" htmlFor={`${id}-other`}>Proposer « Autre (précisez) »</label>
          </div>
          {type === "checkbox" ? (
            <div className="fr-checkbox-group fr-mb-3w">
              <input type="checkbox" id={`${id}-none`} checked={Boolean(element.showNoneItem)} disabled={Boolean(lock)} onChange={(e) => set("showNoneItem", e.target.checked)} />
              <label className="fr-label" htmlFor={`${id}-none`}>Proposer « Aucun »</label>
            </div>
          ) : null}
        </>
      ) : null}
      {type === "number" ? (
        <div className="rupn-condition">
          <Field label="Valeur minimale" hint="Contrôle numérique (facultatif)" id={`${id}-min`}>
            <input className="fr-input" id={`${id}-min`} inputMode="decimal" defaultValue={element.min === undefined ? "" : String(element.min)}
              onChange={(e) => set("min", numberOrUndefined(e.target.value))} />
          </Field>
          <Field label="Valeur maximale" hint="Contrôle numérique (facultatif)" id={`${id}-max`}>
            <input className="fr-input" id={`${id}-max`} inputMode="decimal" defaultValue={element.max === undefined ? "" : String(element.max)}
              onChange={(e) => set("max", numberOrUndefined(e.target.value))} />
          </Field>
        </div>
      ) : null}
      {type === "rating" ? (
        <div className="rupn-condition">
          <Field label="Note minimale" id={`${id}-rmin`}>
            <input className="fr-input" id={`${id}-rmin`} type="number" value={Number(element.rateMin ?? 1)} disabled={Boolean(lock)} onChange={(e) => set("rateMin", numberOrUndefined(e.target.value))} />
          </Field>
          <Field label="Note maximale" id={`${id}-rmax`}>
            <input className="fr-input" id={`${id}-rmax`} type="number" value={Number(element.rateMax ?? 5)} disabled={Boolean(lock)} onChange={(e) => set("rateMax", numberOrUndefined(e.target.value))} />
          </Field>
        </div>
      ) : null}
      {type === "matrix" ? (
        <>
          <ChoiceList legend="Lignes du tableau" noun="ligne" addLabel="Ajouter une ligne" items={element.rows} lockedValues={Boolean(lock)} onChange={(rows) => set("rows", rows)} />
          <ChoiceList legend="Colonnes (réponses possibles)" noun="colonne" addLabel="Ajouter une colonne" items={element.columns} lockedValues={Boolean(lock)} onChange={(columns) => set("columns", columns)} />
        </>
      ) : null}
      <ConditionBuilder element={element} others={others} onChange={onChange} />
      {type !== "html" && type !== "panel" ? (
        <Field label="Indicateur des tableaux de bord" hint="Les réponses à cette question alimentent cet indicateur." id={`${id}-ind`}>
          <select className="fr-select" id={`${id}-ind`} value={element.indicator ?? ""} disabled={Boolean(lock)} onChange={(e) => set("indicator", e.target.value)}>
            <option value="">aucun</option>
            {INDICATOR_CATALOGUE.map((i) => (
              <option key={i.indicator} value={i.indicator}>{i.label}</option>
            ))}
            {element.indicator && !knownIndicator ? <option value={element.indicator}>{`Indicateur de l'académie (${element.indicator})`}</option> : null}
          </select>
        </Field>
      ) : null}
    </div>
  );
}
