import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { z } from "../domain/zod-fr.ts";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { getActor } from "../auth/guards.server.ts";
import { requestSignInLink, SignInError } from "../auth/sign-in.server.ts";
import { mailboxIsPublic } from "../services/mailbox-access.server.ts";
import { publicOrigin } from "../auth/origin.server.ts";
import { emailLinkSignInEnabled, proConnectConfig } from "../auth/proconnect-config.server.ts";
import { ProConnectButton } from "@codegouvfr/react-dsfr/ProConnectButton";

export const meta: MetaFunction = () => [{ title: "Connexion — Plateforme RUPN" }];

const schema = z.object({
  email: z
    .string({ error: "Indiquez votre adresse électronique." })
    .trim()
    .min(1, "Indiquez votre adresse électronique.")
    .max(254, "Adresse électronique trop longue.")
    .pipe(z.email({ error: "Adresse électronique invalide (exemple : prenom.nom@ac-academie.fr)." })),
});

export async function loader({ request }: LoaderFunctionArgs) {
  if (await getActor(request)) throw redirect("/");
  const redirection = new URL(request.url).searchParams.get("redirection");
  return {
    proConnect: proConnectConfig() ? `/connexion/proconnect${redirection ? `?redirection=${encodeURIComponent(redirection)}` : ""}` : null,
    emailLink: emailLinkSignInEnabled(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (!emailLinkSignInEnabled()) {
    return data({ ok: false as const, error: "La connexion par lien reçu par courriel est désactivée : utilisez ProConnect." }, { status: 403 });
  }
  // A body that is not a form (another content type, a broken encoding) is a bad request, not a server error.
  const form = await request.formData().catch(() => null);
  if (!form) return data({ ok: false as const, error: "Le formulaire envoyé est illisible : rechargez la page et recommencez." }, { status: 400 });
  const parsed = schema.safeParse({ email: form.get("email") });
  if (!parsed.success) {
    return data({ ok: false as const, error: parsed.error.issues[0].message }, { status: 400 });
  }
  try {
    await requestSignInLink({ email: parsed.data.email, ip: context.clientIp, origin: publicOrigin(request) });
  } catch (error) {
    if (error instanceof SignInError) return data({ ok: false as const, error: error.message }, { status: error.status });
    throw error;
  }
  return { ok: true as const, email: parsed.data.email, demo: mailboxIsPublic(context) };
}

export default function SignIn() {
  const result = useActionData<typeof action>();
  const methods = useLoaderData<typeof loader>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const expired = params.get("motif") === "expire";
  return (
    <div className="fr-grid-row fr-grid-row--center fr-my-7w">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Connexion</h1>
        {expired ? (
          <Alert severity="warning" small description="Votre session a expiré : reconnectez-vous." className="fr-mb-3w" />
        ) : null}
        {methods.proConnect && !result?.ok ? (
          <div className="fr-mb-5w">
            <h2 className="fr-h5">Avec votre compte professionnel</h2>
            <ProConnectButton url={methods.proConnect} />
          </div>
        ) : null}
        {!methods.emailLink ? null : result?.ok ? (
          <Alert
            severity="success"
            as="h2"
            title="Vérifiez votre messagerie"
            description={
              <>
                Si un compte existe pour {result.email}, un lien de connexion vient d'y être envoyé. Il est valable 15
                minutes et ne sert qu'une fois.
                {result.demo ? (
                  <>
                    {" "}
                    En démonstration, ouvrez la <Link to="/boite-mail">boîte mail locale</Link>.
                  </>
                ) : null}
              </>
            }
          />
        ) : (
          <Form method="post" noValidate>
            {methods.proConnect ? <h2 className="fr-h5">Ou avec un lien reçu par courriel</h2> : null}
            <p>Saisissez votre adresse électronique académique : vous recevrez un lien pour vous connecter, sans mot de passe.</p>
            <Input
              label="Adresse électronique"
              hintText="Format attendu : prenom.nom@ac-academie.fr"
              state={result && !result.ok ? "error" : "default"}
              stateRelatedMessage={result && !result.ok ? result.error : undefined}
              nativeInputProps={{ type: "email", name: "email", autoComplete: "email", required: true }}
            />
            <button className="fr-btn" type="submit" disabled={navigation.state !== "idle"}>
              Recevoir un lien de connexion
            </button>
          </Form>
        )}
      </div>
    </div>
  );
}
