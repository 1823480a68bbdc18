import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { z } from "../domain/zod-fr.ts";
import { requireRole } from "../auth/guards.server.ts";
import { campaignFormOptions, createCampaign } from "../services/campaigns.server.ts";
import { SurveyServiceError } from "../services/survey-errors.server.ts";

export const meta: MetaFunction = () => [{ title: "Ouvrir une campagne — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["DANE"]);
  return campaignFormOptions(actor);
}

const date = (label: string) =>
  z.string({ error: `${label} : date attendue (jj/mm/aaaa).` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${label} : date attendue (jj/mm/aaaa).`).transform((s) => new Date(`${s}T00:00:00+02:00`));

const schema = z.object({
  title: z.string({ error: "Titre : texte attendu." }).trim().min(3, "Titre : 3 caractères au moins.").max(200, "Titre : 200 caractères au plus."),
  academyId: z.string({ error: "Choisissez l'académie." }).min(1, "Choisissez l'académie.").max(100, "Choisissez l'académie."),
  surveyVersionId: z.string({ error: "Choisissez le questionnaire." }).min(1, "Choisissez le questionnaire.").max(100, "Choisissez le questionnaire."),
  schoolYearId: z.string({ error: "Choisissez l'année scolaire du bilan." }).regex(/^\d{4}-\d{4}$/, "Choisissez l'année scolaire du bilan."),
  opensAt: date("Ouverture"),
  closesAt: date("Clôture"),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["DANE"]);
  const parsed = schema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: parsed.error.issues[0].message }, { status: 400 });
  // The closing day is included: the campaign closes at the end of it.
  const input = { ...parsed.data, closesAt: new Date(parsed.data.closesAt.getTime() + 24 * 3600 * 1000) };
  try {
    const campaign = await createCampaign(actor, input, context.clientIp ?? null);
    throw redirect(`/campagnes/${campaign.id}`);
  } catch (error) {
    if (error instanceof SurveyServiceError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function NewCampaign() {
  const { academies, schoolYears, versions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="fr-my-3w">
      <Breadcrumb currentPageLabel="Ouvrir une campagne" segments={[{ label: "Campagnes de bilan", linkProps: { to: "/campagnes" } }]} />
      <h1>Ouvrir une campagne</h1>
      {result?.error ? <Alert severity="error" small className="fr-mb-3w" description={result.error} /> : null}
      <Form method="post" className="fr-col-md-8">
        <Input label="Titre" nativeInputProps={{ name: "title", required: true, defaultValue: "Bilan annuel des RUPN" }} />
        <Select label="Académie" nativeSelectProps={{ name: "academyId", required: true }}>
          {academies.map((a) => (
            <option key={a.id} value={a.id}>
              {a.name}
            </option>
          ))}
        </Select>
        <Select label="Questionnaire" nativeSelectProps={{ name: "surveyVersionId", required: true }}>
          {versions.map((v) => (
            <option key={v.id} value={v.id}>
              {v.title} — {v.academyId ? "version de l'académie" : "modèle national"} {v.schoolYearId} (version {v.version})
            </option>
          ))}
        </Select>
        <Select label="Année scolaire dont on fait le bilan" nativeSelectProps={{ name: "schoolYearId", required: true }}>
          {schoolYears.map((y) => (
            <option key={y} value={y}>
              {y}
            </option>
          ))}
        </Select>
        <Input label="Ouverture" nativeInputProps={{ name: "opensAt", type: "date", required: true }} />
        <Input label="Clôture (dernier jour inclus)" nativeInputProps={{ name: "closesAt", type: "date", required: true }} />
        <button className="fr-btn" type="submit">
          Ouvrir la campagne
        </button>
      </Form>
    </div>
  );
}
