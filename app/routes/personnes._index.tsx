// RGPD tools (ADR 020): find a person of the académie to open their file (right of access, rectification, erasure).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { requireUser } from "../auth/guards.server.ts";
import { findPeople } from "../services/rgpd/person-file.server.ts";
import { rgpdScope } from "../services/rgpd/scope.server.ts";
import { DataTable } from "../components/DataTable.tsx";
import { ROLE_LABELS } from "../domain/permissions.ts";

export const meta: MetaFunction = () => [{ title: "Données personnelles : personnes — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  rgpdScope(actor);
  const params = new URL(request.url).searchParams;
  const query = (params.get("q") ?? "").slice(0, 100);
  const people = await findPeople(actor, query);
  return {
    query,
    erased: params.get("effacement") === "fait",
    people: people.map((p) => ({
      id: p.id,
      name: p.erasedAt ? "Personne effacée" : `${p.firstName} ${p.lastName}`,
      email: p.erasedAt ? "—" : p.email,
      roles: [...new Set(p.roles.map((r) => `${ROLE_LABELS[r.role]} (${r.academy.name})`))].join(", ") || "aucun rôle",
    })),
  };
}

export default function People() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="fr-my-5w">
      <h1>Données personnelles</h1>
      {d.erased ? (
        <Alert
          severity="success"
          as="h2"
          small
          className="fr-mb-3w"
          description="La personne a été effacée : son identité a été retirée de la plateforme ; les chiffres restent, sans son nom. L'effacement figure au journal des accès."
        />
      ) : null}
      <p>
        Retrouvez une personne de votre académie pour consulter tout ce que la plateforme conserve sur elle, l'exporter
        (droit d'accès), corriger son identité (droit de rectification) ou l'effacer (droit à l'effacement). Chaque
        consultation est inscrite au <Link to="/journal-des-acces">journal des accès</Link>.
      </p>
      <Form method="get" role="search" className="fr-mb-3w">
        <div className="fr-search-bar" id="recherche-personnes">
          <label className="fr-label" htmlFor="q">
            Rechercher une personne (nom, prénom ou adresse électronique)
          </label>
          <input className="fr-input" id="q" name="q" type="search" defaultValue={d.query} minLength={2} maxLength={100} />
          <button className="fr-btn" type="submit" title="Rechercher">
            Rechercher
          </button>
        </div>
      </Form>
      {d.query.trim().length < 2 ? (
        <p>Saisissez au moins deux caractères.</p>
      ) : d.people.length === 0 ? (
        <p>Aucune personne de votre académie ne correspond à « {d.query} ».</p>
      ) : (
        <DataTable
          caption={`${d.people.length} personne${d.people.length > 1 ? "s" : ""} pour « ${d.query} »${d.people.length === 50 ? " (50 premières : précisez la recherche)" : ""}`}
          testId="people"
          headers={["Nom", "Adresse électronique", "Rôles"]}
          rows={d.people.map((p) => ({ key: p.id, cells: [<Link key="l" to={`/personnes/${p.id}`}>{p.name}</Link>, p.email, p.roles] }))}
        />
      )}
    </div>
  );
}
