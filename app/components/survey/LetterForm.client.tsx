// The SurveyJS form of a lettre de mission: autosaved to /api/lettres/:id (debounced and at each page change),
// showing after each save the IMP checks the server computed (errors block the submission, warnings do not).
// A stale copy (someone else saved meanwhile) gets the server's 409 message and stops saving: no lost update.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Model } from "survey-core";
import { Survey } from "survey-react-ui";
import "survey-core/i18n/french";
import "survey-core/survey-core.fontless.min.css";
import "../../surveys/properties.ts";
import type { LetterChecksView } from "./letter-checks.ts";

export type LetterFormProps = {
  letterId: string;
  surveyVersionId: string;
  version: number;
  definition: Record<string, unknown>;
  data: Record<string, unknown>;
  readOnly: boolean;
  canSubmit: boolean;
  onChecks?: (checks: LetterChecksView) => void;
  onSubmitted?: () => void;
};

type SaveState = { kind: "idle" } | { kind: "saving" } | { kind: "saved"; at: string } | { kind: "error"; message: string };
type ServerReply = { ok: boolean; message?: string; version?: number; errors?: { question: string; message: string }[]; checks?: LetterChecksView };

const AUTOSAVE_DELAY_MS = 800;
const timeFormat = new Intl.DateTimeFormat("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export default function LetterForm(props: LetterFormProps) {
  const { letterId, surveyVersionId, readOnly, onChecks } = props;
  const model = useMemo(() => {
    const m = new Model(props.definition);
    m.locale = "fr";
    m.clearInvisibleValues = "onHidden";
    m.showCompleteButton = false;
    m.data = props.data;
    if (readOnly) {
      m.mode = "display";
      m.questionsOnPageMode = "singlePage";
    }
    return m;
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [letterId, readOnly]);
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
      const res = await fetch(`/api/lettres/${letterId}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ intent, surveyVersionId, version: version.current, data: model.data }),
        keepalive,
      });
      const body = (await res.json().catch(() => ({ ok: false, message: "Réponse illisible du serveur." }))) as ServerReply;
      if (body.ok && body.version) version.current = body.version;
      if (body.checks) onChecks?.(body.checks);
      return { status: res.status, body };
    },
    [model, letterId, surveyVersionId, onChecks],
  );

  const saveDraft = useCallback(async () => {
    if (readOnly || blocked.current) return;
    if (inFlight.current) {
      dirty.current = true;
      return;
    }
    dirty.current = false;
    setSave({ kind: "saving" });
    const request = post("save").catch(() => ({ status: 0, body: { ok: false, message: "Connexion au serveur impossible : vos dernières saisies ne sont pas encore enregistrées." } }));
    inFlight.current = request;
    const { status, body } = await request;
    inFlight.current = null;
    if (body.ok) setSave({ kind: "saved", at: timeFormat.format(new Date()) });
    else {
      if (status === 409 || status === 404 || status === 403) blocked.current = true;
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
    const onLeave = () => {
      if (timer.current && !blocked.current) void post("save", true).catch(() => undefined);
    };
    model.onValueChanged.add(schedule);
    model.onDynamicPanelAdded.add(schedule);
    model.onDynamicPanelRemoved.add(schedule);
    model.onMatrixCellValueChanged.add(schedule);
    model.onCurrentPageChanged.add(flush);
    window.addEventListener("pagehide", onLeave);
    return () => {
      model.onValueChanged.remove(schedule);
      model.onDynamicPanelAdded.remove(schedule);
      model.onDynamicPanelRemoved.remove(schedule);
      model.onMatrixCellValueChanged.remove(schedule);
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
    if (blocked.current) {
      setSubmitMessage("La lettre ne peut pas être soumise depuis cette page : rechargez-la.");
      return;
    }
    if (!model.validate(true, true)) {
      setSubmitMessage("Certaines réponses sont à compléter ou à corriger : elles sont signalées dans le formulaire.");
      return;
    }
    setSubmitting(true);
    const { status, body } = await post("submit").catch(() => ({ status: 0, body: { ok: false, message: "Connexion au serveur impossible : réessayez dans un instant." } as ServerReply }));
    setSubmitting(false);
    if (body.ok) {
      props.onSubmitted?.();
      return;
    }
    if (status === 409) blocked.current = true;
    for (const error of body.errors ?? []) model.getQuestionByName(error.question)?.addError(error.message);
    setSubmitMessage(body.message ?? "La soumission a échoué.");
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
            <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert" data-testid="save-error">
              <p>{save.message}</p>
            </div>
          ) : null}
          {submitMessage ? (
            <div className="fr-alert fr-alert--error fr-alert--sm fr-mb-2w" role="alert" data-testid="submit-error">
              <p>{submitMessage}</p>
            </div>
          ) : null}
          {props.canSubmit ? (
            <button type="button" className="fr-btn" onClick={() => void submit()} disabled={submitting}>
              Soumettre la lettre à la signature
            </button>
          ) : (
            <p className="fr-text--sm">Vos saisies sont enregistrées automatiquement. Le chef d'établissement soumettra puis signera la lettre.</p>
          )}
        </div>
      )}
    </div>
  );
}
