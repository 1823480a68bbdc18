// The summary of an import: the rows of the file, each counted once (they add up to the rows read), then the
// establishments apart — an effectifs file has several rows per establishment, so the two never mix.
import { formatCount } from "../domain/labels.ts";

type Run = { kind: "ANNUAIRE" | "EFFECTIFS"; created: number; updated: number; unchanged: number; skipped: number; ignored: number };
type Report = {
  rowsRead?: number;
  establishments?: { known: number; unknown: number };
  figures?: { created: number; updated: number; unchanged: number } | null;
};

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n > 1 ? many : one}`;

export function ImportBalance({ run, report }: { run: Run; report: Report }) {
  const rowsRead = report.rowsRead ?? run.created + run.updated + run.unchanged + run.skipped + run.ignored;
  const what = run.kind === "ANNUAIRE" ? "établissement" : "effectif";
  return (
    <>
      <h3 className="fr-h6 fr-mb-1w">Lignes du fichier</h3>
      <p className="fr-mb-1w" data-testid="import-rows-read">
        {plural(rowsRead, "ligne lue", "lignes lues")}, chacune comptée une fois :
      </p>
      <ul data-testid="import-summary">
        <li>créant un {what} : {formatCount(run.created)}</li>
        <li>mettant à jour un {what} : {formatCount(run.updated)}</li>
        <li>sans changement : {formatCount(run.unchanged)}</li>
        <li>écartées : {formatCount(run.skipped)}</li>
        <li>hors périmètre : {formatCount(run.ignored)}</li>
      </ul>
      {report.establishments ? (
        <>
          <h3 className="fr-h6 fr-mb-1w">Établissements</h3>
          <ul data-testid="import-establishments">
            <li>{plural(report.establishments.known, "établissement présent", "établissements présents")} sur la plateforme</li>
            {run.kind === "EFFECTIFS" ? (
              <li>
                {plural(report.establishments.unknown, "établissement absent", "établissements absents")} de la plateforme (
                {report.establishments.unknown > 1 ? "leurs lignes sont écartées" : "ses lignes sont écartées"} : importez d'abord l'Annuaire
                de l'éducation)
              </li>
            ) : null}
            {report.figures ? (
              <li>
                effectifs par établissement et année scolaire : {formatCount(report.figures.created)} créés,{" "}
                {formatCount(report.figures.updated)} mis à jour, {formatCount(report.figures.unchanged)} inchangés
              </li>
            ) : null}
          </ul>
        </>
      ) : null}
    </>
  );
}
