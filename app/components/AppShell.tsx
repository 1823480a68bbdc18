import type { ReactNode } from "react";
import { Form, useLocation } from "@remix-run/react";
import { Header } from "@codegouvfr/react-dsfr/Header";
import { Footer } from "@codegouvfr/react-dsfr/Footer";
import { ROLE_LABELS, type RoleName } from "../domain/permissions.ts";

type ShellUser = { firstName: string; lastName: string; roles: RoleName[] } | null;

export function AppShell({ user, mailboxVisible, children }: { user: ShellUser; mailboxVisible: boolean; children: ReactNode }) {
  const { pathname } = useLocation();
  const navigation = user
    ? [
        { text: "Accueil", linkProps: { to: "/" }, isActive: pathname === "/" },
        { text: "Établissements", linkProps: { to: "/etablissements" }, isActive: pathname.startsWith("/etablissements") },
        { text: "Lettres de mission", linkProps: { to: "/lettres" }, isActive: pathname === "/lettres" || /^\/lettres\/(?!suivi)/.test(pathname) },
        { text: "Formations", linkProps: { to: "/formations" }, isActive: pathname.startsWith("/formations") },
        ...(user.roles.includes("RUPN") ? [{ text: "Mes bilans", linkProps: { to: "/bilans" }, isActive: pathname.startsWith("/bilans") }] : []),
        ...(user.roles.includes("DANE") || user.roles.includes("ADMIN")
          ? [{ text: "Campagnes", linkProps: { to: "/campagnes" }, isActive: pathname.startsWith("/campagnes") }]
          : []),
        ...(user.roles.includes("DANE") || user.roles.includes("ADMIN")
          ? [{ text: "Questionnaires", linkProps: { to: "/questionnaires" }, isActive: pathname.startsWith("/questionnaires") }]
          : []),
        ...(user.roles.includes("DANE") || user.roles.includes("RECTORAT") || user.roles.includes("ADMIN")
          ? [{ text: "Tableaux de bord", linkProps: { to: "/tableaux-de-bord" }, isActive: pathname.startsWith("/tableaux-de-bord") }]
          : []),
        ...(user.roles.includes("DANE") || user.roles.includes("ADMIN")
          ? [{ text: "Imports", linkProps: { to: "/imports" }, isActive: pathname.startsWith("/imports") }]
          : []),
        ...(user.roles.some((r) => r === "DANE" || r === "RECTORAT" || r === "ADMIN")
          ? [
              { text: "Règles IMP", linkProps: { to: "/imp/regles" }, isActive: pathname.startsWith("/imp/regles") },
              { text: "Suivi des lettres", linkProps: { to: "/lettres/suivi" }, isActive: pathname.startsWith("/lettres/suivi") },
            ]
          : []),
        ...(user.roles.includes("DANE") || user.roles.includes("ADMIN")
          ? [
              { text: "Données personnelles", linkProps: { to: "/personnes" }, isActive: pathname.startsWith("/personnes") || pathname.startsWith("/journal-des-acces") },
              { text: "Jetons d'API", linkProps: { to: "/api-jetons" }, isActive: pathname.startsWith("/api-jetons") },
            ]
          : []),
        ...(user.roles.includes("NATIONAL") || user.roles.includes("ADMIN")
          ? [{ text: "Vue nationale", linkProps: { to: "/national" }, isActive: pathname.startsWith("/national") }]
          : []),
        ...(user.roles.includes("ADMIN")
          ? [{ text: "Comptes", linkProps: { to: "/administration/comptes" }, isActive: pathname.startsWith("/administration/comptes") }]
          : []),
        ...(mailboxVisible
          ? [{ text: "Boîte mail locale", linkProps: { to: "/boite-mail" }, isActive: pathname.startsWith("/boite-mail") }]
          : []),
      ]
    : mailboxVisible
      ? [{ text: "Boîte mail locale (démo)", linkProps: { to: "/boite-mail" }, isActive: pathname.startsWith("/boite-mail") }]
      : undefined;
  return (
    <>
      <Header
        brandTop={
          <>
            Ministère
            <br />
            de l'Éducation
            <br />
            nationale
          </>
        }
        serviceTitle="Plateforme RUPN"
        serviceTagline="Référents pour les ressources et usages pédagogiques numériques"
        homeLinkProps={{ to: "/", title: "Accueil — Plateforme RUPN" }}
        navigation={navigation}
        quickAccessItems={
          user
            ? [
                {
                  iconId: "fr-icon-account-circle-line",
                  text: `${user.firstName} ${user.lastName} (${user.roles.map((r) => ROLE_LABELS[r]).join(", ")})`,
                  linkProps: { to: "/" },
                },
                {
                  iconId: "fr-icon-logout-box-r-line",
                  text: "Se déconnecter",
                  buttonProps: { type: "submit", form: "logout-form" },
                },
              ]
            : [{ iconId: "fr-icon-lock-line", text: "Se connecter", linkProps: { to: "/connexion" } }]
        }
      />
      {user ? <Form method="post" action="/deconnexion" id="logout-form" hidden /> : null}
      <main id="contenu" className="fr-container rupn-main fr-pb-7w" tabIndex={-1}>
        {children}
      </main>
      <Footer
        accessibility="partially compliant"
        contentDescription="La Plateforme RUPN relie les lettres de mission, les bilans annuels et les formations des référents numériques de chaque établissement."
        bottomItems={[{ text: "Données personnelles", linkProps: { to: "/donnees-personnelles" } }]}
      />
    </>
  );
}
