import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireRole } from "../auth/guards.server.ts";
import { publicOrigin } from "../auth/origin.server.ts";
import { campaignAudience, closeCampaign, getCampaign, lastMailings, sendCampaignMails } from "../services/campaigns.server.ts";
import { rethrowAsHttp, SurveyServiceError } from "../services/survey-errors.server.ts";
import { CAMPAIGN_STATE_LABELS, RESPONSE_STATUS_LABELS, formatDate, formatDateTime } from "../domain/campaigns.ts";
import { academyLabel, plural } from "../domain/format/fr.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.campaign.title ?? "Campagne"} — Plateforme RUPN` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE"]);
  const campaign = await getCampaign(actor, params.id ?? "").catch(rethrowAsHttp);
  const [audience, mailings] = await Promise.all([campaignAudience(campaign), lastMailings(campaign.id)]);
  return { campaign, audience, mailings };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["DANE"]);
  const intent = (await request.formData()).get("intent");
  try {
    if (intent === "invitation" || intent === "reminder") {
      const { recipients } = await sendCampaignMails(actor, params.id ?? "", intent, publicOrigin(request), context.clientIp ?? null);
      const what = intent === "invitation" ? "Invitations" : "Relances";
      return { message: recipients ? `${what} envoyées à ${plural(recipients, "référent·e")}.` : "Tous les référents ont déjà envoyé leur bilan : aucun message envoyé." };
    }
    if (intent === "close") {
      await closeCampaign(actor, params.id ?? "", context.clientIp ?? null);
      return { message: "La campagne est close : les bilans sont désormais en lecture seule." };
    }
  } catch (error) {
    if (error instanceof SurveyServiceError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
  return data({ error: "Action inconnue." }, { status: 400 });
}

export default function CampaignPage() {
  const { campaign: c, audience, mailings } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const submitted = audience.filter((a) => a.response?.status === "SUBMITTED").length;
  return (
    <div className="fr-my-3w">
      <Breadcrumb currentPageLabel={c.title} segments={[{ label: "Campagnes de bilan", linkProps: { to: "/campagnes" } }]} />
      <h1>{c.title}</h1>
      <p className="fr-text--lead">
        Bilan de l'année scolaire {c.schoolYearId} · {academyLabel(c.academy.name)} · du {formatDate(c.opensAt)} au {formatDate(c.closesAt)}{" "}
        <Badge as="span" severity={c.state === "open" ? "success" : c.state === "upcoming" ? "info" : undefined} small noIcon>
          {CAMPAIGN_STATE_LABELS[c.state]}
        </Badge>
      </p>
      <p>
        Questionnaire : {c.surveyVersion.title} (version {c.surveyVersion.version}, empreinte {c.surveyVersion.checksum.slice(0, 12)}).
      </p>
      {result && "message" in result ? <Alert severity="success" small className="fr-mb-3w" description={result.message} /> : null}
      {result && "error" in result ? <Alert severity="error" small className="fr-mb-3w" description={result.error} /> : null}
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <Link className="fr-btn" to={`/campagnes/${c.id}/reponses`}>
            Voir les réponses
          </Link>
        </li>
        <li>
          <a className="fr-btn fr-btn--secondary" href={`/campagnes/${c.id}/export.csv`} download>
            Exporter les bilans envoyés (CSV)
          </a>
        </li>
      </ul>
      {c.state !== "closed" ? (
        <Form method="post" className="fr-mb-3w">
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <button className="fr-btn fr-btn--secondary" name="intent" value="invitation">Envoyer les invitations</button>
            </li>
            <li>
              <button className="fr-btn fr-btn--secondary" name="intent" value="reminder">Relancer les non-répondants</button>
            </li>
            <li>
              <button className="fr-btn fr-btn--tertiary" name="intent" value="close">Clore la campagne</button>
            </li>
          </ul>
        </Form>
      ) : null}
      {mailings.length ? (
        <p className="fr-text--sm">
          Derniers envois : {mailings.map((m) => `${m.kind} le ${formatDateTime(m.at)} (${m.recipients})`).join(" ; ")}
        </p>
      ) : null}
      <h2>
        Référents invités : {audience.length} ({plural(submitted, "bilan envoyé")})
      </h2>
      <div className="fr-table fr-table--multiline">
        <div className="fr-table__wrapper">
          <div className="fr-table__container" tabIndex={0} role="region" aria-label="RUPN de l'académie désignés cette année, par établissement">
            <div className="fr-table__content">
              <table>
                <caption>RUPN de l'académie désignés cette année, par établissement</caption>
                <thead>
                  <tr>
                    <th scope="col">Établissement</th>
                    <th scope="col">Référent·e</th>
                    <th scope="col">Bilan</th>
                  </tr>
                </thead>
                <tbody>
                  {audience.map((a) => (
                    <tr key={`${a.user.id}/${a.establishment.id}`}>
                      <td>
                        {a.establishment.name} ({a.establishment.uai})
                      </td>
                      <td>
                        {a.user.firstName} {a.user.lastName}
                      </td>
                      <td>
                        {a.response ? (
                          <Link to={`/campagnes/${c.id}/reponses/${a.response.id}`}>{RESPONSE_STATUS_LABELS[a.response.status]}</Link>
                        ) : (
                          RESPONSE_STATUS_LABELS.NONE
                        )}
                      </td>
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
