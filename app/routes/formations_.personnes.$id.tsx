import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireUser } from "../auth/guards.server.ts";
import { personHistory } from "../services/training-reports.server.ts";
import { rethrowTrainingAsHttp } from "../services/trainings.server.ts";
import { logPersonalDataAccess } from "../services/audit.server.ts";
import { DataTable } from "../components/DataTable.tsx";

export const meta: MetaFunction = () => [{ title: "Parcours de formation — Plateforme RUPN" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const history = await personHistory(actor, params.id ?? "").catch(rethrowTrainingAsHttp);
  if (history.person.id !== actor.userId) await logPersonalDataAccess(actor.userId, "User", history.person.id, context.clientIp ?? null);
  return history;
}

export default function PersonHistory() {
  const { person, rows } = useLoaderData<typeof loader>();
  const name = `${person.firstName} ${person.lastName}`;
  return (
    <div className="fr-my-3w">
      <Breadcrumb currentPageLabel={name} segments={[{ label: "Formations", linkProps: { to: "/formations" } }]} />
      <h1>Parcours de formation de {name}</h1>
      <p>{person.email}</p>
      {rows.length === 0 ? (
        <p>Aucune inscription visible.</p>
      ) : (
        <DataTable
          caption={`Formations de ${name}`}
          headers={["Formation", "Type", "Date", "Créneau", "Statut", "Présence"]}
          rows={rows.map((r) => ({
            key: r.id,
            cells: [<Link key="l" to={`/formations/${r.courseId}`}>{r.title}</Link>, r.kind, r.when, r.slot, r.status, r.attended === null ? "—" : r.attended ? "Présent·e" : "Absent·e"],
          }))}
        />
      )}
    </div>
  );
}
