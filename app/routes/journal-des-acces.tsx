// The access log (RGPD, ADR 020): who read or exported which establishment's or person's data in the académie.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { requireUser } from "../auth/guards.server.ts";
import { accessLog, describeSubject, PAGE_SIZE } from "../services/rgpd/access-log.server.ts";
import { accessLogQuery, parseAccessLogFilters } from "../domain/rgpd/access-log-filters.ts";
import { accessActionLabel } from "../domain/rgpd/labels.ts";
import { formatDateTime } from "../domain/format/fr.ts";
import { DataTable } from "../components/DataTable.tsx";

export const meta: MetaFunction = () => [{ title: "Journal des accès aux données personnelles — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const { filters, error } = parseAccessLogFilters(new URL(request.url).searchParams);
  const log = await accessLog(actor, filters);
  return {
    filters,
    error,
    ...log,
    pageSize: PAGE_SIZE,
    query: accessLogQuery({ ...filters, page: 1 }),
    pageLinks: { previous: log.page > 1 ? accessLogQuery(filters, log.page - 1) : null, next: log.page < log.pages ? accessLogQuery(filters, log.page + 1) : null },
    rows: log.rows.map((r) => ({
      id: r.id,
      at: formatDateTime(r.at),
      action: accessActionLabel(r.action, r.entityType),
      subject: describeSubject(r),
      personId: r.personId,
      actor: r.actorName ? `${r.actorName} (${r.actorEmail})` : "la plateforme",
      ip: r.ip ?? "—",
    })),
  };
}

export default function AccessLog() {
  const d = useLoaderData<typeof loader>();
  const f = d.filters;
  return (
    <div className="fr-my-5w">
      <h1>Journal des accès aux données personnelles</h1>
      <p>
        Chaque consultation d'une fiche de personne, d'un bilan, d'une lettre de mission, d'une session de formation ou des
        référents d'un établissement de votre académie, et chaque export ou correction de données personnelles. Voir aussi
        les <Link to="/personnes">fiches des personnes</Link>.
      </p>
      {d.error ? <Alert severity="error" as="h2" small description={d.error} className="fr-mb-3w" /> : null}
      <Form method="get" className="fr-mb-3w" aria-label="Filtrer le journal">
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-12 fr-col-md-4">
            <Input label="Personne concernée" hintText="Nom ou adresse électronique" nativeInputProps={{ name: "personne", defaultValue: f.personne ?? "", maxLength: 100 }} />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input label="Établissement" hintText="Nom ou UAI" nativeInputProps={{ name: "etablissement", defaultValue: f.etablissement ?? "", maxLength: 100 }} />
          </div>
          <div className="fr-col-12 fr-col-md-4">
            <Input label="Consulté par" hintText="Nom ou adresse électronique" nativeInputProps={{ name: "auteur", defaultValue: f.auteur ?? "", maxLength: 100 }} />
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <Input label="Du" nativeInputProps={{ name: "du", type: "date", defaultValue: f.du ?? "" }} />
          </div>
          <div className="fr-col-6 fr-col-md-3">
            <Input label="Au" nativeInputProps={{ name: "au", type: "date", defaultValue: f.au ?? "" }} />
          </div>
        </div>
        {f.personneId ? <input type="hidden" name="personneId" value={f.personneId} /> : null}
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <button className="fr-btn" type="submit">Filtrer</button>
          </li>
          <li>
            <a className="fr-btn fr-btn--secondary" href={`/journal-des-acces.csv${d.query ? `?${d.query}` : ""}`} download>
              Exporter (CSV)
            </a>
          </li>
        </ul>
      </Form>
      <DataTable
        caption={`${d.total} entrée${d.total > 1 ? "s" : ""}${d.pages > 1 ? ` — page ${d.page} sur ${d.pages} (${d.pageSize} par page)` : ""}`}
        testId="access-log"
        headers={["Date", "Action", "Donnée consultée", "Par", "Adresse IP"]}
        rows={d.rows.map((r) => ({
          key: r.id,
          cells: [r.at, r.action, r.personId ? <Link key="p" to={`/personnes/${r.personId}`}>{r.subject}</Link> : r.subject, r.actor, r.ip],
        }))}
      />
      {d.total === 0 ? <p>Aucune entrée pour ces critères.</p> : null}
      {d.pages > 1 ? (
        <nav role="navigation" className="fr-pagination" aria-label="Pagination du journal">
          <ul className="fr-pagination__list">
            <li>
              {d.pageLinks.previous !== null ? (
                <Link className="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" to={`?${d.pageLinks.previous}`}>Page précédente</Link>
              ) : (
                <a className="fr-pagination__link fr-pagination__link--prev fr-pagination__link--lg-label" aria-disabled="true" role="link">Page précédente</a>
              )}
            </li>
            <li>
              {d.pageLinks.next !== null ? (
                <Link className="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" to={`?${d.pageLinks.next}`}>Page suivante</Link>
              ) : (
                <a className="fr-pagination__link fr-pagination__link--next fr-pagination__link--lg-label" aria-disabled="true" role="link">Page suivante</a>
              )}
            </li>
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
