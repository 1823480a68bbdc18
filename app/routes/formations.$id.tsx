import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { z } from "../domain/zod-fr.ts";
import { requireUser } from "../auth/guards.server.ts";
import { actionError, zonesOf, createSession, getCourse, rethrowTrainingAsHttp } from "../services/trainings.server.ts";
import { cancelRegistration, designatableReferents, designate, registerVolunteer } from "../services/training-registrations.server.ts";
import { formatParisDateTime, formatParisSpan, parisWallClockToUtc } from "../domain/trainings/paris-time.ts";
import { REGISTRATION_STATUS_LABELS, TRAINING_KIND_LABELS, VENUE_MODE_LABELS } from "../domain/trainings/types.ts";
import { SLOT_LABELS } from "../domain/trainings/slots.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../domain/labels.ts";
import { DataTable } from "../components/DataTable.tsx";
import { academyLabel, capitalize, titleWithSubtitle } from "../domain/format/fr.ts";
import { registrationOpen, sessionAvailability } from "../domain/trainings/registration.ts";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.course.title ?? "Formation"} — Plateforme RUPN` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const course = await getCourse(actor, params.id ?? "").catch(rethrowTrainingAsHttp);
  const isRupn = actor.roles.some((r) => r.role === "RUPN");
  const [basins, referents] = await Promise.all([
    course.manageable && course.kind === "REGROUPEMENT" ? zonesOf(course.academyId) : Promise.resolve([]),
    course.kind === "ENTRY_TRAINING" ? designatableReferents(actor) : Promise.resolve([]),
  ]);
  const now = Date.now();
  return {
    course: { id: course.id, title: course.title, kind: course.kind, audience: course.audience, description: course.description, academy: course.academy.name, manageable: course.manageable },
    missingSlots: course.manageable ? course.missingSlots.map((m) => m.message) : [],
    canVolunteer: isRupn && course.kind === "VIRTUAL_CLASS",
    basins,
    referents,
    sessions: course.sessions.map((s) => ({
      id: s.id,
      when: formatParisSpan(s.startsAt, s.endsAt),
      slot: SLOT_LABELS[s.slot],
      venue: s.venueMode === "IN_PERSON" ? s.address : `${VENUE_MODE_LABELS.REMOTE} (lien envoyé avec la convocation)`,
      places: `${s.registered} / ${s.capacity}${s.waitlisted ? ` (${s.waitlisted} en attente)` : ""}`,
      deadline: s.registrationDeadline ? formatParisDateTime(s.registrationDeadline) : "Jusqu'au début",
      zone: s.zoneCode ? `${basins.find((b) => b.code === s.zoneCode)?.name ?? s.zoneCode} · ${s.establishmentType ? ESTABLISHMENT_TYPE_LABELS[s.establishmentType] : ""}` : null,
      // Registration closes at the deadline (or the start); one's own registration can be cancelled until the start.
      open: registrationOpen({ ...s, cancelled: Boolean(s.cancelledAt) }, new Date(now)),
      cancellable: !s.cancelledAt && s.startsAt.getTime() > now,
      availability: sessionAvailability({ ...s, cancelled: Boolean(s.cancelledAt) }, s, new Date(now)).label,
      cancelled: Boolean(s.cancelledAt),
      mine: s.mine ? { id: s.mine.id, status: REGISTRATION_STATUS_LABELS[s.mine.status] } : null,
    })),
  };
}

const wallClock = (label: string) => z.string({ error: `${label} : date et heure attendues.` }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, `${label} : date et heure attendues.`);
const sessionSchema = z
  .object({
    startsAt: wallClock("Début"),
    endTime: z.string({ error: "Heure de fin : HH:MM attendu." }).regex(/^\d{2}:\d{2}$/, "Heure de fin : HH:MM attendu."),
    venueMode: z.enum(["IN_PERSON", "REMOTE"], { message: "Modalité : présentiel ou à distance." }),
    place: z.string({ error: "Lieu : texte attendu." }).trim().max(500, "Lieu : 500 caractères au plus."),
    capacity: z.coerce.number({ message: "Capacité : un nombre attendu." }).int("Capacité : un nombre entier.").min(1, "Capacité : au moins 1 place.").max(10_000, "Capacité : 10 000 places au plus."),
    deadline: z.union([wallClock("Date limite d'inscription"), z.literal("")], { error: "Date limite d'inscription : date et heure attendues." }),
    zoneCode: z.string({ error: "Zone : choisissez dans la liste." }).max(20, "Zone : choisissez dans la liste.").optional(),
    establishmentType: z
      .enum(["COLLEGE", "LYCEE", "LYCEE_PRO", "EREA"], { error: "Type d'établissement : choisissez dans la liste." })
      .optional()
      .or(z.literal("").transform(() => undefined)),
  })
  .transform((v, ctx) => {
    const [date, time] = v.startsAt.split("T");
    try {
      return {
      startsAt: parisWallClockToUtc(date, time),
      endsAt: parisWallClockToUtc(date, v.endTime),
      venue: v.venueMode === "IN_PERSON" ? ({ mode: "IN_PERSON", address: v.place } as const) : ({ mode: "REMOTE", url: v.place } as const),
      capacity: v.capacity,
      registrationDeadline: v.deadline ? parisWallClockToUtc(...(v.deadline.split("T") as [string, string])) : null,
      zoneCode: v.zoneCode || null,
      establishmentType: v.establishmentType ?? null,
      };
    } catch (error) {
      ctx.addIssue({ code: "custom", message: (error as Error).message });
      return z.NEVER;
    }
  });

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const form = Object.fromEntries(await request.formData());
  const sessionId = typeof form.sessionId === "string" ? form.sessionId : "";
  try {
    if (form.intent === "add-session") {
      const parsed = sessionSchema.safeParse(form);
      if (!parsed.success) return data({ error: parsed.error.issues[0].message }, { status: 400 });
      const session = await createSession(actor, params.id ?? "", parsed.data, context.clientIp ?? null);
      return { ok: "Session ajoutée.", warnings: session.holidayWarnings };
    }
    if (form.intent === "register") {
      const outcome = await registerVolunteer(actor, sessionId);
      return { ok: outcome.outcome === "registered" ? "Inscription confirmée : votre convocation et votre ordre de mission vous sont envoyés par courriel." : outcome.message };
    }
    if (form.intent === "designate" && typeof form.person === "string") {
      const [userId, establishmentId] = form.person.split(":");
      const outcome = await designate(actor, sessionId, { userId, establishmentId });
      return { ok: outcome.outcome === "registered" ? "Désignation enregistrée : la convocation est envoyée." : outcome.message };
    }
    if (form.intent === "cancel" && typeof form.registrationId === "string") {
      const { promoted } = await cancelRegistration(actor, form.registrationId);
      return { ok: promoted.length ? "Inscription annulée. La première personne en attente a reçu la place libérée." : "Inscription annulée." };
    }
  } catch (error) {
    const e = actionError(error);
    return data({ error: e.message }, { status: e.status });
  }
  return data({ error: "Action inconnue." }, { status: 400 });
}

export default function CoursePage() {
  const { course, sessions, canVolunteer, referents, basins, missingSlots } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="fr-my-3w">
      <Breadcrumb currentPageLabel={course.title} segments={[{ label: "Formations", linkProps: { to: "/formations" } }]} />
      <h1>{course.title}</h1>
      <p className="fr-text--lead">
        {/* No repeated title: the kind is said only when the course's title does not already say it. */}
        {[titleWithSubtitle(course.title, TRAINING_KIND_LABELS[course.kind]) === course.title ? null : TRAINING_KIND_LABELS[course.kind], course.audience, academyLabel(course.academy)].filter(Boolean).join(" · ")}
      </p>
      {course.description ? <p>{course.description}</p> : null}
      {result && "error" in result ? <Alert severity="error" small className="fr-mb-3w" description={result.error} /> : null}
      {result && "ok" in result ? <Alert severity="success" small className="fr-mb-3w" description={result.ok} /> : null}
      {result && "warnings" in result
        ? (result.warnings ?? []).map((w) => <Alert key={w} severity="warning" small className="fr-mb-3w" description={w} />)
        : null}
      {missingSlots.map((m) => (
        <Alert key={m} severity="info" small className="fr-mb-3w" description={m} />
      ))}
      <h2>Sessions</h2>
      {sessions.length === 0 ? (
        <p>Aucune session programmée.</p>
      ) : (
        <DataTable
          caption={`Sessions de ${course.title}`}
          testId="sessions"
          scrollable
          headers={["Date (heure de Paris)", "Créneau", "Lieu", "Inscrits / places", "Inscriptions", ...(basins.length ? ["Zone"] : []), "Action"]}
          rows={sessions.map((s) => ({
            key: s.id,
            cells: [
              course.manageable ? <Link key="d" to={`/formations/sessions/${s.id}`}>{s.when}</Link> : s.when,
              s.slot,
              s.venue,
              s.places,
              s.cancelled ? "Session annulée" : s.open ? s.deadline : capitalize(s.availability),
              ...(basins.length ? [s.zone ?? "—"] : []),
              <SessionAction key="a" session={s} canVolunteer={canVolunteer} referents={referents} title={course.title} />,
            ],
          }))}
        />
      )}
      {course.manageable ? <NewSessionForm kind={course.kind} basins={basins} /> : null}
    </div>
  );
}

type SessionRow = ReturnType<typeof useLoaderData<typeof loader>>["sessions"][number];

function SessionAction({ session: s, canVolunteer, referents, title }: { session: SessionRow; canVolunteer: boolean; referents: { userId: string; establishmentId: string; label: string }[]; title: string }) {
  if (s.mine) {
    return (
      <Form method="post">
        <p className="fr-mb-1w">{s.mine.status}</p>
        <input type="hidden" name="intent" value="cancel" />
        <input type="hidden" name="registrationId" value={s.mine.id} />
        {s.cancellable ? (
          <button className="fr-btn fr-btn--sm fr-btn--secondary" type="submit" title={`Annuler mon inscription du ${s.when}`}>
            Annuler mon inscription
          </button>
        ) : null}
      </Form>
    );
  }
  if (!s.open) return <>{capitalize(s.availability)}</>;
  if (canVolunteer) {
    return (
      <Form method="post">
        <input type="hidden" name="intent" value="register" />
        <input type="hidden" name="sessionId" value={s.id} />
        <button className="fr-btn fr-btn--sm" type="submit" title={`S'inscrire à ${title}, ${s.when}`}>
          S'inscrire
        </button>
      </Form>
    );
  }
  if (referents.length > 0) {
    return (
      <Form method="post">
        <input type="hidden" name="intent" value="designate" />
        <input type="hidden" name="sessionId" value={s.id} />
        <Select label="Référent·e à désigner" nativeSelectProps={{ name: "person", required: true }}>
          {referents.map((r) => (
            <option key={`${r.userId}:${r.establishmentId}`} value={`${r.userId}:${r.establishmentId}`}>
              {r.label}
            </option>
          ))}
        </Select>
        <button className="fr-btn fr-btn--sm" type="submit">
          Désigner
        </button>
      </Form>
    );
  }
  return <>—</>;
}

function NewSessionForm({ kind, basins }: { kind: string; basins: { code: string; name: string }[] }) {
  return (
    <section className="fr-mt-5w" aria-labelledby="new-session-title">
      <h2 id="new-session-title">Ajouter une session</h2>
      <Form method="post" className="fr-col-md-8">
        <input type="hidden" name="intent" value="add-session" />
        <Input label="Début (heure de Paris)" nativeInputProps={{ name: "startsAt", type: "datetime-local", required: true }} />
        <Input label="Heure de fin" nativeInputProps={{ name: "endTime", type: "time", required: true }} />
        <Select label="Modalité" nativeSelectProps={{ name: "venueMode", defaultValue: kind === "VIRTUAL_CLASS" ? "REMOTE" : "IN_PERSON" }}>
          <option value="REMOTE">{VENUE_MODE_LABELS.REMOTE}</option>
          <option value="IN_PERSON">{VENUE_MODE_LABELS.IN_PERSON}</option>
        </Select>
        <Input label="Lieu ou lien de la classe virtuelle" hintText="Adresse pour le présentiel, lien https pour une classe virtuelle." nativeInputProps={{ name: "place", required: true }} />
        <Input label="Capacité (places)" nativeInputProps={{ name: "capacity", type: "number", min: 1, required: true, defaultValue: 20 }} />
        <Input label="Date limite d'inscription (incluse, facultative)" nativeInputProps={{ name: "deadline", type: "datetime-local" }} />
        {kind === "REGROUPEMENT" ? (
          <>
            <Select label="Zone (bassin de formation ou département)" nativeSelectProps={{ name: "zoneCode", required: true }}>
              {basins.map((b) => (
                <option key={b.code} value={b.code}>
                  {b.name}
                </option>
              ))}
            </Select>
            <Select label="Type d'établissement" nativeSelectProps={{ name: "establishmentType", required: true }}>
              {(["COLLEGE", "LYCEE", "LYCEE_PRO", "EREA"] as const).map((t) => (
                <option key={t} value={t}>
                  {ESTABLISHMENT_TYPE_LABELS[t]}
                </option>
              ))}
            </Select>
          </>
        ) : null}
        <button className="fr-btn" type="submit">
          Ajouter la session
        </button>
      </Form>
    </section>
  );
}
