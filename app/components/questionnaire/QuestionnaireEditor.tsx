// The questionnaire editor (issue 14): pages and questions edited with plain forms and buttons (keyboard only,
// no drag, no JSON), autosaved to /api/questionnaires/:id with the revision read (409: someone saved meanwhile).
// The server's checks come back per question and are shown on the question they are about.
import { useCallback, useEffect, useRef, useState } from "react";
import {
  QUESTION_TYPES, describeCondition, elementsOf, indicatorLabel, lockReason, questionTitleOf, textOf, typeLabel,
  type Definition, type LockedQuestion, type SurveyElement,
} from "../../surveys/definition-walk.ts";
import { duplicateElement, elementAt, insertElement, moveElement, newElement, removeElement, updateElement, type Path } from "./editor-ops.ts";
import { QuestionFields } from "./QuestionFields.tsx";

export type Issue = { question: string | null; message: string };
type Props = { id: string; revision: number; definition: Definition; locks: LockedQuestion[]; issues: Issue[]; readOnly: boolean };
type SaveState = { kind: "idle" | "saving" } | { kind: "saved"; at: string } | { kind: "error"; message: string; blocked: boolean };
type Deleted = { path: Path; element: SurveyElement };

const AUTOSAVE_DELAY_MS = 800;
const timeFormat = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "Europe/Paris" });

function useAutosave(id: string, initialRevision: number, definition: Definition, enabled: boolean, onIssues: (issues: Issue[]) => void) {
  const revision = useRef(initialRevision);
  const [state, setState] = useState<SaveState>({ kind: "idle" });
  const first = useRef(true);
  const blocked = useRef(false);
  const inFlight = useRef(false);
  const pending = useRef<Definition | null>(null);
  const send = useCallback(async (def: Definition) => {
    if (blocked.current) return;
    if (inFlight.current) {
      pending.current = def;
      return;
    }
    inFlight.current = true;
    setState({ kind: "saving" });
    let res: Response | null = null;
    let body: { ok?: boolean; message?: string; revision?: number; issues?: Issue[]; errors?: Issue[] } = {};
    try {
      res = await fetch(`/api/questionnaires/${id}`, {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ intent: "save", revision: revision.current, definition: def }),
      });
      body = await res.json().catch(() => ({ ok: false, message: "Réponse illisible du serveur." }));
    } catch {
      body = { ok: false, message: "Connexion au serveur impossible : vos dernières modifications ne sont pas encore enregistrées." };
    }
    inFlight.current = false;
    if (body.ok && body.revision) {
      revision.current = body.revision;
      onIssues(body.issues ?? []);
      setState({ kind: "saved", at: timeFormat.format(new Date()) });
    } else {
      const stop = res !== null && [403, 404, 409].includes(res.status);
      blocked.current = stop;
      if (body.errors?.length) onIssues(body.errors);
      setState({ kind: "error", message: body.message ?? "Enregistrement impossible.", blocked: stop });
    }
    const next = pending.current;
    pending.current = null;
    if (next && !blocked.current) void send(next);
  }, [id, onIssues]);
  useEffect(() => {
    if (first.current || !enabled) {
      first.current = false;
      return;
    }
    const timer = setTimeout(() => void send(definition), AUTOSAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [definition, enabled, send]);
  return state;
}

function IssueList({ issues }: { issues: Issue[] }) {
  if (!issues.length) return null;
  return (
    <ul className="fr-error-text rupn-issues" data-testid="question-issues">
      {issues.map((issue, i) => (
        <li key={i}>{issue.message}</li>
      ))}
    </ul>
  );
}

export function QuestionnaireEditor(props: Props) {
  const [definition, setDefinition] = useState(props.definition);
  const [issues, setIssues] = useState<Issue[]>(props.issues);
  const [open, setOpen] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<Deleted | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [addType, setAddType] = useState<Record<number, string>>({});
  const save = useAutosave(props.id, props.revision, definition, !props.readOnly, setIssues);
  const locks = new Map(props.locks.map((l) => [l.name, l]));
  const all = elementsOf(definition).map((e) => e.element);
  const issuesOf = (name: string) => issues.filter((i) => i.question === name);
  const general = issues.filter((i) => i.question === null || !all.some((e) => e.name === i.question));
  const titleOfName = (name: string) => {
    const found = all.find((e) => e.name === name);
    return found ? questionTitleOf(found) : name;
  };

  const remove = (path: Path) => {
    const element = elementAt(definition, path);
    const lock = locks.get(element.name);
    if (lock) {
      setNotice(`Suppression refusée : « ${questionTitleOf(element)} ». ${lockReason(lock)}`);
      return;
    }
    const result = removeElement(definition, path);
    setDefinition(result.def);
    setDeleted({ path, element: result.removed });
    setNotice(null);
  };
  const undo = () => {
    if (!deleted) return;
    setDefinition(insertElement(definition, deleted.path, deleted.element));
    setDeleted(null);
  };
  const addQuestion = (pageIndex: number) => {
    const type = addType[pageIndex] ?? "radiogroup";
    const element = newElement(definition, type);
    const next = structuredClone(definition);
    next.pages[pageIndex].elements.push(element);
    setDefinition(next);
    setOpen(element.name);
  };
  const setPage = (pageIndex: number, key: "title" | "description", value: string) => {
    const next = structuredClone(definition);
    if (value) next.pages[pageIndex][key] = value;
    else delete next.pages[pageIndex][key];
    setDefinition(next);
  };
  const movePage = (pageIndex: number, delta: -1 | 1) => {
    const j = pageIndex + delta;
    if (j < 0 || j >= definition.pages.length) return;
    const next = structuredClone(definition);
    [next.pages[pageIndex], next.pages[j]] = [next.pages[j], next.pages[pageIndex]];
    setDefinition(next);
  };
  const addPage = () => {
    const names = new Set(definition.pages.map((p) => p.name));
    let n = definition.pages.length + 1;
    while (names.has(`page${n}`)) n++;
    const element = newElement(definition, "comment");
    setDefinition({ ...definition, pages: [...definition.pages, { name: `page${n}`, title: `Page ${definition.pages.length + 1}`, elements: [element] }] });
    setOpen(element.name);
  };
  const removePage = (pageIndex: number) => {
    const page = definition.pages[pageIndex];
    const locked = elementsOf({ ...definition, pages: [page] }).find((e) => locks.has(e.element.name));
    if (locked) {
      setNotice(`Suppression refusée : la page contient la question verrouillée « ${questionTitleOf(locked.element)} ». Déplacez-la d'abord sur une autre page.`);
      return;
    }
    if (definition.pages.length === 1) {
      setNotice("Un questionnaire garde au moins une page.");
      return;
    }
    setDefinition({ ...definition, pages: definition.pages.filter((_, i) => i !== pageIndex) });
  };

  const renderList = (elements: SurveyElement[], base: Path) => (
    <ol className="rupn-editor__questions">
      {elements.map((element, i) => {
        const path = [...base, i];
        const lock = locks.get(element.name);
        const own = issuesOf(element.name);
        const title = element.type === "html" ? "Texte d'information" : questionTitleOf(element);
        const isOpen = open === element.name;
        return (
          <li key={`${element.name}-${i}`} className={`rupn-editor__question${own.length ? " rupn-editor__question--error" : ""}`} data-question={element.name}>
            <div className="rupn-editor__summary">
              <h4 className="fr-h6 fr-mb-0">{title || "(question sans intitulé)"}</h4>
              <p className="fr-text--sm fr-mb-0">
                {typeLabel(element)}
                {element.isRequired ? " · obligatoire" : ""}
                {element.indicator ? ` · indicateur : ${indicatorLabel(element.indicator)}` : ""}
                {element.visibleIf ? ` · affichée ${describeCondition(element.visibleIf, titleOfName)}` : ""}
                {lock ? " · verrouillée" : ""}
              </p>
              <IssueList issues={own} />
              <div className="rupn-editor__actions">
                <button type="button" className="fr-btn fr-btn--sm" aria-expanded={isOpen} onClick={() => setOpen(isOpen ? null : element.name)}>
                  {isOpen ? "Fermer" : "Modifier"}<span className="fr-sr-only">{` « ${title} »`}</span>
                </button>
                <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" disabled={i === 0} onClick={() => setDefinition(moveElement(definition, path, -1))}>
                  Monter<span className="fr-sr-only">{` « ${title} »`}</span>
                </button>
                <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" disabled={i === elements.length - 1} onClick={() => setDefinition(moveElement(definition, path, 1))}>
                  Descendre<span className="fr-sr-only">{` « ${title} »`}</span>
                </button>
                <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" onClick={() => setDefinition(duplicateElement(definition, path))}>
                  Dupliquer<span className="fr-sr-only">{` « ${title} »`}</span>
                </button>
                <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" onClick={() => remove(path)}>
                  Supprimer<span className="fr-sr-only">{` « ${title} »`}</span>
                </button>
              </div>
            </div>
            {isOpen ? (
              <div className="rupn-editor__fields">
                {lock ? <p className="fr-text--sm">{lockReason(lock)}</p> : null}
                <QuestionFields element={element} lock={lock} others={all.filter((o) => o.name !== element.name)}
                  onChange={(next) => setDefinition(updateElement(definition, path, () => next))} />
              </div>
            ) : null}
            {element.type === "panel" ? (
              <div className="rupn-editor__panel">{renderList(element.elements ?? [], path)}</div>
            ) : null}
          </li>
        );
      })}
    </ol>
  );

  return (
    <div className="rupn-editor">
      <div className="rupn-editor__status" aria-live="polite" data-testid="autosave-status">
        {save.kind === "saving" ? "Enregistrement en cours…" : save.kind === "saved" ? `Brouillon enregistré à ${save.at}` : ""}
      </div>
      {save.kind === "error" ? (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert" data-testid="save-error">
          <p>{save.message}</p>
        </div>
      ) : null}
      {notice ? (
        <div className="fr-alert fr-alert--warning fr-alert--sm fr-mb-2w" role="alert" data-testid="editor-notice">
          <p>{notice}</p>
        </div>
      ) : null}
      {deleted ? (
        <div className="fr-notice fr-notice--info fr-mb-2w">
          <div className="fr-container">
            <p className="fr-notice__title">
              {`Question « ${questionTitleOf(deleted.element)} » supprimée. `}
              <button type="button" className="fr-btn fr-btn--sm fr-btn--secondary" onClick={undo}>Annuler la suppression</button>
            </p>
          </div>
        </div>
      ) : null}
      {general.length ? (
        <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w">
          <p>À corriger avant publication :</p>
          <IssueList issues={general} />
        </div>
      ) : null}
      <fieldset className="rupn-editor__body" disabled={props.readOnly}>
        <legend className="fr-sr-only">Contenu du questionnaire</legend>
        <div className="fr-input-group">
          <label className="fr-label" htmlFor="questionnaire-title">Titre du questionnaire</label>
          <input className="fr-input" id="questionnaire-title" value={textOf(definition.title)} maxLength={200}
            onChange={(e) => setDefinition({ ...definition, title: e.target.value })} />
        </div>
        <div className="fr-input-group">
          <label className="fr-label" htmlFor="questionnaire-description">Présentation (facultative)</label>
          <textarea className="fr-input" id="questionnaire-description" rows={2} value={textOf(definition.description)} maxLength={2000}
            onChange={(e) => setDefinition({ ...definition, description: e.target.value })} />
        </div>
        {definition.pages.map((page, p) => (
          <section key={`${page.name}-${p}`} className="rupn-editor__page" aria-labelledby={`page-heading-${p}`}>
            <h3 id={`page-heading-${p}`} className="fr-h5">{`Page ${p + 1}${textOf(page.title) ? ` — ${textOf(page.title)}` : ""}`}</h3>
            <div className="rupn-condition">
              <div className="fr-input-group">
                <label className="fr-label" htmlFor={`page-title-${p}`}>{`Titre de la page ${p + 1}`}</label>
                <input className="fr-input" id={`page-title-${p}`} value={textOf(page.title)} maxLength={200} onChange={(e) => setPage(p, "title", e.target.value)} />
              </div>
              <div className="rupn-editor__actions">
                <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" disabled={p === 0} onClick={() => movePage(p, -1)}>
                  Monter<span className="fr-sr-only">{` la page ${p + 1}`}</span>
                </button>
                <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" disabled={p === definition.pages.length - 1} onClick={() => movePage(p, 1)}>
                  Descendre<span className="fr-sr-only">{` la page ${p + 1}`}</span>
                </button>
                <button type="button" className="fr-btn fr-btn--sm fr-btn--tertiary" onClick={() => removePage(p)}>
                  Supprimer<span className="fr-sr-only">{` la page ${p + 1}`}</span>
                </button>
              </div>
            </div>
            {renderList(page.elements, [p])}
            <div className="rupn-condition fr-mt-2w">
              <div className="fr-select-group">
                <label className="fr-label" htmlFor={`add-type-${p}`}>{`Type de la nouvelle question (page ${p + 1})`}</label>
                <select className="fr-select" id={`add-type-${p}`} value={addType[p] ?? "radiogroup"} onChange={(e) => setAddType({ ...addType, [p]: e.target.value })}>
                  {QUESTION_TYPES.map((t) => (
                    <option key={t.type} value={t.type}>{t.label}</option>
                  ))}
                </select>
              </div>
              <button type="button" className="fr-btn fr-btn--secondary fr-btn--sm" onClick={() => addQuestion(p)}>
                Ajouter la question<span className="fr-sr-only">{` à la page ${p + 1}`}</span>
              </button>
            </div>
          </section>
        ))}
        <button type="button" className="fr-btn fr-btn--secondary" onClick={addPage}>Ajouter une page</button>
      </fieldset>
    </div>
  );
}
