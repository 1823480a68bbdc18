import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Pagination } from "@codegouvfr/react-dsfr/Pagination";
import { requireUser } from "../auth/guards.server.ts";
import { listEstablishments } from "../services/establishments.server.ts";
import { ESTABLISHMENT_TYPE_LABELS, SECTOR_LABELS, formatCount } from "../domain/labels.ts";

export const meta: MetaFunction = () => [{ title: "Établissements — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const url = new URL(request.url);
  const q = (url.searchParams.get("q") ?? "").slice(0, 100);
  const page = Number.parseInt(url.searchParams.get("page") ?? "1", 10);
  const result = await listEstablishments(actor, { q, page: Number.isFinite(page) ? page : 1 });
  return { q, ...result };
}

export default function Establishments() {
  const { q, rows, total, page, pageCount, schoolYearId } = useLoaderData<typeof loader>();
  const hrefFor = (p: number) => `/etablissements?${new URLSearchParams({ ...(q ? { q } : {}), page: String(p) })}`;
  return (
    <div className="fr-my-5w">
      <h1>Établissements</h1>
      <Form method="get" role="search" className="fr-mb-3w">
        <div className="fr-search-bar" id="search-establishments">
          <label className="fr-label" htmlFor="q">
            Rechercher par nom, commune ou UAI
          </label>
          <input className="fr-input" id="q" name="q" type="search" defaultValue={q} placeholder="Nom, commune ou UAI" />
          <button className="fr-btn" type="submit" title="Rechercher">
            Rechercher
          </button>
        </div>
      </Form>
      <p role="status">
        {total === 0
          ? "Aucun établissement ne correspond."
          : `${formatCount(total)} établissement${total > 1 ? "s" : ""} — page ${page} sur ${pageCount}`}
      </p>
      {rows.length > 0 ? (
        <div className="fr-table fr-table--no-caption">
          <div className="fr-table__wrapper">
            <div className="fr-table__container">
              <div className="fr-table__content">
                <table>
                  <caption>Établissements</caption>
                  <thead>
                    <tr>
                      <th scope="col">Nom</th>
                      <th scope="col">UAI</th>
                      <th scope="col">Type</th>
                      <th scope="col">Secteur</th>
                      <th scope="col">Commune</th>
                      <th scope="col">Élèves {schoolYearId}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {rows.map((e) => (
                      <tr key={e.id}>
                        <td>
                          <Link to={`/etablissements/${e.uai}`}>{e.name}</Link>
                        </td>
                        <td>{e.uai}</td>
                        <td>{ESTABLISHMENT_TYPE_LABELS[e.type]}</td>
                        <td>{SECTOR_LABELS[e.sector]}</td>
                        <td>{e.commune ?? "—"}</td>
                        <td>{formatCount(e.pupilCount)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      ) : null}
      {pageCount > 1 ? (
        <Pagination count={pageCount} defaultPage={page} getPageLinkProps={(p) => ({ to: hrefFor(p) })} showFirstLast />
      ) : null}
    </div>
  );
}
