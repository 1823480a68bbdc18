import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { z } from "../domain/zod-fr.ts";
import { requireUser } from "../auth/guards.server.ts";
import { actionError, createCourse, listCourses, managedTrainingAcademies } from "../services/trainings.server.ts";
import { cancelRegistration, myRegistrations } from "../services/training-registrations.server.ts";
import { trainingDashboard, trainingTools } from "../services/training-reports.server.ts";
import { formatParisSpan } from "../domain/trainings/paris-time.ts";
import { REGISTRATION_STATUS_LABELS, TRAINING_KINDS, TRAINING_KIND_LABELS } from "../domain/trainings/types.ts";
import { SLOT_LABELS } from "../domain/trainings/slots.ts";
import { DataTable } from "../components/DataTable.tsx";
import { academyLabel, capitalize, titleWithSubtitle } from "../domain/format/fr.ts";
import { sessionAvailability } from "../domain/trainings/registration.ts";

export const meta: MetaFunction = () => [{ title: "Formations — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const [courses, mine, dashboard, tools] = await Promise.all([listCourses(actor), myRegistrations(actor), trainingDashboard(actor), trainingTools(actor)]);
  const managed = managedTrainingAcademies(actor);
  const now = new Date();
  return {
    canCreate: managed === "all" || managed.length > 0,
    dashboard,
    tools,
    courses: courses.map((c) => ({
      id: c.id,
      title: c.title,
      kind: c.kind,
      audience: c.audience,
      academy: c.academy.name,
      sessions: c.sessions
        .filter((s) => !s.cancelledAt)
        .map((s) => ({
          id: s.id,
          when: formatParisSpan(s.startsAt, s.endsAt),
          slot: SLOT_LABELS[s.slot],
          availability: sessionAvailability({ ...s, cancelled: Boolean(s.cancelledAt) }, s, now),
        })),
    })),
    mine: mine.map((r) => ({
      id: r.id,
      courseId: r.session.course.id,
      title: r.session.course.title,
      when: formatParisSpan(r.session.startsAt, r.session.endsAt),
      status: r.status === "WAITLISTED" && r.position ? `${REGISTRATION_STATUS_LABELS.WAITLISTED} (position ${r.position})` : REGISTRATION_STATUS_LABELS[r.status],
      cancellable: r.status !== "CANCELLED" && r.session.startsAt.getTime() > Date.now(),
      attended: r.attended,
    })),
  };
}

const courseSchema = z.object({
  title: z.string({ error: "Intitulé : texte attendu." }).trim().min(3, "Intitulé : 3 caractères au moins.").max(200, "Intitulé : 200 caractères au plus."),
  kind: z.enum(TRAINING_KINDS, { message: "Type de formation : choisissez dans la liste." }),
  audience: z.string({ error: "Public : texte attendu." }).trim().min(2, "Public : précisez à qui s'adresse la formation.").max(200, "Public : 200 caractères au plus."),
  description: z.string({ error: "Description : texte attendu." }).trim().max(4000, "Description : 4 000 caractères au plus."),
});

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const form = Object.fromEntries(await request.formData());
  try {
    if (form.intent === "create-course") {
      const parsed = courseSchema.safeParse(form);
      if (!parsed.success) return data({ error: parsed.error.issues[0].message }, { status: 400 });
      const course = await createCourse(actor, parsed.data, context.clientIp ?? null);
      throw redirect(`/formations/${course.id}`);
    }
    if (form.intent === "cancel" && typeof form.registrationId === "string") {
      const { promoted } = await cancelRegistration(actor, form.registrationId);
      return { ok: promoted.length ? "Inscription annulée. La première personne en attente a reçu la place libérée." : "Inscription annulée." };
    }
  } catch (error) {
    if (error instanceof Response) throw error;
    const e = actionError(error);
    return data({ error: e.message }, { status: e.status });
  }
  return data({ error: "Action inconnue." }, { status: 400 });
}

export default function Trainings() {
  const { courses, mine, canCreate, dashboard, tools } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="fr-my-5w">
      <h1>Formations</h1>
      {result && "error" in result ? <Alert severity="error" small className="fr-mb-3w" description={result.error} /> : null}
      {result && "ok" in result ? <Alert severity="success" small className="fr-mb-3w" description={result.ok} /> : null}
      {mine.length > 0 ? (
        <section className="fr-mb-5w" aria-labelledby="mine-title">
          <h2 id="mine-title">Mes inscriptions</h2>
          <DataTable
            caption="Mes inscriptions aux formations"
            headers={["Formation", "Date", "Statut", "Présence", "Action"]}
            testId="my-registrations"
            rows={mine.map((r) => ({
              key: r.id,
              cells: [
                <Link key="l" to={`/formations/${r.courseId}`}>
                  {r.title}
                </Link>,
                r.when,
                r.status,
                r.attended === null ? "—" : r.attended ? "Présent·e" : "Absent·e",
                r.cancellable ? (
                  <Form method="post" key="f">
                    <input type="hidden" name="intent" value="cancel" />
                    <input type="hidden" name="registrationId" value={r.id} />
                    <button className="fr-btn fr-btn--sm fr-btn--secondary" type="submit" title={`Annuler mon inscription à ${r.title}`}>
                      Annuler mon inscription
                    </button>
                  </Form>
                ) : (
                  "—"
                ),
              ],
            }))}
          />
        </section>
      ) : null}
      <section className="fr-mb-5w" aria-labelledby="catalogue-title">
        <h2 id="catalogue-title">Catalogue</h2>
        {courses.length === 0 ? <p>Aucune formation au catalogue pour l'instant.</p> : null}
        {courses.map((c) => (
          <article key={c.id} className="fr-card fr-mb-3w">
            <div className="fr-card__body">
              <div className="fr-card__content">
                <h3 className="fr-card__title">
                  <Link to={`/formations/${c.id}`}>{c.title}</Link>
                </h3>
                <p className="fr-card__desc">
                  {[titleWithSubtitle(c.title, TRAINING_KIND_LABELS[c.kind]) === c.title ? null : TRAINING_KIND_LABELS[c.kind], c.audience, academyLabel(c.academy)].filter(Boolean).join(" · ")}
                </p>
                {/* The card's end slot (order 4, after the description) with a plain list: .fr-card__detail is a one-line
                    slot, and several sessions overlapped in it. */}
                <div className="fr-card__end">
                  <ul className="fr-text--sm fr-mb-0" data-testid="course-sessions">
                    {c.sessions.length === 0 ? <li>Aucune session programmée.</li> : null}
                    {c.sessions.map((s) => (
                      <li key={s.id} className={s.availability.state === "open" || s.availability.state === "full" ? undefined : "fr-text-mention--grey"}>
                        {capitalize(s.when)} — {s.slot.toLowerCase()} — {s.availability.label}
                      </li>
                    ))}
                  </ul>
                </div>
              </div>
            </div>
          </article>
        ))}
      </section>
      {dashboard ? (
        <section className="fr-mb-5w" aria-labelledby="dashboard-title">
          <h2 id="dashboard-title">Tableau de bord des formations</h2>
          <p data-testid="newcomers">
            Nouveaux référents inscrits à « Entrer dans la fonction de RUPN » : {dashboard.newcomers.registered}.{" "}
            Nouveaux référents déclarés dans les lettres de mission de l'année (soumises, signées ou validées) : {dashboard.newcomers.declared}.
          </p>
          {dashboard.sessions.length > 0 ? (
            <DataTable
              caption="Taux de remplissage par session"
              testId="fill-rates"
              headers={["Formation", "Date", "Inscrits", "Places", "Remplissage", "En attente"]}
              rows={dashboard.sessions.map((s) => ({
                key: s.id,
                cells: [
                  <Link key="l" to={`/formations/sessions/${s.id}`}>
                    {s.title}
                  </Link>,
                  s.when,
                  s.registered,
                  s.capacity,
                  `${s.fillRate} %`,
                  s.waitlisted,
                ],
              }))}
            />
          ) : null}
        </section>
      ) : null}
      {tools.exportAcademies.length > 0 || tools.holidays ? <TrainingTools tools={tools} /> : null}
      {canCreate ? (
        <section aria-labelledby="new-course-title">
          <h2 id="new-course-title">Nouvelle formation</h2>
          <Form method="post" className="fr-col-md-8">
            <input type="hidden" name="intent" value="create-course" />
            <Input label="Intitulé" nativeInputProps={{ name: "title", required: true }} />
            <Select label="Type de formation" nativeSelectProps={{ name: "kind", required: true, defaultValue: "VIRTUAL_CLASS" }}>
              {TRAINING_KINDS.map((k) => (
                <option key={k} value={k}>
                  {TRAINING_KIND_LABELS[k]}
                </option>
              ))}
            </Select>
            <Input label="Public" nativeInputProps={{ name: "audience", required: true, defaultValue: "Référents RUPN" }} />
            <Input label="Description" textArea nativeTextAreaProps={{ name: "description", rows: 3 }} />
            <button className="fr-btn" type="submit">
              Créer la formation
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

type Tools = ReturnType<typeof useLoaderData<typeof loader>>["tools"];

/** The DANE's tools: the yearly XLSX export of each académie it manages, and the school holidays page. */
function TrainingTools({ tools }: { tools: Tools }) {
  return (
    <section className="fr-mb-5w" aria-labelledby="tools-title">
      <h2 id="tools-title">Exports et calendrier</h2>
      {tools.holidays ? (
        <p>
          <Link to="/formations/vacances">Vacances scolaires de la zone</Link> : les sessions qui tombent pendant ces périodes, ou un jour férié,
          comptent hors temps de classe.
        </p>
      ) : null}
      {tools.exportAcademies.map((a) => (
        <form key={a.id} method="get" action={`/formations/academies/${a.id}/export.xlsx`} className="fr-col-md-8 fr-mb-3w">
          <Select label={`Année scolaire à exporter (${academyLabel(a.name)})`} nativeSelectProps={{ name: "annee", defaultValue: tools.currentSchoolYear }}>
            {tools.schoolYears.map((y) => (
              <option key={y} value={y}>
                {y}
              </option>
            ))}
          </Select>
          <button className="fr-btn fr-btn--secondary" type="submit">
            Exporter toutes les sessions et inscriptions de l'année (XLSX)
          </button>
        </form>
      ))}
    </section>
  );
}
