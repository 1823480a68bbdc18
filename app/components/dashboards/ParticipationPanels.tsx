// Panels of the participation dashboard.
import { Form } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import type { participationPage } from "../../services/dashboards.server.ts";
import { participationChart, participationTable } from "../../domain/dashboards/charts.ts";
import { letterStatusChart, letterStatusTable } from "../../domain/dashboards/imp.ts";
import { formatShare } from "../../domain/dashboards/workload.ts";
import { CAMPAIGN_STATE_LABELS, RESPONSE_STATUS_LABELS, formatDateTime } from "../../domain/campaigns.ts";
import { formatCount } from "../../domain/labels.ts";
import { csvHref, type PanelTable } from "../../domain/dashboards/table.ts";
import { ChartPanel } from "./ChartPanel.tsx";
import { DataTable } from "../DataTable.tsx";
import { academyLabel } from "../../domain/format/fr.ts";

type Page = Awaited<ReturnType<typeof participationPage>>;
type Result = { message: string } | { error: string } | null;

export function ParticipationPanels({ page, result }: { page: Page; result: Result }) {
  const { campaign, detail, missing } = page;
  if (!campaign || !detail || !missing) {
    return (
      <div className="fr-callout">
        <p className="fr-callout__text">Aucune campagne de bilan dans votre périmètre pour l'instant.</p>
      </div>
    );
  }
  const zoneWord = page.filters.zoneLevel === "bassin" ? "bassin de formation" : "département";
  const missingTable: PanelTable = {
    columns: ["Établissement", "UAI", "Type", "Zone", "Référent·e", "Adresse électronique", "Bilan", "Dernière modification"],
    rows: missing.rows.map((r) => ({
      key: r.key,
      cells: [r.establishment, r.uai, r.type, r.zone, r.person, r.email, RESPONSE_STATUS_LABELS[r.status], r.updatedAt ? formatDateTime(r.updatedAt) : null],
    })),
  };
  return (
    <>
      <ChartPanel
        id="par-campagne"
        title="Participation par campagne"
        spec={participationChart(page.byCampaign)}
        table={participationTable(page.byCampaign, "Campagne")}
        fileName="participation-par-campagne"
        caption={
          <>
            Barres empilées : pour chaque campagne, les référents invités selon l'état de leur bilan (envoyé, commencé, non commencé).{" "}
            {page.byCampaign.map((r) => `${r.label} : ${formatShare(r.rate)} de réponses`).join(" ; ")}.
          </>
        }
      />
      <h2 className="fr-mt-6w" data-testid="campaign-title">
        {campaign.title} — {campaign.academyName}
      </h2>
      <p>
        Bilan de l'année {campaign.schoolYearId}, campagne {CAMPAIGN_STATE_LABELS[campaign.state].toLowerCase()}. Invités :{" "}
        {campaign.audienceFrozen
          ? `référents désignés pour ${campaign.audienceYear} à l'envoi des invitations (et les ajouts tardifs invités ensuite)`
          : `référents désignés pour ${campaign.audienceYear} dans l'académie (invitations pas encore envoyées)`}
        , et toute personne qui a envoyé un bilan. Taux de réponse :{" "}
        <strong data-testid="campaign-rate">{formatShare(detail.total.rate)}</strong> ({formatCount(detail.total.submitted)} sur{" "}
        {formatCount(detail.total.invited)}).
      </p>
      {campaign.manageable ? (
        <p>
          <a className="fr-btn fr-btn--secondary fr-icon-download-line fr-btn--icon-left" href={`/tableaux-de-bord/campagnes/${campaign.id}/classeur.xlsx`} download>
            Télécharger le classeur de la campagne (XLSX)
          </a>
        </p>
      ) : null}
      <ChartPanel
        id="participation-par-type"
        headingLevel={3}
        title="Participation par type d'établissement"
        spec={participationChart(detail.byType)}
        table={participationTable(detail.byType, "Type d'établissement")}
        fileName={`participation-par-type-${campaign.schoolYearId}`}
        caption={<>Barres empilées : référents invités par type d'établissement, selon l'état de leur bilan. {detail.byType.map((r) => `${r.label} : ${formatShare(r.rate)}`).join(" ; ")}.</>}
      />
      <ChartPanel
        id="participation-par-zone"
        headingLevel={3}
        title={`Participation par ${zoneWord}`}
        spec={participationChart(detail.byZone)}
        table={participationTable(detail.byZone, zoneWord === "département" ? "Département" : "Bassin de formation")}
        fileName={`participation-par-zone-${campaign.schoolYearId}`}
        caption={<>Barres empilées : référents invités par {zoneWord}, selon l'état de leur bilan. {detail.byZone.map((r) => `${r.label} : ${formatShare(r.rate)}`).join(" ; ")}.</>}
      />
      <LettersByStatusPanel page={page} />
      <section className="rupn-panel fr-mb-6w" aria-labelledby="non-repondants" data-testid="panel-non-repondants">
        <h3 id="non-repondants" className="fr-h4">
          Non-répondants : {formatCount(missing.matching)}
        </h3>
        {result && "message" in result ? <Alert severity="success" small className="fr-mb-3w" description={result.message} /> : null}
        {result && "error" in result ? <Alert severity="error" small className="fr-mb-3w" description={result.error} /> : null}
        {campaign.manageable && campaign.state !== "closed" && missing.matching > 0 ? (
          <Form method="post" className="fr-mb-3w">
            <input type="hidden" name="campagne" value={campaign.id} />
            <p className="fr-text--sm">La relance part à tous les référents invités de la campagne qui n'ont pas envoyé leur bilan, quels que soient les filtres.</p>
            <button className="fr-btn fr-icon-mail-line fr-btn--icon-left" name="intent" value="reminder">
              Relancer les non-répondants
            </button>
          </Form>
        ) : null}
        {missing.rows.length ? (
          <>
            <DataTable scrollable caption={`Référents invités sans bilan envoyé — ${campaign.title}`} headers={missingTable.columns} rows={missingTable.rows.map((r) => ({ key: r.key, cells: r.cells.map((c) => c ?? "—") }))} testId="table-non-repondants" />
            {missing.matching > missing.rows.length ? <p className="fr-text--sm">Les {missing.rows.length} premiers sont affichés.</p> : null}
            <a className="fr-btn fr-btn--secondary fr-btn--sm fr-icon-download-line fr-btn--icon-left" href={csvHref(missingTable)} download={`non-repondants-${campaign.schoolYearId}.csv`}>
              Télécharger la liste (CSV)
            </a>
          </>
        ) : (
          <p>Tous les référents invités ont envoyé leur bilan.</p>
        )}
      </section>
    </>
  );
}

export function LettersByStatusPanel({ page }: { page: Page }) {
  if (!page.campaign || !page.letters) return null;
  const total = page.letters.find((r) => r.key === "total");
  return (
    <ChartPanel
      id="lettres-par-etat"
      headingLevel={3}
      title={`Lettres de mission ${page.campaign.schoolYearId} par état`}
      spec={letterStatusChart(page.letters)}
      table={letterStatusTable(page.letters)}
      fileName={`lettres-par-etat-${page.campaign.schoolYearId}`}
      empty="Aucun établissement ouvert ne correspond à ces filtres."
      caption={
        <>
          Barres empilées : établissements ouverts de l'{academyLabel(page.campaign.academyName)} par type, selon l'état de leur lettre de mission{" "}
          {page.campaign.schoolYearId} (non commencée, brouillon, soumise, signée, validée).{" "}
          {total ? `Lettres signées ou validées : ${formatShare(total.signedShare)} (${formatCount(total.counts.SIGNED + total.counts.VALIDATED)} sur ${formatCount(total.total)}).` : ""}
        </>
      }
    />
  );
}
