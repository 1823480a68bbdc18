import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigate, useNavigation, useSearchParams } from "@remix-run/react";
import { useCallback, useMemo, useState } from "react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { Stepper } from "@codegouvfr/react-dsfr/Stepper";
import { z } from "../domain/zod-fr.ts";
import { requireUser } from "../auth/guards.server.ts";
import { publicOrigin } from "../auth/origin.server.ts";
import { logPersonalDataAccess } from "../services/audit.server.ts";
import {
  LETTER_NOT_FOUND, LetterError, findLetter, letterChecks, letterDefinition, letterHistory, letterPermissions,
  transitionLetter,
} from "../services/mission-letters.server.ts";
import { describeRule } from "../domain/imp/rule-set.ts";
import { LazySurveyHost } from "../components/survey/LazySurveyHost.tsx";
import type { ServerReply } from "../components/survey/SurveyHost.client.tsx";
import { LetterChecksPanel, LetterEnvelopeSummary } from "../components/LetterChecksPanel.tsx";
import { letterQuestionMessages, type LetterChecksView } from "../components/survey/letter-checks.ts";
import { formatDateTime } from "../domain/campaigns.ts";
import { LETTER_STATUS_LABELS } from "../domain/letter-status.ts";
import { plural } from "../domain/format/fr.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Lettre de mission ${data.letter.schoolYearId} — ${data.letter.establishment.name} — Plateforme RUPN` : "Lettre de mission — Plateforme RUPN" },
];

const HISTORY_LABELS: Record<string, string> = {
  "mission-letter.create": "Lettre commencée",
  "mission-letter.submit": "Soumise à la signature",
  "mission-letter.reopen": "Reprise en brouillon par le chef d'établissement",
  "mission-letter.sign": "Signée par le chef d'établissement",
  "mission-letter.return": "Renvoyée par la DANE",
  "mission-letter.validate": "Validée par la DANE",
};

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const letter = await findLetter(actor, params.id ?? "");
  if (!letter) throw new Response(LETTER_NOT_FOUND, { status: 404 });
  const [{ check, envelope }, definition, history] = await Promise.all([
    letterChecks({ establishmentId: letter.establishment.id, schoolYearId: letter.schoolYearId, data: letter.data }),
    letterDefinition(letter.surveyVersionId),
    letterHistory(letter.id),
  ]);
  await logPersonalDataAccess(actor.userId, "MissionLetter", letter.id, context.clientIp ?? null);
  const checks: LetterChecksView = { errors: check.errors, warnings: check.warnings, totals: check.totals };
  return {
    letter: {
      id: letter.id, status: letter.status, version: letter.version, schoolYearId: letter.schoolYearId, surveyVersionId: letter.surveyVersionId,
      data: letter.data as Record<string, unknown>, establishment: letter.establishment, signedAt: letter.signedAt, signerName: letter.signerName,
      validatedAt: letter.validatedAt, returnedAt: letter.returnedAt, returnComment: letter.returnComment, submittedAt: letter.submittedAt,
    },
    definition: definition as Record<string, unknown>,
    can: letterPermissions(actor, letter),
    checks,
    envelope: {
      pupilCount: envelope.pupilCount,
      rule: envelope.result.ok ? describeRule(envelope.result.rule) : null,
      problem: envelope.result.ok ? null : envelope.result.error.message,
      source: envelope.ruleSet?.source ?? null,
    },
    history: history.map((h) => ({ id: h.id, label: HISTORY_LABELS[h.action] ?? h.action, at: h.createdAt, by: h.actorName, comment: (h.summary as { comment?: string } | null)?.comment ?? null })),
    signer: `${actor.firstName} ${actor.lastName}`,
  };
}

const version = z.coerce
  .number({ error: "Numéro de version de la lettre manquant : rechargez la page." })
  .int("Numéro de version de la lettre invalide : rechargez la page.")
  .min(1, "Numéro de version de la lettre invalide : rechargez la page.")
  .max(2_147_483_647, "Numéro de version de la lettre invalide : rechargez la page.");
const comment = z
  .string({ error: "Commentaire invalide." })
  .max(5000, "Commentaire : 5 000 caractères au plus.")
  .regex(/^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]*$/, "Le commentaire contient des caractères non autorisés.")
  .default("");
const actionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("reopen"), version }),
    z.object({ intent: z.literal("sign"), version, confirm: z.literal("on", { error: "Case de signature invalide." }).optional() }),
    z.object({ intent: z.literal("return"), version, comment }),
    z.object({ intent: z.literal("validate"), version }),
  ],
  { error: "Action inconnue : rechargez la page." },
);

const DONE: Record<string, string> = {
  reopen: "reprise",
  sign: "signee",
  return: "renvoyee",
  validate: "validee",
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const body = await request.formData().catch(() => null);
  if (!body) return data({ error: "Le formulaire envoyé est illisible : rechargez la page et recommencez." }, { status: 400 });
  const parsed = actionSchema.safeParse(Object.fromEntries(body));
  if (!parsed.success) return data({ error: "Action inconnue ou formulaire incomplet : rechargez la page." }, { status: 400 });
  const form = parsed.data;
  const input =
    form.intent === "sign" ? { action: "sign" as const, version: form.version, confirmed: form.confirm === "on" }
    : form.intent === "return" ? { action: "return" as const, version: form.version, comment: form.comment }
    : { action: form.intent, version: form.version };
  try {
    const result = await transitionLetter(actor, params.id ?? "", input, { ip: context.clientIp ?? null, origin: publicOrigin(request) });
    const effects = result.effects;
    const extra = effects
      ? `&destinataires=${effects.recipients.length}&comptes=${effects.accountsCreated}${effects.designation ? `&formation=${effects.designation.outcomes.filter((o) => o.outcome !== "refused").length}` : ""}${effects.newcomersWithoutSession ? `&sans-session=${effects.newcomersWithoutSession}` : ""}`
      : "";
    return redirect(`/lettres/${params.id}?fait=${DONE[form.intent]}${extra}`);
  } catch (error) {
    if (error instanceof LetterError) {
      if (error.status === 404) throw new Response(error.message, { status: 404 });
      return data({ error: error.message }, { status: error.status });
    }
    throw error;
  }
}

function doneMessage(params: URLSearchParams): string | null {
  switch (params.get("fait")) {
    case "soumise":
      return "La lettre est soumise : le chef d'établissement peut maintenant la signer.";
    case "signee":
      return "La lettre de mission est signée. La DANE va la valider ; vous recevrez alors le PDF par courriel.";
    case "reprise":
      return "La lettre est de nouveau en brouillon : elle peut être modifiée.";
    case "renvoyee":
      return "La lettre a été renvoyée au chef d'établissement avec votre commentaire.";
    case "validee": {
      const count = (name: string) => Number(params.get(name) ?? 0) || 0;
      const parts = [`La lettre est validée. Elle sera envoyée en PDF à ${plural(count("destinataires"), "destinataire")}.`];
      const accounts = count("comptes");
      if (accounts) parts.push(`${plural(accounts, "compte de référent créé", "comptes de référent créés")}.`);
      const designated = count("formation");
      if (designated) parts.push(`${plural(designated, "nouveau référent désigné", "nouveaux référents désignés")} pour « Entrer dans la fonction de RUPN ».`);
      const waiting = count("sans-session");
      if (waiting) parts.push(`Aucune session ouverte de « Entrer dans la fonction de RUPN » : ${plural(waiting, "nouveau référent", "nouveaux référents")} à désigner plus tard.`);
      return parts.join(" ");
    }
    default:
      return null;
  }
}

const STEPS = ["DRAFT", "SUBMITTED", "SIGNED", "VALIDATED"] as const;

export default function LetterPage() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [checks, setChecks] = useState<LetterChecksView>(d.checks);
  // The answers the checks were computed on: the loader's, then each autosave's.
  const [answers, setAnswers] = useState<Record<string, unknown>>(d.letter.data);
  const onReply = useCallback((reply: ServerReply, sent: Record<string, unknown>) => {
    if (!reply.checks) return;
    setChecks(reply.checks as LetterChecksView);
    setAnswers(sent);
  }, []);
  const questionMessages = useMemo(() => letterQuestionMessages(checks, answers), [checks, answers]);
  const l = d.letter;
  const step = STEPS.indexOf(l.status) + 1;
  const done = doneMessage(params);
  const busy = navigation.state !== "idle";
  return (
    <div className="fr-my-3w">
      <Breadcrumb currentPageLabel={l.establishment.name} segments={[{ label: "Lettres de mission", linkProps: { to: "/lettres" } }]} />
      <h1>Lettre de mission {l.schoolYearId}</h1>
      <p className="fr-text--lead">
        {l.establishment.name} (UAI {l.establishment.uai}){l.establishment.commune ? `, ${l.establishment.commune}` : ""}
      </p>
      <Stepper currentStep={step} stepCount={4} title={LETTER_STATUS_LABELS[l.status]} nextTitle={step < 4 ? LETTER_STATUS_LABELS[STEPS[step]] : undefined} />
      {done ? <Alert severity="success" small className="fr-mb-3w" description={done} data-testid="done-message" /> : null}
      {result && "error" in result ? <Alert severity="error" small className="fr-mb-3w" description={result.error} data-testid="action-error" /> : null}
      {l.status === "DRAFT" && l.returnComment ? (
        <Alert
          severity="warning"
          as="h2"
          className="fr-mb-3w"
          title="Lettre renvoyée par la DANE"
          description={`Le ${formatDateTime(l.returnedAt!)} : « ${l.returnComment} »`}
        />
      ) : null}

      <section className="fr-mb-4w" aria-labelledby="envelope-title">
        <h2 id="envelope-title" className="fr-h4">Enveloppe IMP et contrôles</h2>
        <p className="fr-mb-1w">
          {d.envelope.rule ? `Règle appliquée : ${d.envelope.rule}` : d.envelope.problem}
          {d.envelope.source ? ` (${d.envelope.source})` : ""}
        </p>
        <LetterChecksPanel checks={checks} />
      </section>

      {l.status === "VALIDATED" ? (
        <p>
          <a className="fr-link fr-icon-download-line fr-link--icon-left" href={`/lettres/${l.id}/pdf`} download>
            Télécharger la lettre de mission validée (PDF)
          </a>
        </p>
      ) : null}

      <WorkflowActions d={d} busy={busy} />

      <h2 className="fr-h4 fr-mt-4w">Contenu de la lettre</h2>
      <LazySurveyHost
        key={`${l.id}:${l.status}:${l.version}`}
        loadingLabel="Chargement du formulaire…"
        endpoint={`/api/lettres/${l.id}`}
        surveyVersionId={l.surveyVersionId}
        version={l.version}
        definition={d.definition}
        data={l.data}
        readOnly={!d.can.edit}
        inputNoun="saisies"
        banner={<LetterEnvelopeSummary checks={checks} />}
        questionMessages={questionMessages}
        onReply={onReply}
        submit={d.can.submit ? {
          label: "Soumettre la lettre à la signature",
          invalidMessage: "Certaines réponses sont à compléter ou à corriger : elles sont signalées dans le formulaire.",
          failedMessage: "La soumission a échoué.",
          onSubmitted: () => navigate(`/lettres/${l.id}?fait=soumise`, { replace: true }),
        } : undefined}
        footnote={<p className="fr-text--sm">Vos saisies sont enregistrées automatiquement. Le chef d'établissement soumettra puis signera la lettre.</p>}
      />

      <h2 className="fr-h4 fr-mt-4w">Historique</h2>
      {d.history.length === 0 ? <p>Aucun évènement.</p> : (
        <ol className="fr-mb-4w" data-testid="history">
          {d.history.map((h) => (
            <li key={h.id}>
              {formatDateTime(h.at)} — {h.label} ({h.by}){h.comment ? ` : « ${h.comment} »` : ""}
            </li>
          ))}
        </ol>
      )}
      <p>
        <Link to="/lettres">Retour aux lettres de mission</Link>
      </p>
    </div>
  );
}

function WorkflowActions({ d, busy }: { d: ReturnType<typeof useLoaderData<typeof loader>>; busy: boolean }) {
  const l = d.letter;
  const blocking = d.checks.errors.length > 0;
  if (!d.can.sign && !d.can.reopen && !d.can.validate && !d.can.return) {
    if (l.status === "SUBMITTED") return <p>La lettre attend la signature du chef d'établissement.</p>;
    if (l.status === "SIGNED") return <p>Lettre signée par {l.signerName} le {formatDateTime(l.signedAt!)} : elle attend la validation de la DANE.</p>;
    if (l.status === "VALIDATED") return <p>Lettre signée par {l.signerName} le {formatDateTime(l.signedAt!)}, validée par la DANE le {formatDateTime(l.validatedAt!)}.</p>;
    return null;
  }
  return (
    <section className="fr-mb-4w" aria-labelledby="actions-title">
      <h2 id="actions-title" className="fr-h4">{d.can.validate || d.can.return ? "Décision de la DANE" : "Signature"}</h2>
      {l.status === "SIGNED" ? <p>Signée par {l.signerName} le {formatDateTime(l.signedAt!)}.</p> : null}
      {d.can.sign ? (
        <Form method="post" className="fr-mb-3w">
          <input type="hidden" name="version" value={l.version} />
          <div className="fr-checkbox-group fr-mb-2w">
            <input type="checkbox" id="confirm" name="confirm" required />
            <label className="fr-label" htmlFor="confirm">
              Je soussigné·e, {d.signer}, chef d'établissement, signe la présente lettre de mission.
            </label>
          </div>
          <button className="fr-btn" type="submit" name="intent" value="sign" disabled={busy || blocking}>
            Signer la lettre de mission
          </button>
          {blocking ? <p className="fr-error-text">Corrigez d'abord les erreurs signalées ci-dessus.</p> : null}
        </Form>
      ) : null}
      {d.can.reopen ? (
        <Form method="post" className="fr-mb-3w">
          <input type="hidden" name="version" value={l.version} />
          <button className="fr-btn fr-btn--secondary" type="submit" name="intent" value="reopen" disabled={busy}>
            Reprendre la lettre en brouillon
          </button>
        </Form>
      ) : null}
      {d.can.validate ? (
        <Form method="post" className="fr-mb-3w">
          <input type="hidden" name="version" value={l.version} />
          <button className="fr-btn" type="submit" name="intent" value="validate" disabled={busy || blocking}>
            Valider la lettre de mission
          </button>
        </Form>
      ) : null}
      {d.can.return ? (
        <Form method="post" className="fr-mb-3w">
          <input type="hidden" name="version" value={l.version} />
          <div className="fr-input-group">
            <label className="fr-label" htmlFor="comment">
              Commentaire pour le chef d'établissement
              <span className="fr-hint-text">Ce qui est à reprendre avant une nouvelle signature.</span>
            </label>
            <textarea className="fr-input" id="comment" name="comment" rows={3} required minLength={5} maxLength={2000} />
          </div>
          <button className="fr-btn fr-btn--secondary" type="submit" name="intent" value="return" disabled={busy}>
            Renvoyer la lettre au chef d'établissement
          </button>
        </Form>
      ) : null}
    </section>
  );
}
