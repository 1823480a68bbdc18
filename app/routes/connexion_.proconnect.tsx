// Starts a ProConnect sign-in: remembers state, nonce and PKCE verifier in a short signed cookie, then sends the
// browser to the provider. When the provider cannot be reached, a French page says so (the email link still works).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { getActor, notFound } from "../auth/guards.server.ts";
import { emailLinkSignInEnabled, proConnectConfig } from "../auth/proconnect-config.server.ts";
import { ProConnectError, startProConnectSignIn } from "../auth/proconnect.server.ts";
import { ProConnectNoticePage } from "../components/ProConnectNotice.tsx";

export const meta: MetaFunction = () => [{ title: "Connexion avec ProConnect — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  if (!proConnectConfig()) notFound("La connexion avec ProConnect n'est pas activée sur cette plateforme.");
  if (await getActor(request)) throw redirect("/");
  try {
    const { url, cookie } = await startProConnectSignIn(request, new URL(request.url).searchParams.get("redirection"));
    throw redirect(url, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  } catch (error) {
    if (!(error instanceof ProConnectError)) throw error;
    console.error(`ProConnect indisponible : ${error.detail ?? error.message}`);
    return data(
      { notice: { kind: "error" as const, message: error.message, emailLink: emailLinkSignInEnabled() } },
      { status: error.status },
    );
  }
}

export default function ProConnectStart() {
  const { notice } = useLoaderData<typeof loader>();
  return <ProConnectNoticePage notice={notice} />;
}
