import { useEffect } from "react";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { startReactDsfr } from "@codegouvfr/react-dsfr/spa";
import { setLink } from "@codegouvfr/react-dsfr/link";
import dsfrCss from "@codegouvfr/react-dsfr/dsfr/dsfr.min.css?url";
import iconsCss from "@codegouvfr/react-dsfr/dsfr/utility/icons/icons.min.css?url";
import faviconSvg from "@codegouvfr/react-dsfr/favicon/favicon.svg?url";
import faviconIco from "@codegouvfr/react-dsfr/favicon/favicon.ico?url";
import appleTouchIcon from "@codegouvfr/react-dsfr/favicon/apple-touch-icon.png?url";
import marianneRegular from "@codegouvfr/react-dsfr/dsfr/fonts/Marianne-Regular.woff2?url";
import marianneBold from "@codegouvfr/react-dsfr/dsfr/fonts/Marianne-Bold.woff2?url";
import appCss from "./styles/app.css?url";
import { useNonce } from "./nonce.tsx";
import { AppShell } from "./components/AppShell.tsx";
import { DsfrLink } from "./components/DsfrLink.tsx";
import { getActor, currentSchoolYearId } from "./auth/guards.server.ts";
import { roleNames } from "./domain/permissions.ts";
import { mailboxIsPublic } from "./services/mailbox-access.server.ts";

declare module "@codegouvfr/react-dsfr/spa" {
  interface RegisterLink {
    Link: typeof DsfrLink;
  }
}

// The cast bridges react-dsfr's registered-link typing and a forwardRef component.
setLink({ Link: DsfrLink as never });

export const links: LinksFunction = () => [
  { rel: "preload", href: marianneRegular, as: "font", type: "font/woff2", crossOrigin: "anonymous" },
  { rel: "preload", href: marianneBold, as: "font", type: "font/woff2", crossOrigin: "anonymous" },
  { rel: "stylesheet", href: dsfrCss },
  { rel: "stylesheet", href: iconsCss },
  { rel: "stylesheet", href: appCss },
  { rel: "icon", href: faviconSvg, type: "image/svg+xml" },
  { rel: "shortcut icon", href: faviconIco, type: "image/x-icon" },
  { rel: "apple-touch-icon", href: appleTouchIcon },
];

export const meta: MetaFunction = () => [{ title: "Plateforme RUPN" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  return {
    user: actor
      ? {
          firstName: actor.firstName,
          lastName: actor.lastName,
          roles: roleNames(actor, currentSchoolYearId()),
        }
      : null,
    mailboxVisible: mailboxIsPublic(context) || Boolean(actor?.roles.some((r) => r.role === "ADMIN")),
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

export function Layout({ children }: { children: React.ReactNode }) {
  const nonce = useNonce();
  useEffect(() => {
    // Only after hydration: startReactDsfr rewrites <head>, which would break React's hydration.
    // The nonce context exists only on the server; in the browser, read it back from a script tag
    // (browsers hide the attribute but keep the `nonce` property).
    const pageNonce = (document.querySelector("script[nonce]") as HTMLScriptElement | null)?.nonce || undefined;
    startReactDsfr({ defaultColorScheme: "light", Link: DsfrLink, nonce: pageNonce });
  }, []);
  return (
    <html lang="fr" data-fr-scheme="light" data-fr-theme="light">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useRouteLoaderData<RootData>("root");
  return (
    <AppShell user={data?.user ?? null} mailboxVisible={data?.mailboxVisible ?? false}>
      <Outlet />
    </AppShell>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const data = useRouteLoaderData<RootData>("root");
  let title = "Une erreur est survenue";
  let message = "Le service a rencontré un problème inattendu. Réessayez dans quelques instants ; si le problème persiste, contactez la DANE de votre académie.";
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    const detail = typeof error.data === "string" && error.data ? error.data : null;
    if (status === 404) {
      title = "Page non trouvée";
      message = detail ?? "La page que vous cherchez n'existe pas ou vous n'y avez pas accès.";
    } else if (status === 403) {
      title = "Accès refusé";
      message = detail ?? "Vous n'avez pas les droits nécessaires pour afficher cette page.";
    } else if (status === 400 || status === 422) {
      title = "Requête invalide";
      message = detail ?? message;
    } else if (detail) {
      message = detail;
    }
  } else if (error instanceof Error && process.env.NODE_ENV !== "production") {
    console.error(error);
  }
  return (
    <AppShell user={data?.user ?? null} mailboxVisible={data?.mailboxVisible ?? false}>
      <div className="fr-my-7w">
        <p className="fr-text--sm fr-mb-1w">Erreur {status}</p>
        <h1>{title}</h1>
        <p className="fr-text--lead" data-testid="error-message">
          {message}
        </p>
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <Link className="fr-btn" to="/">
              Retour à l'accueil
            </Link>
          </li>
        </ul>
      </div>
    </AppShell>
  );
}
