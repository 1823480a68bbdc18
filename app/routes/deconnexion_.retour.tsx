// Where ProConnect sends the browser back after logging out at the provider.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { checkLogoutReturn, clearLogoutCookie } from "../auth/proconnect.server.ts";

export const meta: MetaFunction = () => [{ title: "Déconnexion — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const headers = { "Set-Cookie": await clearLogoutCookie(), "Cache-Control": "no-store" };
  // Without the state of a logout started here, this is not a return from ProConnect: nothing to confirm.
  if (!(await checkLogoutReturn(request))) throw redirect("/", { headers });
  return data(null, { headers });
}

export default function LogoutReturn() {
  return (
    <div className="fr-grid-row fr-grid-row--center fr-my-7w">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Vous êtes déconnecté·e</h1>
        <Alert
          severity="success"
          as="h2"
          title="Déconnexion terminée"
          description="Votre session sur la Plateforme RUPN est fermée, ainsi que votre session ProConnect."
          className="fr-mb-3w"
        />
        <Link className="fr-btn" to="/connexion">
          Se reconnecter
        </Link>
      </div>
    </div>
  );
}
