import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "../auth/guards.server.ts";
import { emailLinkSignInEnabled } from "../auth/proconnect-config.server.ts";
import { listAccounts } from "../services/accounts-admin.server.ts";
import { DataTable } from "../components/DataTable.tsx";
import { ROLE_LABELS } from "../domain/permissions.ts";
import { formatDateTime } from "../domain/campaigns.ts";
import { formatCount } from "../domain/labels.ts";

export const meta: MetaFunction = () => [{ title: "Comptes — Administration — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["ADMIN"]);
  const params = new URL(request.url).searchParams;
  const query = (params.get("q") ?? "").slice(0, 100);
  const result = await listAccounts(actor, { query, page: Number(params.get("page")) || 1 });
  return {
    query,
    emailLink: emailLinkSignInEnabled(),
    ...result,
    accounts: result.accounts.map((a) => ({
      id: a.id,
      name: `${a.firstName} ${a.lastName}`,
      email: a.email,
      roles: [...new Set(a.roles.map((r) => ROLE_LABELS[r.role]))],
      proConnect: a.identities.length,
      lastSignInAt: a.lastSignInAt ? a.lastSignInAt.toISOString() : null,
    })),
  };
}

export default function Accounts() {
  const data = useLoaderData<typeof loader>();
  const pageLink = (page: number) => `?${new URLSearchParams({ ...(data.query ? { q: data.query } : {}), page: String(page) })}`;
  return (
    <div className="fr-my-5w">
      <h1>Comptes</h1>
      <p>
        Les comptes de la plateforme, leurs rôles et leurs moyens de connexion. Ouvrez un compte pour voir ses identités
        ProConnect et ses dernières connexions, ou retirer une liaison.
      </p>
      <Form method="get" role="search" className="fr-mb-3w">
        <div className="fr-search-bar" id="recherche-comptes">
          <label className="fr-label" htmlFor="q">
            Rechercher un compte (nom ou adresse électronique)
          </label>
          <input className="fr-input" id="q" name="q" type="search" defaultValue={data.query} />
          <button className="fr-btn" type="submit" title="Rechercher">
            Rechercher
          </button>
        </div>
      </Form>
      <DataTable
        caption={`${formatCount(data.total)} compte${data.total > 1 ? "s" : ""}${data.query ? ` pour « ${data.query} »` : ""}`}
        testId="accounts"
        headers={["Nom", "Adresse électronique", "Rôles", "Moyens de connexion", "Dernière connexion"]}
        rows={data.accounts.map((a) => ({
          key: a.id,
          cells: [
            <Link key="name" to={`/administration/comptes/${a.id}`}>
              {a.name}
            </Link>,
            a.email,
            a.roles.join(", ") || "Aucun rôle",
            [
              ...(data.emailLink ? ["Lien par courriel"] : []),
              ...(a.proConnect ? [`ProConnect${a.proConnect > 1 ? ` (${a.proConnect} identités)` : ""}`] : []),
            ].join(", ") || "Aucun",
            a.lastSignInAt ? formatDateTime(a.lastSignInAt) : "Jamais",
          ],
        }))}
      />
      {data.pages > 1 ? (
        <nav className="fr-mt-3w" aria-label="Pages de la liste des comptes">
          <p>
            Page {data.page} sur {data.pages}
          </p>
          <ul className="fr-btns-group fr-btns-group--inline-sm">
            {data.page > 1 ? (
              <li>
                <Link className="fr-btn fr-btn--secondary" to={pageLink(data.page - 1)}>
                  Page précédente
                </Link>
              </li>
            ) : null}
            {data.page < data.pages ? (
              <li>
                <Link className="fr-btn fr-btn--secondary" to={pageLink(data.page + 1)}>
                  Page suivante
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
    </div>
  );
}
