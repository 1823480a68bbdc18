// Read API tokens (ADR 021): a DANE creates, lists and revokes its académie's tokens; an administrator any académie's
// and national ones. The clear token appears once, in the answer to its creation, and is never stored.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { z } from "../domain/zod-fr.ts";
import { notFound, requireUser } from "../auth/guards.server.ts";
import { ApiTokenError, createApiToken, listApiTokens, mayManageTokens, revokeApiToken } from "../services/api/tokens.server.ts";
import { API_RESOURCES, API_RESOURCE_LABELS, MAX_TOKEN_DAYS, parisDay } from "../domain/api/tokens.ts";
import { formatDate, formatDateTime } from "../domain/format/fr.ts";
import { DataTable } from "../components/DataTable.tsx";
import { CopyToken } from "../components/CopyToken.tsx";

export const meta: MetaFunction = () => [{ title: "Jetons d'API — Plateforme RUPN" }];

const DAY = 24 * 3600 * 1000;
const isoDay = (d: Date) => parisDay(d);

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  if (!mayManageTokens(actor)) notFound();
  const list = await listApiTokens(actor);
  const now = Date.now();
  return {
    admin: list.admin,
    academies: list.academies,
    defaultExpiry: isoDay(new Date(now + 90 * DAY)),
    minExpiry: isoDay(new Date(now + DAY)),
    maxExpiry: isoDay(new Date(now + MAX_TOKEN_DAYS * DAY)),
    tokens: list.tokens.map((t) => ({
      ...t,
      state: t.revokedAt ? ("revoked" as const) : t.expiresAt.getTime() <= now ? ("expired" as const) : ("active" as const),
      expires: formatDate(t.expiresAt),
      lastUsed: t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "Jamais",
      created: formatDate(t.createdAt),
      revoked: t.revokedAt ? formatDate(t.revokedAt) : null,
    })),
  };
}

const createSchema = z.object({
  name: z.string({ error: "Nom du jeton : texte attendu." }).trim().min(3, "Nom du jeton : 3 caractères au moins (par exemple « Entrepôt de données de l'académie »).").max(100, "Nom du jeton : 100 caractères au plus."),
  scope: z.string({ error: "Portée : choisissez une académie." }).regex(/^[A-Za-z0-9_-]{1,40}$/, "Portée : choisissez une académie dans la liste."),
  resources: z.array(z.enum(API_RESOURCES, { error: "Ressources : choisissez dans la liste." }), { error: "Ressources : cochez au moins une ressource." }).min(1, "Ressources : cochez au moins une ressource.").max(API_RESOURCES.length),
  personalData: z.enum(["oui"], { error: "Données personnelles : case à cocher." }).optional(),
  expiresOn: z.string({ error: "Date d'expiration : une date est attendue." }).regex(/^\d{4}-\d{2}-\d{2}$/, "Date d'expiration : une date est attendue."),
});
const revokeSchema = z.object({ id: z.string({ error: "Jeton manquant : rechargez la page." }).regex(/^[A-Za-z0-9_-]{1,40}$/, "Jeton inconnu : rechargez la page.") });

type ActionResult = { created: { name: string; token: string; expires: string } } | { ok: string } | { error: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  if (!mayManageTokens(actor)) notFound();
  const form = await request.formData();
  const fields: Record<string, unknown> = { ...Object.fromEntries(form), resources: form.getAll("resources") };
  const ip = context.clientIp ?? null;
  try {
    if (fields.intent === "create") {
      const parsed = createSchema.safeParse(fields);
      if (!parsed.success) return data({ error: parsed.error.issues[0].message }, { status: 400 });
      const { personalData, ...input } = parsed.data;
      const created = await createApiToken(actor, { ...input, personalData: personalData === "oui" }, ip);
      return { created: { name: created.name, token: created.token, expires: formatDate(created.expiresAt) } } as ActionResult;
    }
    if (fields.intent === "revoke") {
      const parsed = revokeSchema.safeParse(fields);
      if (!parsed.success) return data({ error: parsed.error.issues[0].message }, { status: 400 });
      const revoked = await revokeApiToken(actor, parsed.data.id, ip);
      return { ok: `Le jeton « ${revoked.name} » est révoqué : il ne donne plus accès à l'API.` } as ActionResult;
    }
  } catch (error) {
    if (error instanceof ApiTokenError) return data({ error: error.message }, { status: error.status });
    throw error;
  }
  return data({ error: "Action inconnue." }, { status: 400 });
}

const STATE_BADGE = {
  active: { label: "Actif", severity: "success" },
  expired: { label: "Expiré", severity: "warning" },
  revoked: { label: "Révoqué", severity: "error" },
} as const;

export default function ApiTokens() {
  const { admin, academies, tokens, defaultExpiry, minExpiry, maxExpiry } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const busy = useNavigation().state !== "idle";
  return (
    <div className="fr-my-3w">
      <h1>Jetons d'API</h1>
      <p className="fr-text--lead">
        Un jeton donne à un outil de l'académie (entrepôt de données, tableur, outil de pilotage) un accès en lecture seule à l'API de la plateforme.
      </p>
      <p>
        Chaque jeton lit les données d'une académie{admin ? " (ou de toutes, pour un jeton national)" : ""}, pour les seules ressources cochées, jusqu'à sa
        date d'expiration. Les noms, adresses électroniques et réponses en texte libre ne sont lus que si le jeton l'autorise. Chaque appel est journalisé.
        Mode d'emploi : <Link to="/api/v1/documentation">documentation de l'API</Link>.
      </p>
      {result && "error" in result ? <Alert severity="error" small className="fr-my-3w" description={result.error} /> : null}
      {result && "ok" in result ? <Alert severity="success" small className="fr-my-3w" description={result.ok} /> : null}
      {result && "created" in result ? (
        <Alert
          severity="success"
          as="h2"
          className="fr-my-3w"
          title={`Jeton « ${result.created.name} » créé, valable jusqu'au ${result.created.expires}`}
          description={<CopyToken token={result.created.token} />}
        />
      ) : null}

      <section className="fr-mt-5w" aria-labelledby="nouveau-jeton">
        <h2 id="nouveau-jeton">Nouveau jeton</h2>
        <Form method="post" className="fr-col-12 fr-col-md-8">
          <input type="hidden" name="intent" value="create" />
          <Input label="Nom du jeton" hintText="À quoi il sert, pour le reconnaître dans la liste (par exemple « Entrepôt de données de l'académie »)." nativeInputProps={{ name: "name", required: true, minLength: 3, maxLength: 100 }} />
          <Select label="Portée" nativeSelectProps={{ name: "scope", required: true }}>
            {academies.map((a) => (
              <option key={a.id} value={a.id}>
                Académie : {a.name}
              </option>
            ))}
            {admin ? <option value="national">Nationale : toutes les académies</option> : null}
          </Select>
          <fieldset className="fr-fieldset" aria-labelledby="ressources-legende">
            <legend className="fr-fieldset__legend--regular fr-fieldset__legend" id="ressources-legende">
              Ressources lisibles
              <span className="fr-hint-text">Cochez seulement ce dont l'outil a besoin.</span>
            </legend>
            {API_RESOURCES.map((r) => (
              <div className="fr-fieldset__element" key={r}>
                <div className="fr-checkbox-group">
                  <input type="checkbox" id={`ressource-${r}`} name="resources" value={r} />
                  <label className="fr-label" htmlFor={`ressource-${r}`}>
                    {API_RESOURCE_LABELS[r]}
                  </label>
                </div>
              </div>
            ))}
          </fieldset>
          <fieldset className="fr-fieldset" aria-labelledby="donnees-legende">
            <legend className="fr-fieldset__legend--regular fr-fieldset__legend" id="donnees-legende">
              Données personnelles
            </legend>
            <div className="fr-fieldset__element">
              <div className="fr-checkbox-group">
                <input type="checkbox" id="donnees-personnelles" name="personalData" value="oui" aria-describedby="donnees-personnelles-aide" />
                <label className="fr-label" htmlFor="donnees-personnelles">
                  Autoriser la lecture des données personnelles
                  <span className="fr-hint-text" id="donnees-personnelles-aide">
                    Noms et adresses des référents et des personnes inscrites, réponses en texte libre. Sans cette case, l'API ne renvoie que des données
                    sans nom.
                  </span>
                </label>
              </div>
            </div>
          </fieldset>
          <Input
            label="Date d'expiration"
            hintText={`Dernier jour de validité, dans ${MAX_TOKEN_DAYS} jours au plus.`}
            nativeInputProps={{ name: "expiresOn", type: "date", required: true, defaultValue: defaultExpiry, min: minExpiry, max: maxExpiry }}
          />
          <button className="fr-btn" type="submit" disabled={busy}>
            Créer le jeton
          </button>
        </Form>
      </section>

      <section className="fr-mt-5w" aria-labelledby="jetons-existants">
        <h2 id="jetons-existants">Jetons</h2>
        {tokens.length === 0 ? (
          <p>Aucun jeton pour le moment.</p>
        ) : (
          <DataTable
            caption="Jetons d'API"
            hideCaption
            testId="api-tokens"
            scrollable
            headers={["Nom", "Début du jeton", "Portée", "Ressources", "Données personnelles", "Expiration", "Dernière utilisation", "Création", "État", "Action"]}
            rows={tokens.map((t) => ({
              key: t.id,
              cells: [
                t.name,
                <code key="p">{t.prefix}…</code>,
                t.academyName ? `Académie : ${t.academyName}` : "Nationale",
                t.resources.map((r) => API_RESOURCE_LABELS[r] ?? r).join(" ; "),
                t.personalData ? "Oui" : "Non",
                t.expires,
                t.lastUsed,
                `${t.created}${t.createdBy ? `, par ${t.createdBy}` : ""}`,
                <span key="s">
                  <Badge as="span" small noIcon severity={STATE_BADGE[t.state].severity}>
                    {STATE_BADGE[t.state].label}
                  </Badge>
                  {t.revoked ? ` le ${t.revoked}${t.revokedBy ? ` par ${t.revokedBy}` : ""}` : null}
                </span>,
                t.state === "revoked" ? (
                  "—"
                ) : (
                  <Form method="post" key="r">
                    <input type="hidden" name="intent" value="revoke" />
                    <input type="hidden" name="id" value={t.id} />
                    <button className="fr-btn fr-btn--sm fr-btn--secondary" type="submit" disabled={busy} title={`Révoquer le jeton « ${t.name} »`}>
                      Révoquer
                    </button>
                  </Form>
                ),
              ],
            }))}
          />
        )}
      </section>
    </div>
  );
}
