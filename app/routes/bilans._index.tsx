import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { z } from "../domain/zod-fr.ts";
import { badRequest } from "../auth/guards.server.ts";
import { requireReferent } from "../auth/referent-guard.server.ts";
import { myBilans, startResponse } from "../services/responses.server.ts";
import { rethrowAsHttp } from "../services/survey-errors.server.ts";
import { CAMPAIGN_STATE_LABELS, RESPONSE_STATUS_LABELS, formatDate, formatDateTime } from "../domain/campaigns.ts";

export const meta: MetaFunction = () => [{ title: "Mes bilans annuels — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireReferent(request);
  return { rows: await myBilans(actor) };
}

const id = (label: string) => z.string({ error: `${label} manquant.` }).regex(/^[A-Za-z0-9_-]{1,100}$/, `${label} invalide.`);
const startSchema = z.object({ campaignId: id("Identifiant de campagne"), establishmentId: id("Identifiant d'établissement") });

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireReferent(request);
  const parsed = startSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) badRequest("Campagne ou établissement manquant.");
  const id = await startResponse(actor, parsed.data.campaignId, parsed.data.establishmentId).catch(rethrowAsHttp);
  throw redirect(`/bilans/${id}`);
}

export default function MyBilans() {
  const { rows } = useLoaderData<typeof loader>();
  return (
    <div className="fr-my-5w">
      <h1>Mes bilans annuels</h1>
      <p>
        En fin d'année, la DANE demande à chaque référent·e de faire le bilan de sa mission dans chacun de ses établissements.
        Vos réponses s'enregistrent au fil de la saisie : vous pouvez reprendre plus tard, sur un autre appareil.
      </p>
      {rows.length === 0 ? (
        <p>Aucune campagne de bilan n'est ouverte pour vos établissements.</p>
      ) : (
        <ul className="fr-grid-row fr-grid-row--gutters" style={{ listStyle: "none", padding: 0 }}>
          {rows.map(({ campaign, establishment, response }) => {
            const status = response?.status ?? "NONE";
            const open = campaign.state === "open";
            return (
              <li className="fr-col-12 fr-col-md-6" key={`${campaign.id}/${establishment.id}`}>
                <div className="fr-card">
                  <div className="fr-card__body">
                    <div className="fr-card__content">
                      <h2 className="fr-card__title fr-h5">
                        {campaign.title} — {establishment.name}
                      </h2>
                      <p className="fr-card__desc">
                        Bilan de l'année scolaire {campaign.schoolYearId} · UAI {establishment.uai} ·{" "}
                        {open ? `ouvert jusqu'au ${formatDate(campaign.closesAt)}` : CAMPAIGN_STATE_LABELS[campaign.state].toLowerCase()}
                      </p>
                      <div className="fr-card__start">
                        <Badge as="span" severity={status === "SUBMITTED" ? "success" : status === "DRAFT" ? "info" : "new"} small noIcon>
                          {RESPONSE_STATUS_LABELS[status]}
                        </Badge>
                      </div>
                      {response?.submittedAt ? <p className="fr-card__detail">Envoyé le {formatDateTime(response.submittedAt)}</p> : null}
                    </div>
                    <div className="fr-card__footer">
                      {response ? (
                        <a className="fr-btn fr-btn--secondary" href={`/bilans/${response.id}`}>
                          {!open ? "Consulter" : status === "SUBMITTED" ? "Consulter ou modifier" : "Reprendre"}
                          <span className="fr-sr-only"> le bilan de {establishment.name}</span>
                        </a>
                      ) : (
                        <Form method="post">
                          <input type="hidden" name="campaignId" value={campaign.id} />
                          <input type="hidden" name="establishmentId" value={establishment.id} />
                          <button className="fr-btn" type="submit">
                            Commencer<span className="fr-sr-only"> le bilan de {establishment.name}</span>
                          </button>
                        </Form>
                      )}
                    </div>
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
