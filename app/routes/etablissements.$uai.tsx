import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { badRequest, notFound, requireUser } from "../auth/guards.server.ts";
import { checkUai } from "../domain/uai.ts";
import { getEstablishmentForActor } from "../services/establishments.server.ts";
import { logPersonalDataAccess } from "../services/audit.server.ts";
import { ESTABLISHMENT_TYPE_LABELS, SECTOR_LABELS, formatCount } from "../domain/labels.ts";
import { ROLE_LABELS } from "../domain/permissions.ts";
import { DataTable } from "../components/DataTable.tsx";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.establishment.name} — Plateforme RUPN` : "Établissement — Plateforme RUPN" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const check = checkUai(params.uai ?? "");
  if (!check.ok) badRequest(check.reason);
  const establishment = await getEstablishmentForActor(actor, check.uai);
  if (!establishment) notFound();
  if (establishment.roles.length > 0) await logPersonalDataAccess(actor.userId, "Establishment", establishment.id, context.clientIp);
  return { establishment };
}

export default function EstablishmentPage() {
  const { establishment: e } = useLoaderData<typeof loader>();
  return (
    <div className="fr-my-3w">
      <Breadcrumb
        currentPageLabel={e.name}
        segments={[
          { label: "Accueil", linkProps: { to: "/" } },
          { label: "Établissements", linkProps: { to: "/etablissements" } },
        ]}
      />
      <h1>{e.name}</h1>
      <p className="fr-text--lead">
        {ESTABLISHMENT_TYPE_LABELS[e.type]} {SECTOR_LABELS[e.sector].toLowerCase()} · {e.commune ?? "commune inconnue"}
        {e.closedAt ? " · fermé" : ""}
      </p>
      <section aria-labelledby="identity">
        <h2 id="identity">Identité</h2>
        <dl className="rupn-dl">
          <dt>UAI</dt>
          <dd>{e.uai}</dd>
          <dt>Académie</dt>
          <dd>{e.academy.name}</dd>
          <dt>Département</dt>
          <dd>{e.departmentName ?? e.departmentCode ?? "—"}</dd>
          <dt>Bassin de formation</dt>
          <dd>{e.basinName ?? "—"}</dd>
          <dt>Éducation prioritaire</dt>
          <dd>{e.priorityEducation ?? "Non"}</dd>
          <dt>Adresse électronique</dt>
          <dd>{e.email ? <a href={`mailto:${e.email}`}>{e.email}</a> : "—"}</dd>
        </dl>
      </section>
      <section aria-labelledby="pupils">
        <h2 id="pupils">Effectifs par année scolaire</h2>
        {e.years.length === 0 ? (
          <p>Aucun effectif connu.</p>
        ) : (
          <DataTable
            caption="Nombre d'élèves par année scolaire"
            headers={["Année scolaire", "Élèves", "Source"]}
            rows={e.years.map((y) => ({ key: y.schoolYearId, cells: [y.schoolYearId, formatCount(y.pupilCount), y.source] }))}
          />
        )}
      </section>
      <section aria-labelledby="people">
        <h2 id="people">Personnes et rôles</h2>
        {e.roles.length === 0 ? (
          <p>Personne n'est rattaché à cet établissement.</p>
        ) : (
          <ul>
            {e.roles.map((r, i) => (
              <li key={i}>
                {r.user.firstName} {r.user.lastName} — {ROLE_LABELS[r.role]}
                {r.schoolYearId ? ` (${r.schoolYearId})` : ""} — <a href={`mailto:${r.user.email}`}>{r.user.email}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <p className="fr-mt-5w">
        <Link to="/etablissements">← Retour à la liste</Link>
      </p>
    </div>
  );
}
