import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { requireRole } from "../auth/guards.server.ts";
import { listCampaigns } from "../services/campaigns.server.ts";
import { CAMPAIGN_STATE_LABELS, formatDate } from "../domain/campaigns.ts";

export const meta: MetaFunction = () => [{ title: "Campagnes de bilan — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE"]);
  return { campaigns: await listCampaigns(actor) };
}

export default function Campaigns() {
  const { campaigns } = useLoaderData<typeof loader>();
  return (
    <div className="fr-my-5w">
      <h1>Campagnes de bilan</h1>
      <p>Chaque campagne invite les RUPN de l'académie à remplir un questionnaire sur une année scolaire.</p>
      <Link className="fr-btn fr-mb-4w" to="/campagnes/nouvelle">
        Ouvrir une campagne
      </Link>
      {campaigns.length === 0 ? (
        <p>Aucune campagne pour le moment.</p>
      ) : (
        <div className="fr-table fr-table--multiline">
          <div className="fr-table__wrapper">
            <div className="fr-table__container" tabIndex={0} role="region" aria-label="Campagnes de votre académie">
              <div className="fr-table__content">
                <table>
                  <caption>Campagnes de votre académie</caption>
                  <thead>
                    <tr>
                      <th scope="col">Campagne</th>
                      <th scope="col">Année</th>
                      <th scope="col">Période</th>
                      <th scope="col">État</th>
                      <th scope="col">En cours</th>
                      <th scope="col">Envoyés</th>
                    </tr>
                  </thead>
                  <tbody>
                    {campaigns.map((c) => (
                      <tr key={c.id}>
                        <td>
                          <Link to={`/campagnes/${c.id}`}>{c.title}</Link>
                          <br />
                          <span className="fr-text--xs">
                            {c.academy.name} · questionnaire {c.surveyVersion.key} v{c.surveyVersion.version}
                          </span>
                        </td>
                        <td>{c.schoolYearId}</td>
                        <td>
                          du {formatDate(c.opensAt)} au {formatDate(c.closesAt)}
                        </td>
                        <td>
                          <Badge as="span" severity={c.state === "open" ? "success" : c.state === "upcoming" ? "info" : undefined} small noIcon>
                            {CAMPAIGN_STATE_LABELS[c.state]}
                          </Badge>
                        </td>
                        <td>{c.drafts}</td>
                        <td>{c.submitted}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </div>
          </div>
        </div>
      )}
    </div>
  );
}
