// Panels of the IMP dashboard.
import type { impPage } from "../../services/dashboards.server.ts";
import {
  impHoursChart, impHoursTable, impMeanChart, impMeanTable, impTotalsChart, impTotalsTable, LETTER_STATUS_FILTERS, rateChart, rateTable,
} from "../../domain/dashboards/imp.ts";
import { formatShare } from "../../domain/dashboards/workload.ts";
import { ESTABLISHMENT_TYPE_LABELS, formatCount } from "../../domain/labels.ts";
import { formatEuros } from "../../domain/imp/money.ts";
import { ChartPanel } from "./ChartPanel.tsx";
import { plural } from "../../domain/format/fr.ts";

type Page = Awaited<ReturnType<typeof impPage>>;

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);

export function ImpPanels({ page }: { page: Page }) {
  const d = page.data;
  const years = page.filters.schoolYears.join(", ");
  const suffix = page.filters.schoolYears.join("_");
  if (!d || !d.total) {
    return (
      <div className="fr-callout" data-testid="no-data">
        <p className="fr-callout__text">Aucune lettre de mission ne correspond à ces filtres{years ? ` pour ${years}` : ""}.</p>
      </div>
    );
  }
  const t = d.total;
  const zoneWord = page.filters.zoneLevel === "bassin" ? "bassin de formation" : "département";
  const imps = d.rates.filter((r) => /^\d+$/.test(r.key)).reduce((a, r) => a + r.count, 0);
  return (
    <>
      <div className="fr-callout fr-mb-5w" data-testid="key-figures">
        <h2 className="fr-callout__title fr-h5">Lettres de mission {years}</h2>
        <ul className="fr-callout__text fr-text--md">
          <li>
            {formatCount(t.letters)} {t.letters >= 2 ? "lettres prises" : "lettre prise"} en compte : {lowerFirst(LETTER_STATUS_FILTERS[page.status])}.
          </li>
          <li>
            Enveloppe notifiée {formatEuros(t.envelope)}
            {t.envelopeUnknown ? ` (${formatCount(t.envelopeUnknown)} ${t.envelopeUnknown >= 2 ? "lettres" : "lettre"} sans enveloppe calculable)` : ""}, IMP attribuées{" "}
            {formatEuros(t.attributed)} ({formatShare(t.envelopeUse)} de l'enveloppe), complément des établissements {formatEuros(t.topUp)}.
          </li>
          <li>
            En moyenne {t.perEstablishment === null ? "—" : formatEuros(Math.round(t.perEstablishment * 100))} par établissement et{" "}
            {t.perPupil === null ? "—" : formatEuros(Math.round(t.perPupil * 100))} par élève.
          </li>
        </ul>
      </div>
      <ChartPanel
        id="imp-par-annee"
        title="Enveloppes, IMP attribuées et compléments, année par année"
        spec={impTotalsChart(d.byYear)}
        table={impTotalsTable(d.byYear, "Année scolaire")}
        fileName="imp-par-annee"
        caption={<>Barres groupées : pour chaque année qui a des lettres (tous les autres filtres s'appliquent, pas celui des années), l'enveloppe notifiée, les IMP attribuées et le complément pris sur le budget des établissements, en euros.</>}
      />
      <ChartPanel
        id="imp-par-type"
        title="IMP attribuées par établissement, selon le type"
        spec={impMeanChart(d.byType, "establishment")}
        table={impMeanTable(d.byType, "Type d'établissement")}
        fileName={`imp-par-etablissement-${suffix}`}
        caption={<>Barres : montant moyen des IMP attribuées par lettre de mission (un établissement et une année), par type d'établissement. {d.byType.map((r) => `${r.label} : ${r.perEstablishment === null ? "—" : formatEuros(Math.round(r.perEstablishment * 100))}`).join(" ; ")}.</>}
      />
      <ChartPanel
        id="imp-par-eleve"
        title="IMP attribuées par élève, selon le type"
        spec={impMeanChart(d.byType, "pupil")}
        table={impMeanTable(d.byType, "Type d'établissement")}
        fileName={`imp-par-eleve-${suffix}`}
        caption={<>Barres : IMP attribuées rapportées aux élèves, sur les lettres dont l'effectif est connu, par type d'établissement. {d.byType.map((r) => `${r.label} : ${r.perPupil === null ? "—" : formatEuros(Math.round(r.perPupil * 100))}`).join(" ; ")}.</>}
      />
      <ChartPanel
        id="imp-par-zone"
        title={`Enveloppes et IMP attribuées par ${zoneWord}`}
        spec={impTotalsChart(d.byZone)}
        table={impTotalsTable(d.byZone, zoneWord === "département" ? "Département" : "Bassin de formation")}
        fileName={`imp-par-zone-${suffix}`}
        caption={<>Barres groupées : enveloppe notifiée, IMP attribuées et complément des établissements par {zoneWord}, en euros.</>}
      />
      <ChartPanel
        id="imp-heures"
        title="IMP attribuées et temps déclaré par les référents"
        spec={impHoursChart(d.scatter.points, ESTABLISHMENT_TYPE_LABELS)}
        table={impHoursTable(d.scatter.points)}
        fileName={`imp-et-heures-${suffix}`}
        empty="Aucun établissement n'a à la fois une lettre de mission et des bilans envoyés pour ces filtres."
        caption={
          <>
            Nuage de points : un point par établissement et par année qui a une lettre de mission et des bilans envoyés ; en abscisse
            les heures hebdomadaires déclarées par tous ses référents, en ordonnée les IMP attribuées. Chaque type d'établissement a sa
            forme et sa couleur. {plural(d.scatter.matching, "établissement")}
            {d.scatter.matching > d.scatter.points.length ? ` (les ${d.scatter.points.length} premiers par UAI sont tracés)` : ""}.
          </>
        }
      />
      <ChartPanel
        id="imp-taux"
        title="Répartition des taux attribués aux référents"
        spec={rateChart(d.rates)}
        table={rateTable(d.rates)}
        fileName={`imp-taux-${suffix}`}
        caption={<>Barres : nombre de référents par taux annuel d'IMP (les cinq taux du décret n° 2015-475, puis les autres montants), par allègement de service ou sans reconnaissance. {formatCount(imps)} IMP individuelles.</>}
      />
    </>
  );
}
