import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireUser } from "../auth/guards.server.ts";
import { actionError, getSession, rethrowTrainingAsHttp } from "../services/trainings.server.ts";
import { cancelRegistration, cancelWholeSession, changeSessionCapacity, convokeZone, markAttendance, waitingPositions } from "../services/training-registrations.server.ts";
import { logPersonalDataAccess } from "../services/audit.server.ts";
import { formatParisDateTime, formatParisSpan } from "../domain/trainings/paris-time.ts";
import { REGISTRATION_KIND_LABELS, REGISTRATION_STATUS_LABELS } from "../domain/trainings/types.ts";
import { SLOT_LABELS } from "../domain/trainings/slots.ts";
import { DataTable } from "../components/DataTable.tsx";
import { plural } from "../domain/format/fr.ts";

export const meta: MetaFunction = () => [{ title: "Session de formation — Plateforme RUPN" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const s = await getSession(actor, params.id ?? "").catch(rethrowTrainingAsHttp);
  if (s.registrations.some((r) => r.userId !== actor.userId)) await logPersonalDataAccess(actor.userId, "TrainingSession", s.id, context.clientIp ?? null);
  const positions = await waitingPositions(s.id);
  return {
    session: {
      id: s.id,
      title: s.course.title,
      courseId: s.course.id,
      kind: s.course.kind,
      when: formatParisSpan(s.startsAt, s.endsAt),
      slot: SLOT_LABELS[s.slot],
      venue: s.venueMode === "IN_PERSON" ? s.address : s.remoteUrl,
      capacity: s.capacity,
      registered: s.registered,
      waitlisted: s.waitlisted,
      deadline: s.registrationDeadline ? formatParisDateTime(s.registrationDeadline) : "jusqu'au début",
      started: s.startsAt.getTime() <= Date.now(),
      cancelled: Boolean(s.cancelledAt),
      convocable: s.manageable && s.course.kind === "REGROUPEMENT" && Boolean(s.zoneCode),
      manageable: s.manageable,
    },
    registrations: s.registrations.map((r) => ({
      id: r.id,
      name: `${r.user.firstName} ${r.user.lastName}`,
      email: r.user.email,
      establishment: r.establishment ? `${r.establishment.name} (${r.establishment.uai})` : "—",
      kind: REGISTRATION_KIND_LABELS[r.kind].split(" (")[0],
      status: r.status === "WAITLISTED" ? `${REGISTRATION_STATUS_LABELS.WAITLISTED} (${positions.get(r.id)})` : REGISTRATION_STATUS_LABELS[r.status],
      active: r.status !== "CANCELLED",
      confirmed: r.status === "REGISTERED",
      attended: r.attended,
      userId: r.userId,
    })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const form = await request.formData();
  const intent = form.get("intent");
  try {
    if (intent === "convoke") {
      const r = await convokeZone(actor, params.id ?? "");
      return { ok: `Convocations envoyées : ${r.registered} inscrit·e·s, ${r.waitlisted} en liste d'attente, ${r.skipped.length} déjà inscrit·e·s ou indisponibles.` };
    }
    if (intent === "attendance") {
      const r = await markAttendance(actor, params.id ?? "", form.getAll("present").map(String));
      return { ok: `Présences enregistrées : ${plural(r.present, "présent·e", "présent·e·s")}, ${plural(r.absent, "absent·e", "absent·e·s")}.` };
    }
    if (intent === "capacity") {
      const r = await changeSessionCapacity(actor, params.id ?? "", Number(form.get("capacity")));
      return { ok: `Capacité modifiée${r.promoted ? ` : ${plural(r.promoted, "personne de la liste d'attente inscrite et convoquée", "personnes de la liste d'attente inscrites et convoquées")}` : ""}.` };
    }
    if (intent === "cancel-session") {
      const r = await cancelWholeSession(actor, params.id ?? "");
      return { ok: `Session annulée : ${plural(r.notified, "personne prévenue", "personnes prévenues")} par courriel.` };
    }
    if (form.get("cancel")) {
      const { promoted } = await cancelRegistration(actor, String(form.get("cancel")));
      return { ok: promoted.length ? "Inscription annulée ; la première personne en attente est inscrite." : "Inscription annulée." };
    }
  } catch (error) {
    const e = actionError(error);
    return data({ error: e.message }, { status: e.status });
  }
  return data({ error: "Action inconnue." }, { status: 400 });
}

export default function SessionPage() {
  const { session: s, registrations } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="fr-my-3w">
      <Breadcrumb
        currentPageLabel={s.when}
        segments={[
          { label: "Formations", linkProps: { to: "/formations" } },
          { label: s.title, linkProps: { to: `/formations/${s.courseId}` } },
        ]}
      />
      <h1>{s.title}</h1>
      <p className="fr-text--lead">
        {s.when} · {s.slot.toLowerCase()}
      </p>
      <dl className="rupn-dl">
        <dt>Lieu</dt>
        <dd>{s.venue}</dd>
        <dt>Places</dt>
        <dd>
          {s.registered} inscrit·e·s sur {s.capacity}, {s.waitlisted} en liste d'attente
        </dd>
        <dt>Inscriptions</dt>
        <dd>{s.deadline}</dd>
      </dl>
      {result && "error" in result ? <Alert severity="error" small className="fr-my-3w" description={result.error} /> : null}
      {result && "ok" in result ? <Alert severity="success" small className="fr-my-3w" description={result.ok} /> : null}
      <div className="fr-btns-group fr-btns-group--inline fr-my-3w">
        {s.convocable ? (
          <Form method="post">
            <input type="hidden" name="intent" value="convoke" />
            <button className="fr-btn" type="submit">
              Convoquer les référents de la zone
            </button>
          </Form>
        ) : null}
        {s.manageable ? (
          <>
            <a className="fr-btn fr-btn--secondary" href={`/formations/sessions/${s.id}/export.xlsx`} download>
              Exporter les inscriptions et présences (XLSX)
            </a>
            <a className="fr-btn fr-btn--tertiary" href={`/formations/sessions/${s.id}/export.csv`} download>
              Exporter les inscriptions et présences (CSV)
            </a>
          </>
        ) : null}
      </div>
      {s.cancelled ? <Alert severity="warning" small className="fr-my-3w" description="Cette session est annulée." /> : null}
      {s.manageable && !s.started && !s.cancelled ? (
        <div className="fr-grid-row fr-grid-row--gutters fr-my-3w">
          <Form method="post" className="fr-col-12 fr-col-md-6">
            <input type="hidden" name="intent" value="capacity" />
            <div className="fr-input-group">
              <label className="fr-label" htmlFor="capacity">
                Nombre de places
              </label>
              <input className="fr-input" id="capacity" name="capacity" type="number" min={1} required defaultValue={s.capacity} />
            </div>
            <button className="fr-btn fr-btn--secondary" type="submit">
              Modifier la capacité
            </button>
          </Form>
          <Form method="post" className="fr-col-12 fr-col-md-6">
            <input type="hidden" name="intent" value="cancel-session" />
            <p>Annuler la session prévient par courriel chaque personne inscrite ou en attente.</p>
            <button className="fr-btn fr-btn--tertiary" type="submit">
              Annuler la session
            </button>
          </Form>
        </div>
      ) : null}
      <h2>Inscriptions</h2>
      {registrations.length === 0 ? (
        <p>Aucune inscription visible.</p>
      ) : (
        <Form method="post">
          <DataTable
            caption={`Inscriptions à la session du ${s.when}`}
            testId="registrations"
            headers={["Personne", "Établissement", "Modalité", "Statut", "Présence", "Action"]}
            rows={registrations.map((r) => ({
              key: r.id,
              cells: [
                <Link key="p" to={`/formations/personnes/${r.userId}`}>
                  {r.name}
                </Link>,
                r.establishment,
                r.kind,
                r.status,
                s.manageable && s.started && r.confirmed ? (
                  <div className="fr-checkbox-group fr-checkbox-group--sm" key="c">
                    <input type="checkbox" id={`present-${r.id}`} name="present" value={r.id} defaultChecked={r.attended === true} />
                    <label className="fr-label" htmlFor={`present-${r.id}`}>
                      Présent·e
                    </label>
                  </div>
                ) : r.attended === null ? (
                  "—"
                ) : r.attended ? (
                  "Présent·e"
                ) : (
                  "Absent·e"
                ),
                r.active && !s.started ? (
                  <button key="x" className="fr-btn fr-btn--sm fr-btn--tertiary" type="submit" name="cancel" value={r.id}>
                    Annuler l'inscription de {r.name}
                  </button>
                ) : (
                  "—"
                ),
              ],
            }))}
          />
          {s.manageable && s.started ? (
            <button className="fr-btn" type="submit" name="intent" value="attendance">
              Enregistrer les présences
            </button>
          ) : null}
        </Form>
      )}
    </div>
  );
}
