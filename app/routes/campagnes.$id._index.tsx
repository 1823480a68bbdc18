import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireRole } from "../auth/guards.server.ts";
import { publicOrigin } from "../auth/origin.server.ts";
import { campaignAudience, closeCampaign, getCampaign, lastMailings, sendCampaignMails } from "../services/campaigns.server.ts";
import { rethrowAsHttp, SurveyServiceError } from "../services/survey-errors.server.ts";
import { CLOSE_CONFIRM_PARAM, CloseCampaignButton, CloseCampaignConfirmation } from "../components/CloseCampaign.tsx";
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
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "invitation" || intent === "reminder" || intent === "late") {
      const { recipients } = await sendCampaignMails(actor, params.id ?? "", intent, publicOrigin(request), context.clientIp ?? null);
      const what = intent === "reminder" ? "Relances" : "Invitations";
      return { message: recipients ? `${what} envoyées à ${plural(recipients, "référent·e")}.` : "Tous les référents ont déjà envoyé leur bilan : aucun message envoyé." };
    }
    if (intent === "close") {
      if (form.get("confirm") !== "oui") return data({ error: "Confirmez la clôture de la campagne : elle est définitive." }, { status: 400 });
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
  const submitted = audience.invited.filter((a) => a.response?.status === "SUBMITTED").length;
  const [params] = useSearchParams();
  const confirmingClose = c.state !== "closed" && params.get(CLOSE_CONFIRM_PARAM) === "confirmer" && !(result && "message" in result);
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
              <CloseCampaignButton />
            </li>
          </ul>
        </Form>
      ) : null}
      {confirmingClose ? <CloseCampaignConfirmation pending={audience.invited.length - submitted} closesAt={formatDate(c.closesAt)} /> : null}
      {mailings.length ? (
        <p className="fr-text--sm">
          Derniers envois : {mailings.map((m) => `${m.kind} le ${formatDateTime(m.at)} (${m.recipients})`).join(" ; ")}
        </p>
      ) : null}
      {audience.late.length > 0 ? (
        <section className="fr-mb-4w" data-testid="late-additions">
          <Alert
            severity="warning"
            as="h2"
            className="fr-mb-2w"
            title={`${audience.late.length} ${audience.late.length > 1 ? "référents désignés" : "référent·e désigné·e"} pour ${c.schoolYearId} depuis l'envoi des invitations`}
            description={`L'audience a été arrêtée le ${formatDateTime(audience.frozenAt!)}. Ces personnes ne sont ni invitées ni relancées, et ne comptent pas dans la participation, tant que vous ne les invitez pas.`}
          />
          <ul>
            {audience.late.map((a) => (
              <li key={`${a.user.id}/${a.establishment.id}`}>
                {a.user.firstName} {a.user.lastName} — {a.establishment.name} ({a.establishment.uai})
              </li>
            ))}
          </ul>
          {c.state !== "closed" ? (
            <Form method="post">
              <button className="fr-btn fr-btn--secondary" name="intent" value="late">
                Inviter {audience.late.length > 1 ? "ces référents" : "ce·tte référent·e"}
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}
      <h2>
        Référents invités : {audience.invited.length} ({plural(submitted, "bilan envoyé")})
      </h2>
      <p className="fr-text--sm" data-testid="audience-rule">
        {audience.frozenAt
          ? `Audience arrêtée à l'envoi des invitations, le ${formatDateTime(audience.frozenAt)} : les RUPN désignés pour l'année ${c.schoolYearId} à cette date.`
          : `Les RUPN désignés pour l'année scolaire ${c.schoolYearId}, celle que couvre le bilan. L'audience sera arrêtée à l'envoi des invitations.`}
      </p>
      <div className="fr-table fr-table--multiline">
        <div className="fr-table__wrapper">
          <div className="fr-table__container" tabIndex={0} role="region" aria-label="RUPN de l'académie désignés cette année, par établissement">
            <div className="fr-table__content">
              <table>
                <caption>RUPN de l'académie désignés pour l'année {c.schoolYearId}, par établissement</caption>
                <thead>
                  <tr>
                    <th scope="col">Établissement</th>
                    <th scope="col">Référent·e</th>
                    <th scope="col">Bilan</th>
                  </tr>
                </thead>
                <tbody>
                  {audience.invited.map((a) => (
                    <tr key={`${a.user.id}/${a.establishment.id}`}>
                      <td>
                        {a.establishment.name} ({a.establishment.uai})
                      </td>
                      <td>
                        {a.user.firstName} {a.user.lastName}
                        {a.lateAddition ? <span className="fr-text--xs fr-mb-0"> (ajout tardif)</span> : null}
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
