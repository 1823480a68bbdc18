import type { LoaderFunctionArgs } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getActor, currentSchoolYearId } from "../auth/guards.server.ts";
import { roleNames } from "../domain/permissions.ts";
import { academyNames, countByType, myEstablishments } from "../services/establishments.server.ts";
import { mailboxIsPublic } from "../services/mailbox-access.server.ts";
import { ESTABLISHMENT_TYPE_LABELS, formatCount } from "../domain/labels.ts";
import { workQueue } from "../services/work-queue.server.ts";
import { AcademyWorkQueue, ChefWorkQueue, RupnWorkQueue } from "../components/WorkQueue.tsx";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const actor = await getActor(request);
  if (!actor) return { kind: "anonymous" as const, demo: mailboxIsPublic(context) };
  const roles = roleNames(actor, currentSchoolYearId());
  const wide = roles.includes("DANE") || roles.includes("RECTORAT") || roles.includes("ADMIN");
  const [mine, byType, academies, queue] = await Promise.all([
    myEstablishments(actor),
    wide ? countByType(actor) : Promise.resolve([]),
    academyNames(actor),
    workQueue(actor),
  ]);
  return {
    kind: "signed-in" as const,
    firstName: actor.firstName,
    roles,
    schoolYearId: currentSchoolYearId(),
    academies,
    byType,
    queue,
    establishments: mine.map((e) => ({
      uai: e.uai,
      name: e.name,
      type: e.type,
      commune: e.commune,
      pupilCount: e.years[0]?.pupilCount ?? null,
      referents: e.roles.map((r) => `${r.user.firstName} ${r.user.lastName}`),
    })),
  };
}

export default function Home() {
  const data = useLoaderData<typeof loader>();
  if (data.kind === "anonymous") {
    return (
      <div className="fr-my-7w">
        <h1>Plateforme RUPN</h1>
        <p className="fr-text--lead">
          Lettres de mission, bilans annuels et formations des référents pour les ressources et usages pédagogiques
          numériques, reliés à chaque établissement.
        </p>
        <Link className="fr-btn" to="/connexion">
          Se connecter
        </Link>
        {data.demo ? (
          <div className="fr-alert fr-alert--info fr-mt-4w">
            <h2 className="fr-alert__title">Mode démonstration</h2>
            <p>
              Aucun serveur de messagerie n'est configuré : après avoir demandé un lien de connexion, ouvrez la{" "}
              <Link to="/boite-mail">boîte mail locale</Link> pour le suivre. Les comptes de démonstration sont listés
              dans le README.
            </p>
          </div>
        ) : null}
      </div>
    );
  }
  const wide = data.roles.some((r) => r === "DANE" || r === "RECTORAT" || r === "ADMIN");
  return (
    <div className="fr-my-5w">
      <h1>Bonjour {data.firstName}</h1>
      <p>Année scolaire {data.schoolYearId}</p>
      {data.queue.academy ? <AcademyWorkQueue queue={data.queue.academy} /> : null}
      {data.queue.chef?.length ? <ChefWorkQueue queue={data.queue.chef} /> : null}
      {data.queue.rupn ? <RupnWorkQueue queue={data.queue.rupn} /> : null}
      {data.roles.includes("NATIONAL") ? (
        <section className="fr-mb-5w" aria-labelledby="national-title">
          <h2 id="national-title">Vue nationale</h2>
          <p>
            Comparez les académies : charge des référents (assistance et accompagnement pédagogique), participation aux
            bilans, enveloppes et attributions d'IMP, d'une année sur l'autre. Les effectifs de moins de 5 référents sont
            masqués ; aucune donnée personnelle n'est affichée.
          </p>
          <Link className="fr-btn" to="/national">
            Ouvrir la vue nationale
          </Link>
        </section>
      ) : null}
      {wide ? (
        <section className="fr-mb-5w" aria-labelledby="academy-title">
          <h2 id="academy-title">
            {data.roles.includes("ADMIN") ? "Tous les établissements" : `Académie de ${data.academies.join(", ")}`}
          </h2>
          <ul>
            {data.byType.map((t) => (
              <li key={t.type}>
                {ESTABLISHMENT_TYPE_LABELS[t.type]} : {formatCount(t.count)}
              </li>
            ))}
          </ul>
          <Link className="fr-btn" to="/etablissements">
            Rechercher un établissement
          </Link>
        </section>
      ) : null}
      {data.establishments.length > 0 ? (
        <section aria-labelledby="mine-title">
          <h2 id="mine-title">{data.roles.includes("CHEF") ? "Mes établissements et leurs référents" : "Mon établissement"}</h2>
          <div className="fr-grid-row fr-grid-row--gutters">
            {data.establishments.map((e) => (
              <div className="fr-col-12 fr-col-md-6" key={e.uai}>
                <div className="fr-card fr-enlarge-link">
                  <div className="fr-card__body">
                    <div className="fr-card__content">
                      <h3 className="fr-card__title">
                        <Link to={`/etablissements/${e.uai}`}>{e.name}</Link>
                      </h3>
                      <p className="fr-card__desc">
                        {ESTABLISHMENT_TYPE_LABELS[e.type]} · {e.commune ?? "commune inconnue"} · UAI {e.uai} ·{" "}
                        {formatCount(e.pupilCount)} élèves
                      </p>
                      <p className="fr-card__detail">
                        Référents {data.schoolYearId} : {e.referents.length ? e.referents.join(", ") : "aucun désigné"}
                      </p>
                    </div>
                  </div>
                </div>
              </div>
            ))}
          </div>
        </section>
      ) : !wide && !data.roles.includes("NATIONAL") ? (
        <p>Aucun établissement ne vous est rattaché pour l'année {data.schoolYearId}.</p>
      ) : null}
      {data.establishments.length > 0 && (data.roles.includes("CHEF") || data.roles.includes("RUPN")) ? (
        <p className="fr-mt-3w">
          <Link className="fr-btn fr-btn--secondary" to="/lettres">
            Lettres de mission {data.schoolYearId}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
