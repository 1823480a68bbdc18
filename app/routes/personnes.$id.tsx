// A person's file (RGPD, ADR 020): everything the platform holds about one person of the académie, its exports,
// the rectification of the identity and the erasure. Opening the file is written to the access log.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Breadcrumb } from "@codegouvfr/react-dsfr/Breadcrumb";
import { requireUser } from "../auth/guards.server.ts";
import { logPersonalDataAccess } from "../services/audit.server.ts";
import { personFile } from "../services/rgpd/person-file.server.ts";
import { erasePerson, rectifyPerson } from "../services/rgpd/erasure.server.ts";
import { rgpdActionError } from "../services/rgpd/http.server.ts";
import { erasureSchema, rectificationSchema } from "../domain/rgpd/identity.ts";
import { PersonFileView } from "../components/rgpd/PersonFileView.tsx";
import { PersonForms } from "../components/rgpd/PersonForms.tsx";

export const meta: MetaFunction = () => [{ title: "Fiche d'une personne — Données personnelles — Plateforme RUPN" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const file = await personFile(actor, params.id ?? "");
  await logPersonalDataAccess(actor.userId, "User", file.account.id, context.clientIp ?? null);
  return { file, self: file.account.id === actor.userId };
}

type ActionResult = { ok: string | null; error: string | null; field?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const form = Object.fromEntries(await request.formData());
  const ip = context.clientIp ?? null;
  const id = params.id ?? "";
  try {
    if (form.intent === "rectify") {
      const parsed = rectificationSchema.safeParse(form);
      if (!parsed.success) return data<ActionResult>({ ok: null, error: parsed.error.issues[0].message, field: String(parsed.error.issues[0].path[0] ?? "") }, { status: 422 });
      const { changed } = await rectifyPerson(actor, id, parsed.data, ip);
      const labels = { firstName: "prénom", lastName: "nom", email: "adresse électronique" } as const;
      return data<ActionResult>({ ok: `Identité corrigée (${changed.map((c) => labels[c]).join(", ")}).`, error: null });
    }
    if (form.intent === "erase") {
      const parsed = erasureSchema.safeParse(form);
      if (!parsed.success) return data<ActionResult>({ ok: null, error: parsed.error.issues[0].message, field: String(parsed.error.issues[0].path[0] ?? "") }, { status: 422 });
      await erasePerson(actor, id, parsed.data.reason, ip);
      // The file may leave the académie's scope (its roles are gone): back to the search, with the outcome.
      return redirect("/personnes?effacement=fait");
    }
    return data<ActionResult>({ ok: null, error: "Action inconnue : rechargez la page." }, { status: 400 });
  } catch (error) {
    return rgpdActionError(error);
  }
}

export default function Person() {
  const { file, self } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>() as ActionResult | undefined;
  const erased = file.account.erasedAt !== null;
  const name = erased ? "Personne effacée" : `${file.account.firstName} ${file.account.lastName}`;
  return (
    <div className="fr-my-3w">
      <Breadcrumb currentPageLabel={name} segments={[{ label: "Données personnelles", linkProps: { to: "/personnes" } }]} />
      <h1>{name}</h1>
      {result?.ok ? <Alert severity="success" as="h2" small description={result.ok} className="fr-mb-3w" /> : null}
      {result?.error ? <Alert severity="error" as="h2" small description={result.error} className="fr-mb-3w" /> : null}
      <p>
        Tout ce que la plateforme conserve sur cette personne{erased ? "" : ` (${file.account.email})`} dans votre périmètre.
        Votre consultation est inscrite au journal des accès.
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        <li>
          <a className="fr-btn fr-btn--secondary" href={`/personnes/${file.account.id}/export.json`} download>
            Exporter (JSON)
          </a>
        </li>
        <li>
          <a className="fr-btn fr-btn--secondary" href={`/personnes/${file.account.id}/export.xlsx`} download>
            Exporter (tableur XLSX)
          </a>
        </li>
      </ul>
      <PersonFileView file={file} />
      {erased || self ? null : <PersonForms account={file.account} field={result?.error ? result.field : undefined} />}
    </div>
  );
}
