// The one SurveyJS host of the platform (bilans and lettres de mission): French, DSFR-styled, autosaved to a
// JSON endpoint (debounced, and at each page change), submitted to the server that re-validates it. A stale copy
// (someone else saved meanwhile: 409), a record gone (404) or a right lost (403) stops the autosave and shows
// the server's message: no lost update. What differs between documents comes in as props.
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { CustomError, Model, type Question, type QuestionPanelDynamicModel, type SurveyError, type SurveyModel } from "survey-core";
import { Survey } from "survey-react-ui";
import "survey-core/i18n/french";
import "survey-core/survey-core.fontless.min.css";
import "../../surveys/properties.ts";
import type { QuestionMessage } from "./question-messages.ts";

/** What the autosave endpoints (/api/reponses/:id, /api/lettres/:id) answer. */
export type ServerReply = { ok: boolean; message?: string; version?: number; errors?: { question: string; message: string }[] } & Record<string, unknown>;

export type SurveyHostSubmit = {
  /** Label of the submit button. */
  label: string;
  /** Shown when the browser-side validation fails. */
  invalidMessage: string;
  /** Shown when the server refuses without a message. */
  failedMessage: string;
  onSubmitted?: () => void;
};

export type SurveyHostProps = {
  /** Autosave and submit endpoint, e.g. `/api/reponses/<id>`. The model lives as long as this value (with readOnly). */
  endpoint: string;
  surveyVersionId: string;
  version: number;
  definition: Record<string, unknown>;
  data: Record<string, unknown>;
  variables?: Record<string, string>;
  readOnly: boolean;
  /** A preview (questionnaire editor): fillable and checked in the browser as a RUPN sees it, nothing is sent. */
  preview?: boolean;
  /** The record was already sent: autosaved edits are "modifications not yet sent", not a draft. */
  submitted?: boolean;
  /** Page to reopen on (name of a SurveyJS page), and send the current page with each save so the server keeps it. */
  resumePage?: string | null;
  trackPage?: boolean;
  /** Submit button; without it, `footnote` explains who submits. */
  submit?: SurveyHostSubmit;
  footnote?: ReactNode;
  /** What the user types, in messages: "réponses" or "saisies". */
  inputNoun: string;
  /** Server checks shown on the questions they are about (pass a stable array: it is re-applied when it changes). */
  questionMessages?: QuestionMessage[];
  /** Kept visible (sticky) above the form while editing. */
  banner?: ReactNode;
  /** Called with every server reply (e.g. the letter's IMP checks) and with the live model once built. */
  onReply?: (reply: ServerReply, sent: Record<string, unknown>) => void;
  onModel?: (model: SurveyModel | null) => void;
};

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: string } | { kind: "error"; message: string };

const AUTOSAVE_DELAY_MS = 800;
/** Every time is shown in the académie's time (metropolitan France), whatever the browser's zone. */
const timeFormat = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit", timeZone: "Europe/Paris" });
/** Statuses after which saving again cannot succeed from this page. */
const BLOCKING = new Set([403, 404, 409]);

function findQuestion(model: SurveyModel, target: QuestionMessage): Question | null {
  let scope: { getQuestionByName(name: string): Question | null } = model;
  if (target.panel) {
    const dynamic = model.getQuestionByName(target.panel.name) as QuestionPanelDynamicModel | null;
    const panel = dynamic?.panels?.[target.panel.index];
    if (!panel) return null;
    scope = panel;
  }
  for (const name of target.questions) {
    const question = scope.getQuestionByName(name);
    if (question?.isVisible) return question;
  }
  return null;
}

function buildModel(props: SurveyHostProps): SurveyModel {
  const m = new Model(props.definition);
  m.locale = "fr";
  m.clearInvisibleValues = "onHidden";
  m.showCompleteButton = false;
  for (const [name, value] of Object.entries(props.variables ?? {})) m.setVariable(name, value);
  m.data = props.data;
  if (props.readOnly) {
    m.mode = "display";
    m.questionsOnPageMode = "singlePage"; // read the whole document at once
  } else if (props.resumePage) {
    const page = m.getPageByName(props.resumePage);
    if (page?.isVisible) m.currentPage = page;
  }
  return m;
}

export default function SurveyHost(props: SurveyHostProps) {
  const { endpoint, surveyVersionId, readOnly, trackPage, onReply, onModel, preview } = props;
  // Later prop changes (a revalidation of the loader) must not reset the user's input: the model lives as long
  // as the record and the mode.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const model = useMemo(() => buildModel(props), [endpoint, readOnly]);
  const version = useRef(props.version);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const inFlight = useRef<Promise<unknown> | null>(null);
  const dirty = useRef(false);
  const blocked = useRef(false);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const [submitMessage, setSubmitMessage] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  // The survey is rendered once per model: a re-render of this host (the autosave status, a server reply shown by
  // the page) must not re-render SurveyJS's inputs. Those keep what is typed in the DOM until the field is left
  // (textUpdateMode "onBlur"), and a re-render in between writes the model's old value back: the keystrokes were lost.
  const survey = useMemo(() => <Survey model={model} />, [model]);

  useEffect(() => {
    onModel?.(model);
    return () => onModel?.(null);
  }, [model, onModel]);

  // Server messages as question errors, replaced as a whole when they change. SurveyJS's own validation
  // (next page, submit) recomputes the errors, and the next save brings them back.
  // Re-applied only when their content changes: each re-application re-renders the questions concerned, and one
  // of them may be the field being typed in.
  const messagesKey = JSON.stringify(props.questionMessages ?? []);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const questionMessages = useMemo(() => props.questionMessages, [messagesKey]);
  useEffect(() => {
    if (readOnly || !questionMessages?.length) return;
    const shown: [Question, SurveyError][] = [];
    for (const target of questionMessages) {
      const question = findQuestion(model, target);
      if (!question) continue;
      const error = new CustomError(target.message, question);
      question.errors = [...question.errors, error];
      shown.push([question, error]);
    }
    return () => {
      for (const [question, error] of shown) question.errors = question.errors.filter((e) => e !== error);
    };
  }, [model, questionMessages, readOnly]);

  const post = useCallback(
    async (intent: "save" | "submit", keepalive = false): Promise<{ status: number; body: ServerReply }> => {
      const data = model.data as Record<string, unknown>;
      const payload: Record<string, unknown> = { intent, surveyVersionId, version: version.current, data };
      if (trackPage && model.currentPage) payload.page = model.currentPage.name;
      const res = await fetch(endpoint, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload), keepalive });
      const body = (await res.json().catch(() => ({ ok: false, message: "Réponse illisible du serveur." }))) as ServerReply;
      if (body.ok && body.version) version.current = body.version;
      onReply?.(body, data);
      return { status: res.status, body };
    },
    [model, endpoint, surveyVersionId, trackPage, onReply],
  );

  const saveDraft = useCallback(async () => {
    if (readOnly || preview || blocked.current) return;
    if (inFlight.current) {
      dirty.current = true;
      return;
    }
    dirty.current = false;
    setSave({ kind: "saving" });
    const offline = `Connexion au serveur impossible : vos dernières ${props.inputNoun} ne sont pas encore enregistrées.`;
    const request = post("save").catch(() => ({ status: 0, body: { ok: false, message: offline } as ServerReply }));
    inFlight.current = request;
    const { status, body } = await request;
    inFlight.current = null;
    if (body.ok) setSave({ kind: "saved", at: timeFormat.format(new Date()) });
    else {
      if (BLOCKING.has(status)) blocked.current = true;
      setSave({ kind: "error", message: body.message ?? "Enregistrement impossible." });
    }
    if (dirty.current && !blocked.current) void saveDraft();
  }, [post, readOnly, preview, props.inputNoun]);

  useEffect(() => {
    if (readOnly || preview) return;
    const schedule = () => {
      clearTimeout(timer.current);
      timer.current = setTimeout(() => {
        timer.current = undefined;
        void saveDraft();
      }, AUTOSAVE_DELAY_MS);
    };
    const flush = () => {
      clearTimeout(timer.current);
      timer.current = undefined;
      void saveDraft();
    };
    // Leaving with a change still waiting for its debounce: send it anyway (keepalive outlives the page).
    const onLeave = () => {
      if (timer.current && !blocked.current) void post("save", true).catch(() => undefined);
    };
    const changes = [model.onValueChanged, model.onDynamicPanelAdded, model.onDynamicPanelRemoved, model.onMatrixCellValueChanged];
    for (const event of changes) event.add(schedule);
    model.onCurrentPageChanged.add(flush);
    window.addEventListener("pagehide", onLeave);
    return () => {
      for (const event of changes) event.remove(schedule);
      model.onCurrentPageChanged.remove(flush);
      window.removeEventListener("pagehide", onLeave);
      clearTimeout(timer.current);
    };
  }, [model, post, readOnly, preview, saveDraft]);

  async function submit(spec: SurveyHostSubmit) {
    setSubmitMessage(null);
    clearTimeout(timer.current);
    timer.current = undefined;
    if (inFlight.current) await inFlight.current;
    if (blocked.current) {
      setSubmitMessage("L'envoi est impossible depuis cette page : rechargez-la pour repartir de la version enregistrée.");
      return;
    }
    if (!model.validate(true, true)) {
      setSubmitMessage(spec.invalidMessage);
      return;
    }
    if (preview) {
      spec.onSubmitted?.();
      return;
    }
    setSubmitting(true);
    const offline = { ok: false, message: "Connexion au serveur impossible : réessayez dans un instant." } as ServerReply;
    const { status, body } = await post("submit").catch(() => ({ status: 0, body: offline }));
    setSubmitting(false);
    if (body.ok) {
      spec.onSubmitted?.();
      return;
    }
    if (status === 409) blocked.current = true;
    for (const error of body.errors ?? []) model.getQuestionByName(error.question)?.addError(error.message);
    const first = body.errors?.find((e) => model.getQuestionByName(e.question));
    if (first) model.getQuestionByName(first.question).focus(true);
    setSubmitMessage(body.message ?? spec.failedMessage);
  }

  const savedLabel = (at: string) =>
    props.submitted ? `Modifications enregistrées à ${at}, pas encore envoyées` : `Brouillon enregistré à ${at}`;

  return (
    <div className="rupn-survey">
      {props.banner && !readOnly ? <div className="rupn-survey__banner">{props.banner}</div> : null}
      {survey}
      {readOnly ? null : (
        <div className="fr-mt-3w">
          <p className="fr-text--sm fr-mb-1w" aria-live="polite" data-testid="autosave-status">
            {save.kind === "saving" ? "Enregistrement en cours…" : save.kind === "saved" ? savedLabel(save.at) : ""}
          </p>
          {save.kind === "error" ? (
            <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert" data-testid="save-error">
              <p>{save.message}</p>
            </div>
          ) : null}
          {submitMessage ? (
            <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert" data-testid="submit-error">
              <p>{submitMessage}</p>
            </div>
          ) : null}
          {props.submit ? (
            <button type="button" className="fr-btn" onClick={() => void submit(props.submit!)} disabled={submitting}>
              {props.submit.label}
            </button>
          ) : (
            props.footnote
          )}
        </div>
      )}
    </div>
  );
}
