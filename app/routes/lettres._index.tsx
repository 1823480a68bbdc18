import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { requireUser } from "../auth/guards.server.ts";
import { roleNames } from "../domain/permissions.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { LetterError, myLetters, openLetter } from "../services/mission-letters.server.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../domain/labels.ts";
import { LETTER_STATUS_LABELS } from "../domain/letter-status.ts";

export const meta: MetaFunction = () => [{ title: "Lettres de mission — Plateforme RUPN" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const actor = await requireUser(request);
  const roles = roleNames(actor, currentSchoolYearId());
  const mine = await myLetters(actor);
  return { ...mine, reviewer: roles.some((r) => r === "DANE" || r === "RECTORAT" || r === "ADMIN"), chef: roles.includes("CHEF") };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = await requireUser(request);
  const form = await request.formData();
  const establishmentId = String(form.get("establishmentId") ?? "");
  if (!establishmentId) return data({ error: "Établissement non précisé." }, { status: 400 });
  try {
    const id = await openLetter(actor, establishmentId, context.clientIp ?? null);
    return redirect(`/lettres/${id}`);
  } catch (error) {
    if (error instanceof LetterError) {
      if (error.status === 404) throw new Response(error.message, { status: 404 });
      return data({ error: error.message }, { status: error.status });
    }
    throw error;
  }
}

const SEVERITY = { DRAFT: "info", SUBMITTED: "new", SIGNED: "warning", VALIDATED: "success" } as const;

export default function Letters() {
  const d = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="fr-my-3w">
      <h1>Lettres de mission</h1>
      <p className="fr-text--lead">
        La lettre de mission désigne les référents RUPN de l'établissement, répartit leurs missions et fixe leur reconnaissance (IMP ou allègement de service). Année scolaire {d.schoolYearId}.
      </p>
      {result && "error" in result ? <Alert severity="error" small className="fr-mb-3w" description={result.error} /> : null}
      {d.reviewer ? (
        <Alert
          severity="info"
          small
          className="fr-mb-3w"
          description={<>Pour suivre les lettres de toute l'académie, les valider ou relancer les établissements, ouvrez le <Link to="/lettres/suivi">suivi des lettres de mission</Link>.</>}
        />
      ) : null}
      {d.establishments.length === 0 ? (
        d.reviewer ? null : <p>Vous n'êtes chef d'établissement ni référent d'aucun établissement cette année.</p>
      ) : (
        <ul className="fr-raw-list">
          {d.establishments.map((e) => {
            const current = e.missionLetters.find((l) => l.schoolYearId === d.schoolYearId);
            const past = e.missionLetters.filter((l) => l.schoolYearId !== d.schoolYearId);
            return (
              <li key={e.id} className="fr-card fr-card--no-arrow fr-mb-3w">
                <div className="fr-card__body">
                  <div className="fr-card__content">
                    <h2 className="fr-card__title fr-h5">{e.name}</h2>
                    <p className="fr-card__desc">
                      {ESTABLISHMENT_TYPE_LABELS[e.type]}{e.commune ? ` — ${e.commune}` : ""} — UAI {e.uai}
                    </p>
                    <p className="fr-mt-1w">
                      Lettre {d.schoolYearId} :{" "}
                      {current ? (
                        <Badge as="span" severity={SEVERITY[current.status]} small noIcon>{LETTER_STATUS_LABELS[current.status]}</Badge>
                      ) : (
                        <Badge as="span" small noIcon>Non commencée</Badge>
                      )}
                    </p>
                    {current ? (
                      <Link className="fr-btn fr-mt-1w" to={`/lettres/${current.id}`}>
                        Ouvrir la lettre {d.schoolYearId}
                        <span className="fr-sr-only"> de {e.name}</span>
                      </Link>
                    ) : (
                      <Form method="post" className="fr-mt-1w">
                        <input type="hidden" name="establishmentId" value={e.id} />
                        <button className="fr-btn" type="submit">
                          Commencer la lettre {d.schoolYearId}
                          <span className="fr-sr-only"> de {e.name}</span>
                        </button>
                        {past.length ? <p className="fr-text--sm fr-mt-1w">Elle sera préremplie avec la lettre {past[0].schoolYearId}.</p> : null}
                      </Form>
                    )}
                    {past.length ? (
                      <p className="fr-text--sm fr-mt-2w">
                        Années précédentes :{" "}
                        {past.map((l, i) => (
                          <span key={l.id}>
                            {i ? ", " : ""}
                            <Link to={`/lettres/${l.id}`}>{l.schoolYearId} ({LETTER_STATUS_LABELS[l.status].toLowerCase()})</Link>
                          </span>
                        ))}
                      </p>
                    ) : null}
                  </div>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
