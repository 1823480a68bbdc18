// The SurveyJS form of a bilan: French, DSFR-styled, autosaved to the server (debounced, and at each page
// change), submitted to the server that re-validates it; server errors are shown on their questions.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Model } from "survey-core";
import { Survey } from "survey-react-ui";
import "survey-core/i18n/french";
import "survey-core/survey-core.fontless.min.css";
import "../../surveys/properties.ts";

export type SurveyFormProps = {
  responseId: string;
  surveyVersionId: string;
  version: number;
  definition: Record<string, unknown>;
  data: Record<string, unknown>;
  variables: Record<string, string>;
  readOnly: boolean;
  submitted: boolean;
  onSubmitted?: () => void;
};

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: string } | { kind: "error"; message: string };
type ServerReply = { ok: boolean; message?: string; version?: number; errors?: { question: string; message: string }[] };

const AUTOSAVE_DELAY_MS = 800;
const timeFormat = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export default function SurveyForm(props: SurveyFormProps) {
  const { responseId, surveyVersionId, readOnly } = props;
  const model = useMemo(() => {
    const m = new Model(props.definition);
    m.locale = "fr";
    m.clearInvisibleValues = "onHidden";
    m.showCompleteButton = false;
    for (const [name, value] of Object.entries(props.variables)) m.setVariable(name, value);
    m.data = props.data;
    if (readOnly) {
      m.mode = "display";
      m.questionsOnPageMode = "singlePage"; // read the whole bilan at once
    }
    return m;
    // The model lives as long as the page: later prop changes (revalidation) must not reset the user's input.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [responseId]);
  const version = useRef(props.version);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const inFlight = useRef<Promise<unknown> | null>(null);
  const dirty = useRef(false);
  const blocked = useRef(false);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  const [submitMessage, setSubmitMessage] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);

  const post = useCallback(
    async (intent: "save" | "submit", keepalive = false): Promise<{ status: number; body: ServerReply }> => {
      const res = await fetch(`/api/reponses/${responseId}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ intent, surveyVersionId, version: version.current, data: model.data }),
        keepalive,
      });
      const body = (await res.json().catch(() => ({ ok: false, message: "Réponse illisible du serveur." }))) as ServerReply;
      if (body.ok && body.version) version.current = body.version;
      return { status: res.status, body };
    },
    [model, responseId, surveyVersionId],
  );

  const saveDraft = useCallback(async () => {
    if (readOnly || blocked.current) return;
    if (inFlight.current) {
      dirty.current = true;
      return;
    }
    dirty.current = false;
    setSave({ kind: "saving" });
    const request = post("save").catch(() => ({ status: 0, body: { ok: false, message: "Connexion au serveur impossible : vos dernières réponses ne sont pas encore enregistrées." } }));
    inFlight.current = request;
    const { status, body } = await request;
    inFlight.current = null;
    if (body.ok) setSave({ kind: "saved", at: timeFormat.format(new Date()) });
    else {
      if (status === 409 || status === 404) blocked.current = true;
      setSave({ kind: "error", message: body.message ?? "Enregistrement impossible." });
    }
    if (dirty.current && !blocked.current) void saveDraft();
  }, [post, readOnly]);

  useEffect(() => {
    if (readOnly) return;
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
    model.onValueChanged.add(schedule);
    model.onCurrentPageChanged.add(flush);
    window.addEventListener("pagehide", onLeave);
    return () => {
      model.onValueChanged.remove(schedule);
      model.onCurrentPageChanged.remove(flush);
      window.removeEventListener("pagehide", onLeave);
      clearTimeout(timer.current);
    };
  }, [model, post, readOnly, saveDraft]);

  async function submit() {
    setSubmitMessage(null);
    clearTimeout(timer.current);
    timer.current = undefined;
    if (inFlight.current) await inFlight.current;
    if (!model.validate(true, true)) {
      setSubmitMessage("Certaines réponses sont à compléter ou à corriger : elles sont signalées dans le questionnaire.");
      return;
    }
    setSubmitting(true);
    const { body } = await post("submit").catch(() => ({ body: { ok: false, message: "Connexion au serveur impossible : réessayez dans un instant." } as ServerReply }));
    setSubmitting(false);
    if (body.ok) {
      props.onSubmitted?.();
      return;
    }
    for (const error of body.errors ?? []) model.getQuestionByName(error.question)?.addError(error.message);
    const first = body.errors?.find((e) => model.getQuestionByName(e.question));
    if (first) model.getQuestionByName(first.question).focus(true);
    setSubmitMessage(body.message ?? "L'envoi a échoué.");
  }

  return (
    <div className="rupn-survey">
      <Survey model={model} />
      {readOnly ? null : (
        <div className="fr-mt-3w">
          <p className="fr-text--sm fr-mb-1w" aria-live="polite" data-testid="autosave-status">
            {save.kind === "saving" ? "Enregistrement en cours…" : save.kind === "saved" ? `Brouillon enregistré à ${save.at}` : ""}
          </p>
          {save.kind === "error" ? (
            <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert">
              <p>{save.message}</p>
            </div>
          ) : null}
          {submitMessage ? (
            <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert" data-testid="submit-error">
              <p>{submitMessage}</p>
            </div>
          ) : null}
          <button type="button" className="fr-btn" onClick={() => void submit()} disabled={submitting}>
            {props.submitted ? "Enregistrer les modifications" : "Envoyer le bilan"}
          </button>
        </div>
      )}
    </div>
  );
}
