import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { badRequest, requireRole } from "../auth/guards.server.ts";
import { emailLinkSignInEnabled } from "../auth/proconnect-config.server.ts";
import { accountDetail, unlinkIdentity } from "../services/accounts-admin.server.ts";
import { DataTable } from "../components/DataTable.tsx";
import { ROLE_LABELS } from "../domain/permissions.ts";
import { formatDateTime } from "../domain/campaigns.ts";

export const meta: MetaFunction = () => [{ title: "Compte — Administration — Plateforme RUPN" }];

const METHOD_LABELS: Record<string, string> = { "email-link": "Lien par courriel", proconnect: "ProConnect" };

export async function loader({ request, params }: LoaderFunctionArgs) {
  const actor = await requireRole(request, ["ADMIN"]);
  const detail = await accountDetail(actor, params.id ?? "");
  const { user } = detail;
  return {
    emailLink: emailLinkSignInEnabled(),
    user: { id: user.id, name: `${user.firstName} ${user.lastName}`, email: user.email, createdAt: user.createdAt.toISOString() },
    roles: user.roles.map((r) => ({
      id: r.id,
      label: ROLE_LABELS[r.role],
      where: [r.establishment ? `${r.establishment.name} (${r.establishment.uai})` : null, r.academy.name, r.schoolYearId].filter(Boolean).join(" — "),
    })),
    identities: user.identities.map((i) => ({
      id: i.id,
      idpId: i.idpId,
      uid: i.uid,
      siret: i.siret,
      linkEmail: i.linkEmail,
      lastEmail: i.lastEmail,
      createdAt: i.createdAt.toISOString(),
      lastUsedAt: i.lastUsedAt?.toISOString() ?? null,
    })),
    signIns: detail.signIns.map((s) => ({ id: s.id, at: s.createdAt.toISOString(), method: METHOD_LABELS[s.method] ?? s.method, ip: s.ip })),
    openSessions: detail.openSessions.map((s) => ({ method: METHOD_LABELS[s.method] ?? s.method, count: s.count })),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireRole(request, ["ADMIN"]);
  const form = await request.formData();
  if (form.get("intent") !== "unlink") badRequest("Action inconnue.");
  const identityId = String(form.get("identityId") ?? "");
  if (!identityId) badRequest("Indiquez l'identité à délier.");
  await unlinkIdentity(actor, params.id ?? "", identityId, context.clientIp);
  return data({ message: "L'identité ProConnect a été déliée ; les sessions ouvertes avec elle sont fermées." });
}

export default function Account() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="fr-my-5w">
      <p>
        <Link to="/administration/comptes">Tous les comptes</Link>
      </p>
      <h1>{d.user.name}</h1>
      <p>
        {d.user.email} — compte ouvert le {formatDateTime(d.user.createdAt)}
      </p>
      {result?.message ? <Alert severity="success" as="h2" small description={result.message} className="fr-mb-3w" /> : null}

      <h2>Rôles</h2>
      {d.roles.length ? (
        <ul>
          {d.roles.map((r) => (
            <li key={r.id}>
              {r.label} : {r.where}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucun rôle.</p>
      )}

      <h2>Moyens de connexion</h2>
      <ul>
        <li>Lien par courriel : {d.emailLink ? `oui, à ${d.user.email}` : "désactivé sur cette plateforme"}</li>
        <li>
          ProConnect :{" "}
          {d.identities.length
            ? `${d.identities.length} identité${d.identities.length > 1 ? "s" : ""} reliée${d.identities.length > 1 ? "s" : ""}`
            : "aucune identité reliée (la première connexion ProConnect avec cette adresse la reliera)"}
        </li>
        {d.openSessions.map((s) => (
          <li key={s.method}>
            Sessions ouvertes ({s.method}) : {s.count}
          </li>
        ))}
      </ul>

      {d.identities.length ? (
        <DataTable
          caption="Identités ProConnect reliées"
          testId="identities"
          headers={["Fournisseur d'identité", "Identifiant (uid)", "SIRET", "Adresse à la liaison", "Dernière adresse", "Reliée le", "Dernière utilisation", "Action"]}
          rows={d.identities.map((i) => ({
            key: i.id,
            cells: [
              i.idpId,
              i.uid,
              i.siret ?? "—",
              i.linkEmail,
              i.lastEmail,
              formatDateTime(i.createdAt),
              i.lastUsedAt ? formatDateTime(i.lastUsedAt) : "—",
              <Form method="post" key="unlink">
                <input type="hidden" name="intent" value="unlink" />
                <input type="hidden" name="identityId" value={i.id} />
                <button className="fr-btn fr-btn--sm fr-btn--tertiary" type="submit" title={`Délier l'identité ${i.uid} (${i.idpId})`}>
                  Délier
                </button>
              </Form>,
            ],
          }))}
        />
      ) : null}

      <DataTable
        caption="Dernières connexions"
        testId="sign-ins"
        headers={["Date", "Moyen", "Adresse IP"]}
        rows={d.signIns.map((s) => ({ key: s.id, cells: [formatDateTime(s.at), s.method, s.ip ?? "—"] }))}
      />
      {d.signIns.length === 0 ? <p>Aucune connexion enregistrée.</p> : null}
    </div>
  );
}
