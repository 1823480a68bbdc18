import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { requireRole } from "../auth/guards.server.ts";
import { publicOrigin } from "../auth/origin.server.ts";
import { managedAcademyChoice } from "../services/imp-rule-set-editor.server.ts";
import { lettersOverview, schoolYearOptions, sendLetterReminders } from "../services/letters-overview.server.ts";
import { payrollOf } from "../services/imp-payroll.server.ts";
import { parseImpQuery } from "../services/imp-query.server.ts";
import { ImpServiceError, rethrowImpAsHttp } from "../services/imp-errors.server.ts";
import { formatDateTime } from "../domain/campaigns.ts";
import { formatEuros } from "../domain/imp/money.ts";
import { AcademyPicker } from "../components/imp/AcademyPicker.tsx";
import { LettersProgressTable, ProgressFilters, ProgressSummary } from "../components/imp/LettersProgress.tsx";
import { plural, pluralWord } from "../domain/format/fr.ts";

export const meta: MetaFunction = () => [{ title: "Suivi des lettres de mission — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "RECTORAT"]);
  try {
    const query = parseImpQuery(new URL(request.url).searchParams);
    const { academy, academies } = await managedAcademyChoice(actor, query.academyId);
    const [overview, payroll, years] = await Promise.all([
      lettersOverview(academy.id, query.schoolYearId, query.filters),
      payrollOf(academy, query.schoolYearId),
      schoolYearOptions(query.schoolYearId),
    ]);
    return {
      academy,
      academies,
      schoolYearId: query.schoolYearId,
      schoolYears: years,
      params: query.params,
      ...overview,
      lines: overview.lines.map((l) => ({ ...l, lastReminderAt: l.lastReminderAt ? formatDateTime(l.lastReminderAt) : null })),
      payroll: {
        letters: payroll.establishments.length,
        lines: payroll.lineCount,
        totalCents: payroll.totalCents,
        problems: payroll.establishments.flatMap((e) => e.problems.map((p) => `${e.name} (${e.uai}) : ${p}`)),
      },
    };
  } catch (error) {
    rethrowImpAsHttp(error);
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "RECTORAT"]);
  const form = await request.formData();
  if (form.get("intent") !== "remind") return data({ error: "Action inconnue." }, { status: 400 });
  try {
    const query = parseImpQuery(form);
    const { academy } = await managedAcademyChoice(actor, query.academyId);
    const outcome = await sendLetterReminders(actor, academy, query.schoolYearId, query.filters, publicOrigin(request), context.clientIp ?? null);
    const parts = [
      outcome.reminded
        ? `${plural(outcome.reminded, "établissement relancé")} (${plural(outcome.mails, "courriel")}).`
        : "Aucun établissement relancé.",
      outcome.recentlyReminded ? `${outcome.recentlyReminded} déjà ${pluralWord(outcome.recentlyReminded, "relancé")} depuis moins de 24 heures.` : "",
      outcome.withoutAddress.length ? `Sans adresse électronique : ${outcome.withoutAddress.join(", ")}.` : "",
    ];
    return { ok: parts.filter(Boolean).join(" ") };
  } catch (error) {
    if (error instanceof ImpServiceError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function LettersFollowUp() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const navigation = useNavigation();
  const exportQuery = new URLSearchParams({ academie: d.academy.id, annee: d.schoolYearId }).toString();
  return (
    <div className="fr-my-5w">
      <h1>Suivi des lettres de mission</h1>
      <p className="fr-text--lead">
        Académie de {d.academy.name} · année scolaire {d.schoolYearId}
      </p>
      <AcademyPicker academies={d.academies} current={d.academy.id} action="/lettres/suivi" hidden={{ annee: d.schoolYearId }} />
      <ProgressSummary totals={d.academyTotals} academy={d.academy.name} />
      <ProgressFilters params={d.params} schoolYearId={d.schoolYearId} schoolYears={d.schoolYears} departments={d.departments} academyId={d.academy.id} />
      <div aria-live="polite">
        {result && "error" in result ? <Alert severity="error" small className="fr-mb-3w" description={result.error} /> : null}
        {result && "ok" in result ? <Alert severity="success" small className="fr-mb-3w" description={result.ok} /> : null}
      </div>
      <Form method="post" className="fr-mb-3w">
        <input type="hidden" name="intent" value="remind" />
        <input type="hidden" name="academie" value={d.academy.id} />
        <input type="hidden" name="annee" value={d.schoolYearId} />
        {Object.entries(d.params)
          .filter(([k]) => k !== "academie" && k !== "annee")
          .map(([k, v]) => (
            <input key={k} type="hidden" name={k} value={v} />
          ))}
        <button className="fr-btn fr-btn--secondary" type="submit" disabled={d.pendingReminders === 0 || navigation.state === "submitting"}>
          Relancer les établissements sans lettre signée ({d.pendingReminders})
        </button>
        <p className="fr-hint-text fr-mt-1w">
          Un courriel à l'adresse de l'établissement et à son chef d'établissement, pour les établissements affichés dont la lettre n'est pas
          signée ; un établissement n'est pas relancé deux fois en 24 heures.
        </p>
      </Form>
      <LettersProgressTable lines={d.lines} totals={d.shownTotals} />
      <section className="fr-mt-5w" aria-labelledby="versements">
        <h2 id="versements">Versements des IMP validées</h2>
        <p>
          {plural(d.payroll.letters, "lettre validée")}, {plural(d.payroll.lines, "ligne")} de paie, {formatEuros(d.payroll.totalCents)} au total. Une ligne par personne payée, une colonne par
          mois de versement (neuvièmes de novembre à juillet, versements après service fait, remplacements).
        </p>
        {d.payroll.problems.length ? (
          <Alert severity="warning" small className="fr-mb-3w" description={`IMP non exportées : ${d.payroll.problems.join(" ; ")}`} />
        ) : null}
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <Link className="fr-btn fr-btn--secondary" to={`/imp/versements.csv?${exportQuery}`} reloadDocument>
              Exporter en CSV
            </Link>
          </li>
          <li>
            <Link className="fr-btn fr-btn--secondary" to={`/imp/versements.xlsx?${exportQuery}`} reloadDocument>
              Exporter en XLSX
            </Link>
          </li>
        </ul>
      </section>
    </div>
  );
}
