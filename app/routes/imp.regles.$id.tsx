import { useState } from "react";
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireRole } from "../auth/guards.server.ts";
import { getRuleSet, legalRatesOf, publishRuleSet, saveDraft } from "../services/imp-rule-set-editor.server.ts";
import { envelopePreview } from "../services/imp-envelope-preview.server.ts";
import { ImpServiceError, rethrowImpAsHttp } from "../services/imp-errors.server.ts";
import { describeRule } from "../domain/imp/rule-set.ts";
import { formatDate, formatDateTime } from "../domain/campaigns.ts";
import { type RuleRow, RuleSetForm } from "../components/imp/RuleSetForm.tsx";
import { EnvelopePreviewTable } from "../components/imp/EnvelopePreviewTable.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Règles d'enveloppe IMP ${data?.set.schoolYearId ?? ""} — Plateforme RUPN` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "RECTORAT"]);
  const stored = await getRuleSet(actor, params.id ?? "").catch(rethrowImpAsHttp);
  const preview = await envelopePreview(stored);
  return {
    set: {
      id: stored.id,
      academy: stored.academy.name,
      schoolYearId: stored.schoolYearId,
      status: stored.status,
      version: stored.version,
      effectiveFrom: stored.effectiveFrom.toISOString().slice(0, 10),
      effectiveFromLabel: formatDate(stored.effectiveFrom),
      source: stored.source ?? "",
      publishedAt: stored.publishedAt ? formatDateTime(stored.publishedAt) : null,
      rules: stored.rules.map((r) => ({
        type: r.type,
        minPupils: String(r.minPupils),
        maxPupils: r.maxPupils === null ? "" : String(r.maxPupils),
        units: String(r.units),
        unitRate: String(r.unitRateCents),
        text: describeRule({ type: r.type, minPupils: r.minPupils, maxPupils: r.maxPupils, units: r.units, unitRate: r.unitRateCents }),
      })),
    },
    legalRates: legalRatesOf(stored),
    preview,
  };
}

function rowsOf(form: FormData): RuleRow[] {
  const all = (name: string) => form.getAll(name).map((v) => (typeof v === "string" ? v : ""));
  const [types, mins, maxs, units, rates] = ["type", "minPupils", "maxPupils", "units", "unitRate"].map(all);
  return types.map((type, i) => ({ type, minPupils: mins[i] ?? "", maxPupils: maxs[i] ?? "", units: units[i] ?? "", unitRate: rates[i] ?? "" }));
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "RECTORAT"]);
  const form = await request.formData();
  const id = params.id ?? "";
  const version = Number(form.get("version"));
  const ip = context.clientIp ?? null;
  const rows = rowsOf(form);
  try {
    if (!Number.isInteger(version) || version < 1 || version > 2_147_483_647) return data({ error: "Version manquante ou invalide : rechargez la page." }, { status: 400 });
    if (form.get("intent") === "save") {
      await saveDraft(actor, id, { effectiveFrom: String(form.get("effectiveFrom") ?? ""), source: String(form.get("source") ?? ""), rows, version }, ip);
      return { ok: "Brouillon enregistré. L'aperçu ci-dessous tient compte de ces règles." };
    }
    if (form.get("intent") === "publish") {
      if (form.get("confirm") !== "oui") return data({ error: "Cochez la case de confirmation pour publier." }, { status: 400 });
      const preview = await envelopePreview(await getRuleSet(actor, id));
      await publishRuleSet(actor, id, version, preview, ip);
      return { ok: "Règles publiées : elles s'appliquent désormais aux lettres de mission de l'année et ne peuvent plus être modifiées." };
    }
  } catch (error) {
    if (error instanceof ImpServiceError) {
      return data({ error: error.message, fieldErrors: error.fieldErrors, generalErrors: error.generalErrors, rows }, { status: error.status });
    }
    throw error;
  }
  return data({ error: "Action inconnue." }, { status: 400 });
}

type ActionResult =
  | { ok: string; error?: undefined }
  | { error: string; fieldErrors?: Record<string, string>; generalErrors?: string[]; rows?: RuleRow[] };

export default function RuleSetPage() {
  const { set, legalRates, preview } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const navigation = useNavigation();
  const [dirty, setDirty] = useState(false);
  const draft = set.status === "DRAFT";
  const failed = result && "error" in result && result.error !== undefined ? result : null;
  return (
    <div className="fr-my-3w">
      <Breadcrumb currentPageLabel={`Règles ${set.schoolYearId}`} segments={[{ label: "Règles IMP", linkProps: { to: "/imp/regles" } }]} />
      <h1>
        Règles d'enveloppe IMP {set.schoolYearId}{" "}
        <Badge as="span" noIcon severity={draft ? "new" : "success"}>
          {draft ? "Brouillon" : "Publiées"}
        </Badge>
      </h1>
      <p className="fr-text--lead">
        Académie de {set.academy} · en vigueur à partir du {set.effectiveFromLabel}
        {set.publishedAt ? ` · publiées le ${set.publishedAt}` : ""}
      </p>
      {set.source ? <p>Source : {set.source}</p> : null}
      <div aria-live="polite">
        {failed ? <Alert severity="error" small className="fr-mb-3w" description={failed.error} /> : null}
        {result && "ok" in result ? <Alert severity="success" small className="fr-mb-3w" description={result.ok} /> : null}
      </div>
      <h2>Tranches</h2>
      {draft ? (
        <RuleSetForm
          key={set.version}
          schoolYear={set.schoolYearId}
          version={set.version}
          effectiveFrom={set.effectiveFrom}
          source={set.source}
          rows={failed?.rows ?? set.rules}
          legalRates={legalRates}
          fieldErrors={failed?.fieldErrors ?? {}}
          generalErrors={failed?.generalErrors ?? []}
          submitting={navigation.state === "submitting"}
          onDirtyChange={setDirty}
        />
      ) : (
        <ul data-testid="published-rules">
          {set.rules.map((r) => (
            <li key={r.text}>{r.text}</li>
          ))}
        </ul>
      )}
      <h2 className="fr-mt-5w">Aperçu des enveloppes</h2>
      {draft ? <p>L'aperçu porte sur les règles enregistrées : enregistrez le brouillon pour voir l'effet d'un changement.</p> : null}
      <EnvelopePreviewTable preview={preview} schoolYear={set.schoolYearId} academy={set.academy} />
      {draft ? (
        <section className="fr-mt-5w" aria-labelledby="publier">
          <h2 id="publier">Publier</h2>
          <p>
            Une fois publiées, ces règles s'appliquent aux lettres de mission {set.schoolYearId} à partir du {set.effectiveFromLabel} et ne
            peuvent plus être modifiées.
          </p>
          {dirty ? <p className="fr-error-text">Des modifications ne sont pas enregistrées : enregistrez le brouillon avant de publier.</p> : null}
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <input type="hidden" name="version" value={set.version} />
            <div className="fr-checkbox-group fr-mb-2w">
              <input type="checkbox" id="confirm" name="confirm" value="oui" required />
              <label className="fr-label" htmlFor="confirm">
                J'ai vérifié l'aperçu : je publie ces règles pour l'année {set.schoolYearId}.
              </label>
            </div>
            <button className="fr-btn" type="submit" disabled={dirty || navigation.state === "submitting"}>
              Publier les règles
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
