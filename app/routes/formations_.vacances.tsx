// School holidays of the DANE's zone (ADR 012): the official periods, corrected here when the académie
// changes them. They make a training session "hors temps de classe".
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import type { ZodError } from "zod";
import { z } from "../domain/zod-fr.ts";
import { currentSchoolYearId, notFound, requireUser } from "../auth/guards.server.ts";
import { createHoliday, deleteHoliday, listHolidays, updateHoliday } from "../services/school-holidays.server.ts";
import { actionError } from "../services/trainings.server.ts";
import { HOLIDAY_ZONES, frenchDate, resumptionDay } from "../domain/trainings/school-holidays.ts";
import { DataTable } from "../components/DataTable.tsx";
import { AddHolidayForm, EditHolidayForm } from "../components/HolidayPeriodForm.tsx";

export const meta: MetaFunction = () => [{ title: "Vacances scolaires — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  if (!actor.roles.some((r) => r.role === "DANE" || r.role === "RECTORAT" || r.role === "ADMIN")) notFound();
  const list = await listHolidays(actor);
  return {
    academies: list.academies,
    schoolYears: list.schoolYears,
    currentSchoolYear: currentSchoolYearId(),
    zones: list.zones.map((z) => ({
      ...z,
      years: z.years.map((y) => ({
        ...y,
        periods: y.periods.map((p) => ({
          ...p,
          id: p.id!,
          first: frenchDate(p.firstDay),
          last: frenchDate(p.lastDay),
          resumption: frenchDate(resumptionDay(p)),
        })),
      })),
    })),
  };
}

const day = (field: string) => z.string({ error: `${field} : une date est attendue.` }).regex(/^\d{4}-\d{2}-\d{2}$/, `${field} : une date est attendue.`);
const periodSchema = z.object({
  label: z.string({ error: "Intitulé : texte attendu." }).trim().min(3, "Intitulé : 3 caractères au moins (par exemple « Vacances d'hiver »).").max(100, "Intitulé : 100 caractères au plus."),
  firstDay: day("Premier jour sans classe"),
  lastDay: day("Dernier jour sans classe"),
});
const periodRef = {
  id: z.string({ error: "Période manquante : rechargez la page." }).regex(/^[A-Za-z0-9_-]{1,100}$/, "Période inconnue : rechargez la page."),
  version: z.coerce
    .number({ error: "Version de la période manquante : rechargez la page." })
    .int("Version de la période invalide : rechargez la page.")
    .min(1, "Version de la période invalide : rechargez la page.")
    .max(2_147_483_647, "Version de la période invalide : rechargez la page."),
};
const updateSchema = periodSchema.extend(periodRef);
const createSchema = periodSchema.extend({
  zone: z.enum(HOLIDAY_ZONES, { message: "Zone : A, B ou C." }),
  schoolYearId: z.string({ error: "Année scolaire : choisissez dans la liste." }).regex(/^\d{4}-\d{4}$/, "Année scolaire : choisissez dans la liste."),
});
const deleteSchema = z.object(periodRef);

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const form = Object.fromEntries(await request.formData());
  const ip = context.clientIp ?? null;
  const invalid = (error: ZodError) => data({ error: error.issues[0].message }, { status: 400 });
  try {
    if (form.intent === "update") {
      const parsed = updateSchema.safeParse(form);
      if (!parsed.success) return invalid(parsed.error);
      const { id, version, ...input } = parsed.data;
      await updateHoliday(actor, id, { ...input, version }, ip);
      return { ok: `Période « ${input.label} » enregistrée : du ${frenchDate(input.firstDay)} au ${frenchDate(input.lastDay)}.` };
    }
    if (form.intent === "create") {
      const parsed = createSchema.safeParse(form);
      if (!parsed.success) return invalid(parsed.error);
      const { zone, schoolYearId, ...input } = parsed.data;
      await createHoliday(actor, zone, schoolYearId, input, ip);
      return { ok: `Période « ${input.label} » ajoutée à la zone ${zone} (${schoolYearId}).` };
    }
    if (form.intent === "delete") {
      const parsed = deleteSchema.safeParse(form);
      if (!parsed.success) return invalid(parsed.error);
      await deleteHoliday(actor, parsed.data.id, parsed.data.version, ip);
      return { ok: "Période supprimée." };
    }
  } catch (error) {
    const e = actionError(error);
    return data({ error: e.message }, { status: e.status });
  }
  return data({ error: "Action inconnue." }, { status: 400 });
}

export default function SchoolHolidays() {
  const { academies, zones, schoolYears, currentSchoolYear } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const [params] = useSearchParams();
  const selected = params.get("periode");
  return (
    <div className="fr-my-3w">
      <Breadcrumb currentPageLabel="Vacances scolaires" segments={[{ label: "Formations", linkProps: { to: "/formations" } }]} />
      <h1>Vacances scolaires</h1>
      <p className="fr-text--lead">
        Une session de formation qui tombe pendant les vacances scolaires de la zone de l'académie, ou un jour férié, compte hors temps de classe.
      </p>
      <p>
        Les dates viennent du calendrier scolaire officiel du ministère de l'Éducation nationale. Si le recteur les modifie pour l'académie, corrigez-les
        ici : le créneau des sessions est recalculé aussitôt. Les jours fériés sont calculés et ne figurent pas dans ces tableaux.
      </p>
      {academies.length ? (
        <ul data-testid="academy-zones">
          {academies.map((a) => (
            <li key={a.name}>
              Académie de {a.name} : {a.zone ? `zone ${a.zone}` : "pas de zone de vacances (calendrier propre) : seuls les jours fériés sont pris en compte"}.
            </li>
          ))}
        </ul>
      ) : null}
      {result && "error" in result ? <Alert severity="error" small className="fr-my-3w" description={result.error} /> : null}
      {result && "ok" in result ? <Alert severity="success" small className="fr-my-3w" description={result.ok} /> : null}
      {zones.length === 0 ? <p>Aucune zone de vacances à afficher.</p> : null}
      {zones.map((z) => (
        <section key={z.zone} className="fr-mt-5w" aria-labelledby={`zone-${z.zone}`}>
          <h2 id={`zone-${z.zone}`}>Zone {z.zone}</h2>
          {z.years.length === 0 ? <p>Aucune période enregistrée pour cette zone.</p> : null}
          {z.years.map((y) => {
            const editing = y.periods.find((p) => p.id === selected);
            return (
              <div key={y.schoolYearId}>
                <DataTable
                  caption={`Zone ${z.zone} — année scolaire ${y.schoolYearId}`}
                  testId={`holidays-${z.zone}-${y.schoolYearId}`}
                  headers={["Période", "Premier jour sans classe", "Dernier jour sans classe", "Reprise des cours", "Origine", ...(z.editable ? ["Action"] : [])]}
                  rows={y.periods.map((p) => ({
                    key: p.id,
                    cells: [
                      p.label,
                      p.first,
                      p.last,
                      p.resumption,
                      p.source,
                      ...(z.editable
                        ? [
                            <Link key="e" to={`?periode=${p.id}#modifier`} title={`Modifier « ${p.label} » (zone ${z.zone}, ${y.schoolYearId})`}>
                              Modifier
                            </Link>,
                          ]
                        : []),
                    ],
                  }))}
                />
                {editing && z.editable ? <EditHolidayForm period={editing} zone={z.zone} schoolYearId={y.schoolYearId} /> : null}
              </div>
            );
          })}
          {z.editable ? <AddHolidayForm zone={z.zone} schoolYears={schoolYears} currentSchoolYear={currentSchoolYear} /> : null}
        </section>
      ))}
    </div>
  );
}
