// The provider's redirect after sign-in: checks everything (state, code, ID token, userinfo), then links or finds the
// account and opens the session in one transaction. Any refusal writes nothing and clears the transient cookie.
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound } from "../auth/guards.server.ts";
import { emailLinkSignInEnabled, proConnectConfig } from "../auth/proconnect-config.server.ts";
import { clearSignInCookie, completeProConnectSignIn, ProConnectError } from "../auth/proconnect.server.ts";
import { signInWithProConnect } from "../services/linked-identities.server.ts";
import { ProConnectNoticePage, type ProConnectNoticeData } from "../components/ProConnectNotice.tsx";

export const meta: MetaFunction = () => [{ title: "Connexion avec ProConnect — Plateforme RUPN" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!proConnectConfig()) notFound("La connexion avec ProConnect n'est pas activée sur cette plateforme.");
  const headers = new Headers({ "Set-Cookie": await clearSignInCookie(), "Cache-Control": "no-store" });
  const emailLink = emailLinkSignInEnabled();
  let notice: ProConnectNoticeData;
  let status = 200;
  try {
    const identity = await completeProConnectSignIn(request);
    const outcome = await signInWithProConnect(identity, context.clientIp);
    if (outcome.kind === "signed-in") {
      headers.append("Set-Cookie", outcome.cookie);
      throw redirect(identity.redirectTo, { headers });
    }
    notice = { ...outcome, emailLink };
    status = 403;
  } catch (error) {
    if (!(error instanceof ProConnectError)) throw error;
    console.warn(`Connexion ProConnect refusée (${error.code}) : ${error.detail ?? error.message}`);
    notice = { kind: "error", message: error.message, emailLink };
    status = error.status;
  }
  return data({ notice }, { status, headers });
}

export default function ProConnectReturn() {
  const { notice } = useLoaderData<typeof loader>();
  return <ProConnectNoticePage notice={notice} />;
}
