import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData, MaxPartSizeExceededError } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { currentSchoolYearId, requireRole } from "../auth/guards.server.ts";
import { LimeSurveyFormatError } from "../domain/limesurvey/xml.ts";
import { LimeSurveyImportError, type ImportResult } from "../services/limesurvey/import.server.ts";
import { limeSurveyAcademies, LimeSurveyPageError, MAX_LIMESURVEY_BYTES, recentLimeSurveyImports, uploadLimeSurvey } from "../services/limesurvey/pages.server.ts";
import { formatCount } from "../domain/labels.ts";
import { DataTable } from "../components/DataTable.tsx";
import { ImportSubmit, UploadField } from "../components/UploadFields.tsx";

export const meta: MetaFunction = () => [{ title: "Import LimeSurvey — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  const start = Number(currentSchoolYearId().slice(0, 4));
  const runs = await recentLimeSurveyImports(actor);
  return {
    academies: await limeSurveyAcademies(actor),
    maxBytes: MAX_LIMESURVEY_BYTES,
    years: [1, 2, 3, 4, 5, 6, 0].map((d) => `${start - d}-${start - d + 1}`),
    runs: runs.map((r) => ({ id: r.id, fileName: r.fileName, schoolYearId: r.schoolYearId, createdAt: r.createdAt.toISOString(), responses: (r.result as unknown as ImportResult).responses, unlinked: (r.result as unknown as ImportResult).unlinked.length })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: MAX_LIMESURVEY_BYTES }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return data({ error: "Fichier trop volumineux : la limite est de 100 Mo." }, { status: 413 });
    return data({ error: "Envoyez le formulaire avec un fichier." }, { status: 400 });
  }
  const file = form.get("fichier");
  const structure = form.get("structure");
  const schoolYearId = String(form.get("annee") ?? "");
  const academyId = String(form.get("academie") ?? "");
  const nature = String(form.get("nature") ?? "");
  if (!["", "bilan", "lettre"].includes(nature)) return data({ error: "Choisissez la nature du fichier : bilan annuel ou lettre de mission." }, { status: 400 });
  if (!(file instanceof File) || file.size === 0) return data({ error: "Choisissez un fichier LimeSurvey (.lsa, .lss, .lsr, .csv…)." }, { status: 400 });
  if (!/^\d{4}-\d{4}$/.test(schoolYearId)) return data({ error: "Choisissez l'année scolaire des réponses." }, { status: 400 });
  try {
    const summary = await uploadLimeSurvey(actor, {
      academyId, schoolYearId, kind: nature === "lettre" ? "letter" : nature === "bilan" ? "bilan" : undefined,
      file: { name: file.name, bytes: new Uint8Array(await file.arrayBuffer()) },
      structure: structure instanceof File && structure.size > 0 ? { name: structure.name, bytes: new Uint8Array(await structure.arrayBuffer()) } : undefined,
    });
    throw redirect(`/imports/limesurvey/${summary.importId}${summary.status === "unchanged" ? "?deja=1" : ""}`);
  } catch (error) {
    if (error instanceof LimeSurveyFormatError || error instanceof LimeSurveyImportError) return data({ error: `Rien n'a été importé. ${error.message}` }, { status: 422 });
    if (error instanceof LimeSurveyPageError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function LimeSurveyImports() {
  const { academies, years, runs, maxBytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="fr-my-5w">
      <p>
        <Link to="/imports">← Imports de l'annuaire et des effectifs</Link>
      </p>
      <h1>Importer des années LimeSurvey</h1>
      <p>
        Une archive de questionnaire LimeSurvey (<code>.lsa</code>) apporte le questionnaire et ses réponses ; une structure seule
        (<code>.lss</code>, <code>.lsg</code>, <code>.lsq</code>, <code>.txt</code>) crée une version du questionnaire avec son rapport de conversion.
        Un fichier de réponses seul (<code>.lsr</code> ou CSV) demande la structure du questionnaire. Les réponses d'un bilan entrent dans une campagne close de
        l'année choisie, reliées aux établissements par leur UAI ; celles d'une lettre de mission deviennent, une fois la correspondance confirmée, des
        lettres validées de cette année (référents, montants d'IMP, répartition des missions). Importer deux fois le même fichier ne change rien.
      </p>
      {result?.error ? <Alert severity="error" small description={result.error} className="fr-mb-3w" /> : null}
      <Form method="post" encType="multipart/form-data" className="fr-mb-5w">
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend">Fichier LimeSurvey (100 Mo au plus)</legend>
          <div className="fr-fieldset__element">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="academie">Académie</label>
              <select className="fr-select" id="academie" name="academie" defaultValue={academies[0]?.id}>
                {academies.map((a) => (
                  <option key={a.id} value={a.id}>{a.name}</option>
                ))}
              </select>
            </div>
          </div>
          <div className="fr-fieldset__element">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="annee">
                Année scolaire des réponses
              </label>
              <select className="fr-select" id="annee" name="annee" defaultValue={years[0]}>
                {years.map((y) => (
                  <option key={y} value={y}>{y}</option>
                ))}
              </select>
            </div>
          </div>
          <div className="fr-fieldset__element">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="nature">
                Nature du fichier
                <span className="fr-hint-text">Par défaut, reconnue d'après le questionnaire (titre, montants d'IMP à côté des référents).</span>
              </label>
              <select className="fr-select" id="nature" name="nature" defaultValue="">
                <option value="">Détection automatique</option>
                <option value="bilan">Bilan annuel</option>
                <option value="lettre">Lettre de mission</option>
              </select>
            </div>
          </div>
          <UploadField
            id="fichier"
            label="Fichier"
            hint="Formats : .lsa, .lss, .lsg, .lsq, .txt (structure), .lsr ou .csv (réponses)."
            accept=".lsa,.lss,.lsg,.lsq,.txt,.lsr,.csv"
            required
            maxBytes={maxBytes}
          />
          <UploadField
            id="structure"
            label="Structure du questionnaire (facultatif)"
            hint="Seulement pour un fichier de réponses seul (.lsr ou .csv) : le .lss ou le .txt du questionnaire."
            accept=".lss,.txt"
          />
          <ImportSubmit />
        </fieldset>
      </Form>
      <h2>Derniers imports LimeSurvey</h2>
      {runs.length === 0 ? (
        <p>Aucun import LimeSurvey pour l'instant.</p>
      ) : (
        <DataTable
          caption="Derniers imports LimeSurvey"
          headers={["Date", "Fichier", "Année", "Réponses", "Non reliées"]}
          rows={runs.map((r) => ({
            key: r.id,
            cells: [
              new Date(r.createdAt).toLocaleString("fr-FR", { timeZone: "Europe/Paris" }),
              <Link key="f" to={`/imports/limesurvey/${r.id}`}>{r.fileName}</Link>,
              r.schoolYearId,
              formatCount(r.responses),
              formatCount(r.unlinked),
            ],
          }))}
        />
      )}
    </div>
  );
}
