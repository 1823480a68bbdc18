// The académie's questionnaires (issue 14): its versions by survey key and school year, and the creation of a new
// draft from a national model, from an earlier version, empty, or from a SurveyJS JSON file.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, MaxPartSizeExceededError, redirect, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { z } from "../domain/zod-fr.ts";
import { requireRole } from "../auth/guards.server.ts";
import { formatDate } from "../domain/format/fr.ts";
import { createQuestionnaire, listQuestionnaires, parseImportedJson, QuestionnaireError } from "../services/questionnaires.server.ts";
import { DEFINITION_LIMITS } from "../surveys/definition-walk.ts";
import type { QuestionIssue } from "../surveys/questionnaire-checks.ts";

export const meta: MetaFunction = () => [{ title: "Questionnaires — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  return listQuestionnaires(actor);
}

const common = {
  academyId: z.string({ error: "Choisissez l'académie." }).min(1, "Choisissez l'académie.").max(100, "Choisissez l'académie."),
  schoolYearId: z.string({ error: "Choisissez l'année scolaire." }).regex(/^\d{4}-\d{4}$/, "Choisissez l'année scolaire."),
};
const createSchema = z.object({
  ...common,
  source: z.string({ error: "Choisissez un point de départ." }).min(1, "Choisissez un point de départ.").max(100, "Choisissez un point de départ."),
  key: z.string().trim().max(60, "Identifiant : 60 caractères au plus.").optional(),
  title: z.string().trim().max(200, "Titre : 200 caractères au plus.").optional(),
});
const importSchema = z.object({ ...common, key: z.string({ error: "Indiquez l'identifiant du questionnaire." }).trim().min(1, "Indiquez l'identifiant du questionnaire.").max(60, "Identifiant : 60 caractères au plus.") });

type Result = { error: string; errors?: QuestionIssue[]; form: "create" | "import" };

async function importAction(request: Request, actor: Awaited<ReturnType<typeof requireRole>>, ip: string | null) {
  let form: FormData;
  try {
    form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: DEFINITION_LIMITS.bytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return data<Result>({ form: "import", error: `Fichier trop volumineux : ${DEFINITION_LIMITS.bytes / 1024} Ko au plus.` }, { status: 413 });
    return data<Result>({ form: "import", error: "Envoyez le formulaire avec un fichier JSON." }, { status: 400 });
  }
  const parsed = importSchema.safeParse({ academyId: form.get("academyId"), schoolYearId: form.get("schoolYearId"), key: form.get("key") });
  if (!parsed.success) return data<Result>({ form: "import", error: parsed.error.issues[0].message }, { status: 400 });
  const file = form.get("fichier");
  if (!(file instanceof File) || file.size === 0) return data<Result>({ form: "import", error: "Choisissez un fichier JSON SurveyJS." }, { status: 400 });
  const definition = parseImportedJson(await file.text());
  const created = await createQuestionnaire(actor, { ...parsed.data, from: "import", definition }, ip);
  throw redirect(`/questionnaires/${created.id}`);
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["DANE", "ADMIN"]);
  const ip = context.clientIp ?? null;
  const multipart = (request.headers.get("Content-Type") ?? "").startsWith("multipart/form-data");
  try {
    if (multipart) return await importAction(request, actor, ip);
    const parsed = createSchema.safeParse(Object.fromEntries(await request.formData()));
    if (!parsed.success) return data<Result>({ form: "create", error: parsed.error.issues[0].message }, { status: 400 });
    const { source, key, title, ...where } = parsed.data;
    const input =
      source === "vide"
        ? { ...where, from: "empty" as const, key: key ?? "", title: title || "Nouveau questionnaire" }
        : { ...where, from: "version" as const, sourceId: source };
    const created = await createQuestionnaire(actor, input, ip);
    throw redirect(`/questionnaires/${created.id}`);
  } catch (error) {
    if (error instanceof QuestionnaireError) return data<Result>({ form: multipart ? "import" : "create", error: error.message, errors: error.errors }, { status: error.status });
    throw error;
  }
}

function Problems({ result, form }: { result: Result | undefined; form: Result["form"] }) {
  if (!result || result.form !== form) return null;
  return (
    <Alert
      severity="error"
      small
      className="fr-mb-3w"
      description={
        <>
          <span>{result.error}</span>
          {result.errors?.length ? (
            <ul>
              {result.errors.slice(0, 20).map((e, i) => (
                <li key={i}>{e.question ? `Question « ${e.question} » : ${e.message}` : e.message}</li>
              ))}
            </ul>
          ) : null}
        </>
      }
    />
  );
}

export default function Questionnaires() {
  const { models, versions, academies, schoolYears } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as Result | undefined;
  const busy = useNavigation().state !== "idle";
  const academyName = (id: string | null) => academies.find((a) => a.id === id)?.name ?? "";
  const academyField = (
    <Select label="Académie" nativeSelectProps={{ name: "academyId", required: true }}>
      {academies.map((a) => (
        <option key={a.id} value={a.id}>
          {a.name}
        </option>
      ))}
    </Select>
  );
  const yearField = (
    <Select label="Année scolaire du questionnaire" nativeSelectProps={{ name: "schoolYearId", required: true }}>
      {schoolYears.map((y) => (
        <option key={y} value={y}>
          {y}
        </option>
      ))}
    </Select>
  );
  return (
    <div className="fr-my-3w">
      <h1>Questionnaires</h1>
      <p>
        Les modèles nationaux restent la référence. Votre académie en crée ses propres versions pour une année scolaire : un
        brouillon que vous modifiez, prévisualisez, puis publiez. Une version publiée ne change plus ; la modifier en crée un
        nouveau brouillon.
      </p>
      <h2>Versions de l'académie</h2>
      {versions.length === 0 ? (
        <p>Aucune version pour l'instant : créez-en une ci-dessous.</p>
      ) : (
        <div className="fr-table fr-table--no-caption">
          <table>
            <caption>Versions des questionnaires de l'académie</caption>
            <thead>
              <tr>
                <th scope="col">Questionnaire</th>
                <th scope="col">Identifiant</th>
                <th scope="col">Année</th>
                <th scope="col">Version</th>
                <th scope="col">État</th>
                <th scope="col">Réponses</th>
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id}>
                  <td>
                    <Link to={`/questionnaires/${v.id}`}>{v.title}</Link>
                    {academies.length > 1 ? <span className="fr-text--xs fr-mb-0"> — {academyName(v.academyId)}</span> : null}
                  </td>
                  <td>{v.key}</td>
                  <td>{v.schoolYearId}</td>
                  <td>{v.version}</td>
                  <td>
                    {v.status === "DRAFT" ? (
                      <Badge severity="info" small noIcon>Brouillon</Badge>
                    ) : (
                      <Badge severity="success" small noIcon>{`Publiée le ${formatDate(v.publishedAt!)}`}</Badge>
                    )}
                  </td>
                  <td>{v._count.responses}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h2 className="fr-mt-5w">Créer une version</h2>
      <Problems result={result} form="create" />
      <Form method="post" className="fr-col-md-8">
        {academyField}
        {yearField}
        <Select label="Point de départ" nativeSelectProps={{ name: "source", required: true }}>
          <optgroup label="Modèles nationaux">
            {models.map((m) => (
              <option key={m.id} value={m.id}>
                {m.title} — modèle national {m.schoolYearId}
              </option>
            ))}
          </optgroup>
          {versions.length ? (
            <optgroup label="Versions de l'académie">
              {versions.map((v) => (
                <option key={v.id} value={v.id}>
                  {v.title} — {v.schoolYearId}, version {v.version}
                </option>
              ))}
            </optgroup>
          ) : null}
          <option value="vide">Questionnaire vide (nouvel identifiant)</option>
        </Select>
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend fr-text--regular">Pour un questionnaire vide seulement</legend>
          <div className="fr-fieldset__element">
            <Input
              label="Identifiant du questionnaire"
              hintText="Lettres minuscules, chiffres et tirets, par exemple « besoins-de-formation »."
              nativeInputProps={{ name: "key", pattern: "[a-z0-9]+(-[a-z0-9]+)*", maxLength: 60 }}
            />
          </div>
          <div className="fr-fieldset__element">
            <Input label="Titre" nativeInputProps={{ name: "title", maxLength: 200 }} />
          </div>
        </fieldset>
        <button className="fr-btn" type="submit" disabled={busy}>
          Créer le brouillon
        </button>
      </Form>

      <h2 className="fr-mt-5w">Importer un questionnaire</h2>
      <p>Un fichier JSON SurveyJS exporté d'une autre académie : il est vérifié par les mêmes règles qu'un questionnaire modifié ici.</p>
      <Problems result={result} form="import" />
      <Form method="post" encType="multipart/form-data" className="fr-col-md-8">
        {academyField}
        {yearField}
        <Input label="Identifiant du questionnaire" hintText="Par exemple « bilan-annuel » ou « besoins-de-formation »." nativeInputProps={{ name: "key", required: true, pattern: "[a-z0-9]+(-[a-z0-9]+)*", maxLength: 60 }} />
        <div className="fr-upload-group fr-mb-3w">
          <label className="fr-label" htmlFor="fichier-questionnaire">
            Fichier JSON
            <span className="fr-hint-text">{`${DEFINITION_LIMITS.bytes / 1024} Ko au plus.`}</span>
          </label>
          <input className="fr-upload" type="file" id="fichier-questionnaire" name="fichier" accept=".json,application/json" required />
        </div>
        <button className="fr-btn fr-btn--secondary" type="submit" disabled={busy}>
          Importer comme brouillon
        </button>
      </Form>
    </div>
  );
}
