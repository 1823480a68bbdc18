import type { MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { retentionInForce } from "../services/rgpd/retention.server.ts";
import { formatDuration } from "../domain/rgpd/retention.ts";
import { DataTable } from "../components/DataTable.tsx";

export const meta: MetaFunction = () => [{ title: "Données personnelles — Plateforme RUPN" }];

/** The retention periods in force, read from the configuration the purge job uses (ADR 020). */
export function loader() {
  return {
    retention: retentionInForce().map((r) => ({ kind: r.kind, data: r.data, period: formatDuration(r.period), counted: r.counted, action: r.action })),
  };
}

export default function PersonalData() {
  const { retention } = useLoaderData<typeof loader>();
  return (
    <div className="fr-my-5w">
      <h1>Données personnelles</h1>
      <h2>Qui est responsable ?</h2>
      <p>
        Le chef d'établissement est responsable des traitements qui concernent son établissement (lettre de mission,
        désignation des référents). L'académie, par sa délégation au numérique éducatif (DANE), est responsable des bilans
        annuels, des formations et des analyses académiques.
      </p>
      <h2>Quelles données ?</h2>
      <p>
        Nom, prénom et adresse électronique académique des personnes qui utilisent la plateforme, leurs rôles et
        établissements de rattachement, et les réponses qu'elles apportent aux documents de la mission RUPN. Pour une
        connexion avec ProConnect : l'identifiant de l'agent chez son fournisseur d'identité, ce fournisseur, le SIRET de
        son organisation et l'adresse transmise, pour retrouver le compte aux connexions suivantes. Aucune autre donnée
        n'est collectée.
      </p>
      <h2>Qui les voit ?</h2>
      <ul>
        <li>un référent et son chef d'établissement : les données de leur établissement ;</li>
        <li>la DANE et le rectorat : les données des établissements de leur académie.</li>
      </ul>
      <p>
        Chaque connexion et chaque modification sont journalisées (qui, quoi, quand), ainsi que chaque consultation ou
        export de données personnelles : la DANE peut montrer à chacun qui a consulté ses données.
      </p>
      <h2>Combien de temps ?</h2>
      <p>
        Les durées de conservation en vigueur sur cette plateforme, fixées par l'académie. Une purge automatique les
        applique chaque jour.
      </p>
      <DataTable
        caption="Durées de conservation en vigueur"
        testId="retention"
        headers={["Données", "Durée", "Point de départ", "À l'échéance"]}
        rows={retention.map((r) => ({ key: r.kind, cells: [r.data, r.period, r.counted, r.action] }))}
      />
      <h2>Vos droits</h2>
      <p>
        Vous pouvez obtenir une copie de toutes les données qui vous concernent, les faire corriger ou demander leur
        effacement en écrivant à la DANE de votre académie ou au délégué à la protection des données de votre académie.
        La DANE vous remet alors l'export de votre fiche ; un effacement est définitif : votre nom et votre adresse sont
        retirés partout, les chiffres (heures déclarées, montants attribués) restent sans votre nom.
      </p>
    </div>
  );
}
