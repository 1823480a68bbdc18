import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { consumeSignInToken, inspectSignInToken, SignInError } from "../auth/sign-in.server.ts";
import { createSession } from "../auth/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Connexion — Plateforme RUPN" }];

// Opening the link only shows a button: mail scanners that prefetch links must not burn the token.
export async function loader({ request }: LoaderFunctionArgs) {
  const token = new URL(request.url).searchParams.get("jeton") ?? "";
  try {
    const row = await inspectSignInToken(token);
    return { ok: true as const, token, email: row.email };
  } catch (error) {
    if (error instanceof SignInError) return data({ ok: false as const, error: error.message }, { status: error.status });
    throw error;
  }
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const token = String(form.get("jeton") ?? "");
  try {
    const userId = await consumeSignInToken(token, context.clientIp);
    throw redirect("/", { headers: { "Set-Cookie": await createSession(userId) } });
  } catch (error) {
    if (error instanceof SignInError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
}

export default function VerifySignIn() {
  const loaded = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const error = acted?.error ?? (loaded.ok ? null : loaded.error);
  return (
    <div className="fr-grid-row fr-grid-row--center fr-my-7w">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Connexion</h1>
        {error ? (
          <>
            <Alert severity="error" as="h2" title="Connexion impossible" description={error} className="fr-mb-3w" />
            <Link className="fr-btn" to="/connexion">
              Demander un nouveau lien
            </Link>
          </>
        ) : loaded.ok ? (
          <Form method="post">
            <p>Vous allez vous connecter en tant que {loaded.email}.</p>
            <input type="hidden" name="jeton" value={loaded.token} />
            <button className="fr-btn" type="submit">
              Se connecter
            </button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}
