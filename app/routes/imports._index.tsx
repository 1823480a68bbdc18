import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { currentSchoolYearId, requireRole } from "../auth/guards.server.ts";
import { importAnnuaire, importEffectifs, importScope, limitSize, recentImports, MAX_UPLOAD_BYTES } from "../services/imports.server.ts";
import { formatCount } from "../domain/labels.ts";
import { DataTable } from "../components/DataTable.tsx";
import { ImportSubmit, UploadField } from "../components/UploadFields.tsx";

export const meta: MetaFunction = () => [{ title: "Imports de l'annuaire et des effectifs — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  const scope = await importScope(actor);
  const runs = await recentImports(scope);
  const current = currentSchoolYearId();
  const start = Number(current.slice(0, 4));
  return {
    scope,
    maxBytes: MAX_UPLOAD_BYTES,
    years: [0, 1, 2, 3].map((d) => `${start - d}-${start - d + 1}`),
    runs: runs.map((r) => ({ ...r, startedAt: r.startedAt.toISOString(), report: null })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  const scope = await importScope(actor);
  if (!(request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data")) {
    return data({ error: "Envoyez le formulaire avec un fichier." }, { status: 400 });
  }
  // Text fields come before the file in the form, so they are known when the file part streams in;
  // the file is imported while it is uploaded, never held whole in memory.
  const fields: Record<string, string> = {};
  let runId: string | null = null;
  let fieldError: string | null = null;
  await unstable_parseMultipartFormData(request, async (part) => {
    if (!part.filename) {
      let text = "";
      for await (const chunk of part.data) text += Buffer.from(chunk).toString("utf8");
      fields[part.name] = text.slice(0, 200);
      return fields[part.name];
    }
    if (part.name !== "fichier") return undefined;
    const kind = fields.type;
    const year = fields.annee;
    if (kind !== "annuaire" && kind !== "effectifs") fieldError = "Choisissez le type de fichier : annuaire ou effectifs.";
    else if (kind === "annuaire" && year && !/^\d{4}-\d{4}$/.test(year)) fieldError = "Année scolaire invalide.";
    if (fieldError) {
      for await (const _ of part.data) void _;
      return undefined;
    }
    const importer = kind === "annuaire" ? importAnnuaire : importEffectifs;
    const summary = await importer(limitSize(part.data), {
      fileName: part.filename,
      actorId: actor.userId,
      channel: "upload",
      // A DANE imports only the establishments of its own académie.
      academyCode: scope ? scope[0] : undefined,
      pupilSchoolYearId: kind === "annuaire" && year ? year : undefined,
    });
    runId = summary.runId;
    return summary.runId;
  });
  if (fieldError) return data({ error: fieldError }, { status: 400 });
  if (!runId) return data({ error: "Aucun fichier reçu : choisissez un fichier CSV." }, { status: 400 });
  throw redirect(`/imports/${runId}`);
}

const KIND = { ANNUAIRE: "Annuaire", EFFECTIFS: "Effectifs" } as const;
const STATUS = { RUNNING: "en cours", SUCCEEDED: "réussi", FAILED: "échoué" } as const;

export default function Imports() {
  const { runs, years, scope, maxBytes } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="fr-my-5w">
      <h1>Imports de l'annuaire et des effectifs</h1>
      <p>
        Fichiers publics de data.education.gouv.fr : l'Annuaire de l'éducation (<code>fr-en-annuaire-education</code>) crée
        et met à jour les établissements ; les fichiers d'effectifs (collèges, lycées GT, lycées professionnels) donnent le
        nombre d'élèves par rentrée.{" "}
        {scope ? `Seuls les établissements de votre académie (code ${scope.join(", ")}) sont importés.` : "Administrateur : toutes les académies du fichier sont importées."}
      </p>
      <p>
        <Link to="/imports/limesurvey">Importer des questionnaires et des réponses LimeSurvey des années passées</Link>
      </p>
      {result?.error ? <Alert severity="error" small description={result.error} className="fr-mb-3w" /> : null}
      <Form method="post" encType="multipart/form-data" className="fr-mb-5w">
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend">Importer un fichier (100 Mo au plus)</legend>
          <div className="fr-fieldset__element">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="type">
                Type de fichier
              </label>
              <select className="fr-select" id="type" name="type" defaultValue="annuaire">
                <option value="annuaire">Annuaire de l'éducation</option>
                <option value="effectifs">Effectifs (collèges, lycées GT ou professionnels)</option>
              </select>
            </div>
          </div>
          <div className="fr-fieldset__element">
            <div className="fr-select-group">
              <label className="fr-label" htmlFor="annee">
                Année scolaire des effectifs de l'annuaire
                <span className="fr-hint-text">Pour l'annuaire seulement : colonne « Nombre d'élèves ».</span>
              </label>
              <select className="fr-select" id="annee" name="annee" defaultValue={years[0]}>
                <option value="">Ne pas importer les effectifs de l'annuaire</option>
                {years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <UploadField
            id="fichier"
            label="Fichier"
            hint="Export CSV (points-virgules, UTF-8 ou Latin-1) ou, pour l'annuaire, export JSON."
            accept=".csv,.json,text/csv,application/json"
            required
            maxBytes={maxBytes}
          />
          <ImportSubmit />
        </fieldset>
      </Form>
      <h2>Derniers imports</h2>
      {runs.length === 0 ? (
        <p>Aucun import pour l'instant.</p>
      ) : (
        <DataTable
          caption="Derniers imports"
          hideCaption
          headers={["Date", "Fichier", "Type", "Résultat", "Lignes lues", "Créations", "Mises à jour", "Inchangées", "Écartées", "Hors périmètre"]}
          rows={runs.map((r) => ({
            key: r.id,
            cells: [
              new Date(r.startedAt).toLocaleString("fr-FR", { timeZone: "Europe/Paris" }),
              <Link key="file" to={`/imports/${r.id}`}>
                {r.fileName}
              </Link>,
              KIND[r.kind],
              STATUS[r.status],
              // Every row is counted once (ADR 007), so the columns add up to the rows read.
              formatCount(r.created + r.updated + r.unchanged + r.skipped + r.ignored),
              formatCount(r.created),
              formatCount(r.updated),
              formatCount(r.unchanged),
              formatCount(r.skipped),
              formatCount(r.ignored),
            ],
          }))}
        />
      )}
    </div>
  );
}
