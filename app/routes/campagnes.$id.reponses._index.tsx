import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { z } from "../domain/zod-fr.ts";
import { requireRole } from "../auth/guards.server.ts";
import { listCampaignResponses } from "../services/campaign-responses.server.ts";
import { rethrowAsHttp } from "../services/survey-errors.server.ts";
import { RESPONSE_STATUS_LABELS, formatDateTime } from "../domain/campaigns.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../domain/labels.ts";
import { plural } from "../domain/format/fr.ts";

export const meta: MetaFunction = () => [{ title: "Réponses de la campagne — Plateforme RUPN" }];

const filtersSchema = z.object({
  statut: z.enum(["DRAFT", "SUBMITTED"]).optional().catch(undefined),
  type: z.enum(["COLLEGE", "LYCEE", "LYCEE_PRO", "EREA", "OTHER"]).optional().catch(undefined),
  q: z.string().max(100).optional().catch(undefined),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE"]);
  const filters = filtersSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const { campaign, rows } = await listCampaignResponses(actor, params.id ?? "", { status: filters.statut, type: filters.type, q: filters.q }).catch(rethrowAsHttp);
  return { campaign: { id: campaign.id, title: campaign.title }, rows, filters };
}

export default function CampaignResponses() {
  const { campaign, rows, filters } = useLoaderData<typeof loader>();
  return (
    <div className="fr-my-3w">
      <Breadcrumb
        currentPageLabel="Réponses"
        segments={[
          { label: "Campagnes de bilan", linkProps: { to: "/campagnes" } },
          { label: campaign.title, linkProps: { to: `/campagnes/${campaign.id}` } },
        ]}
      />
      <h1>Réponses — {campaign.title}</h1>
      <Form method="get" className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-3w">
        <div className="fr-col-12 fr-col-md-3">
          <Select label="Statut" nativeSelectProps={{ name: "statut", defaultValue: filters.statut ?? "" }}>
            <option value="">Tous</option>
            <option value="DRAFT">{RESPONSE_STATUS_LABELS.DRAFT}</option>
            <option value="SUBMITTED">{RESPONSE_STATUS_LABELS.SUBMITTED}</option>
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-3">
          <Select label="Type d'établissement" nativeSelectProps={{ name: "type", defaultValue: filters.type ?? "" }}>
            <option value="">Tous</option>
            {Object.entries(ESTABLISHMENT_TYPE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </Select>
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Input label="Établissement (nom, commune ou UAI)" nativeInputProps={{ name: "q", defaultValue: filters.q ?? "" }} />
        </div>
        <div className="fr-col-12 fr-col-md-2">
          <button className="fr-btn fr-mb-3w" type="submit">Filtrer</button>
        </div>
      </Form>
      <p>{plural(rows.length, "réponse")}</p>
      <div className="fr-table fr-table--multiline">
        <div className="fr-table__wrapper">
          <div className="fr-table__container" tabIndex={0} role="region" aria-label="Réponses à la campagne">
            <div className="fr-table__content">
              <table>
                <caption>Réponses à la campagne</caption>
                <thead>
                  <tr>
                    <th scope="col">Établissement</th>
                    <th scope="col">Type</th>
                    <th scope="col">Référent·e</th>
                    <th scope="col">Statut</th>
                    <th scope="col">Dernière modification</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.id}>
                      <td>
                        <Link to={`/campagnes/${campaign.id}/reponses/${r.id}`}>{r.establishment.name}</Link> ({r.establishment.uai})
                      </td>
                      <td>{ESTABLISHMENT_TYPE_LABELS[r.establishment.type]}</td>
                      <td>
                        {r.respondent.firstName} {r.respondent.lastName}
                      </td>
                      <td>{RESPONSE_STATUS_LABELS[r.status]}</td>
                      <td>{formatDateTime(r.submittedAt ?? r.updatedAt)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        </div>
      </div>
    </div>
  );
}
