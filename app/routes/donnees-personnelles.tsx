import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Données personnelles — Plateforme RUPN" }];

export default function PersonalData() {
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
      <p>Chaque connexion et chaque modification sont journalisées (qui, quoi, quand).</p>
      <h2>Vos droits</h2>
      <p>
        Vous pouvez obtenir et faire corriger les données qui vous concernent en écrivant à la DANE de votre académie ou au
        délégué à la protection des données de votre académie. Les données sont conservées pendant la durée fixée par
        l'académie, puis supprimées.
      </p>
    </div>
  );
}
