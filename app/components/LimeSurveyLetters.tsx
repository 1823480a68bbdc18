// The lettre de mission part of a LimeSurvey import page: letters written, responses without letter, what could not be
// mapped, and the column → letter field mapping the DANE confirms (the letters are then written again).
import { Form, Link } from "@remix-run/react";
import { DataTable } from "./DataTable.tsx";
import { formatCount } from "../domain/labels.ts";

type Option = { value: string; label: string };
type LetterResult = {
  mappingApplied: unknown[] | null; letters: number; attributions: number;
  unlinked: { id: string; reason: string }[]; kept: { id: string; uai: string; reason: string }[]; notes: string[]; unmappedColumns: string[];
};
type Props = {
  schoolYearId: string;
  responses: number;
  submitted: number;
  letters: LetterResult | undefined;
  columns: { column: string; field: string; referent: number | null; mission: string | null }[];
  fields: Option[];
  missions: Option[];
  maxReferents: number;
  busy: boolean;
};

export function LimeSurveyLetters({ schoolYearId, responses, submitted, letters, columns, fields, missions, maxReferents, busy }: Props) {
  return (
    <>
      <h2>Lettres de mission</h2>
      <p>
        {formatCount(responses)} réponses lues, dont {formatCount(submitted)} envoyées.{" "}
        {letters
          ? `${formatCount(letters.letters)} lettres validées écrites pour ${schoolYearId}, avec ${formatCount(letters.attributions)} attributions.`
          : "Aucune lettre n'est écrite tant que la correspondance n'est pas confirmée."}
      </p>
      {letters?.kept.length ? (
        <DataTable caption="Établissements qui avaient déjà une lettre cette année (conservée)" headers={["Réponse LimeSurvey", "UAI", "Raison"]} rows={letters.kept.map((k) => ({ key: k.id, cells: [k.id, k.uai, k.reason] }))} />
      ) : null}
      {letters?.unlinked.length ? (
        <DataTable caption="Réponses sans lettre" headers={["Réponse LimeSurvey", "Raison"]} rows={letters.unlinked.map((u) => ({ key: u.id + u.reason, cells: [u.id, u.reason] }))} />
      ) : null}
      {letters?.notes.length ? (
        <>
          <h3>Valeurs non reprises et remarques</h3>
          <ul>{letters.notes.map((n) => <li key={n}>{n}</li>)}</ul>
        </>
      ) : null}
      {letters?.unmappedColumns.length ? <p>Colonnes non reprises dans les lettres : {letters.unmappedColumns.join(", ")}.</p> : null}
      {letters?.letters ? (
        <p><Link to={`/tableaux-de-bord/imp?annee=${schoolYearId}`}>Voir le tableau de bord IMP de {schoolYearId}</Link></p>
      ) : null}

      <h3>Correspondance avec les champs de la lettre</h3>
      <p>
        Proposée d'après les codes et les intitulés des questions : vérifiez le champ de chaque colonne et le numéro du référent, puis confirmez. Les
        montants sont lus en euros (« 625 », « 625,00 € », « 1 250 € ») ; un montant illisible est signalé, jamais deviné. La correspondance est
        enregistrée pour le fichier de l'année suivante.
      </p>
      <Form method="post">
        <input type="hidden" name="nature" value="lettre" />
        <div className="fr-table">
          <table>
            <caption>Colonnes LimeSurvey et champs de la lettre de mission</caption>
            <thead>
              <tr><th scope="col">Colonne</th><th scope="col">Champ</th><th scope="col">Référent n°</th><th scope="col">Mission</th></tr>
            </thead>
            <tbody>
              {columns.map((c, i) => (
                <tr key={c.column}>
                  <td><input type="hidden" name={`column_${i}`} value={c.column} /><code>{c.column}</code></td>
                  <td>
                    <label className="fr-sr-only" htmlFor={`field_${i}`}>Champ de {c.column}</label>
                    <select className="fr-select" id={`field_${i}`} name={`field_${i}`} defaultValue={c.field}>
                      <option value="">Ne pas utiliser</option>
                      {fields.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                    </select>
                  </td>
                  <td>
                    <label className="fr-sr-only" htmlFor={`referent_${i}`}>Référent de {c.column}</label>
                    <select className="fr-select" id={`referent_${i}`} name={`referent_${i}`} defaultValue={c.referent ?? ""}>
                      <option value="">—</option>
                      {Array.from({ length: maxReferents }, (_, n) => <option key={n} value={n + 1}>{n + 1}</option>)}
                    </select>
                  </td>
                  <td>
                    <label className="fr-sr-only" htmlFor={`mission_${i}`}>Mission de {c.column}</label>
                    <select className="fr-select" id={`mission_${i}`} name={`mission_${i}`} defaultValue={c.mission ?? ""}>
                      <option value="">—</option>
                      {missions.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <button className="fr-btn" type="submit" disabled={busy}>Confirmer et écrire les lettres</button>
      </Form>
    </>
  );
}
