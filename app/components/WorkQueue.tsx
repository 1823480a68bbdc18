// The work queues of the home page (issue 16, item 11): what waits for the reader, each item linked to where it
// is done. Dates arrive as ISO strings from the loader and are shown in Paris time.
import { Link } from "@remix-run/react";
import { formatDate, formatDateTime, CAMPAIGN_STATE_LABELS } from "../domain/campaigns.ts";
import { formatCount } from "../domain/labels.ts";
import { formatShare } from "../domain/dashboards/workload.ts";
import { LETTER_STATUS_LABELS } from "../domain/letter-status.ts";
import { SESSION_ATTENTION_LABELS, type NextStep } from "../domain/work-queue.ts";

type Listed<T> = { total: number; items: T[] };
type LetterItem = { id: string; schoolYearId: string; signedAt: Date | string | null; returnedAt: Date | string | null; returnComment: string | null; establishment: { uai: string; name: string } };
export type AcademyQueue = {
  lettersToValidate: Listed<LetterItem>;
  lettersReturned: Listed<LetterItem>;
  campaigns: { id: string; title: string; academyName: string; schoolYearId: string; state: "upcoming" | "open" | "closed"; opensAt: Date | string; closesAt: Date | string; invited: number; submitted: number; rate: number | null; manageable: boolean }[];
  trainings: Listed<{ id: string; startsAt: Date | string; capacity: number; registered: number; waitlisted: number; attention: keyof typeof SESSION_ATTENTION_LABELS; course: { id: string; title: string } }>;
  failedMails: Listed<{ id: string; recipient: string; subject: string; lastError: string | null; createdAt: Date | string }>;
};
export type ChefQueue = { uai: string; name: string; schoolYearId: string; letter: { id: string; status: keyof typeof LETTER_STATUS_LABELS; returnComment: string | null; validatedAt: Date | string | null } | null; next: NextStep }[];
export type RupnQueue = {
  bilans: { campaignId: string; title: string; closesAt: Date | string; establishment: { id: string; uai: string; name: string }; responseId: string | null; started: boolean }[];
  trainings: { id: string; status: "REGISTERED" | "WAITLISTED" | "CANCELLED"; startsAt: Date | string; courseId: string; title: string }[];
};

const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n > 1 ? many : one}`;

function More({ shown, total, to, label }: { shown: number; total: number; to: string; label: string }) {
  return total > shown ? (
    <p className="fr-text--sm">
      {formatCount(shown)} sur {formatCount(total)} affichés. <Link to={to}>{label}</Link>
    </p>
  ) : null;
}

function Queue({ id, title, count, empty, children }: { id: string; title: string; count: number; empty: string; children: React.ReactNode }) {
  return (
    <section className="fr-col-12 fr-col-lg-6" aria-labelledby={`${id}-title`} data-testid={`queue-${id}`}>
      <div className="fr-p-3w rupn-queue" style={{ border: "1px solid var(--border-default-grey)", height: "100%" }}>
        <h3 id={`${id}-title`} className="fr-h5">
          {title} <span className="fr-badge fr-badge--sm fr-badge--no-icon fr-ml-1w">{formatCount(count)}</span>
        </h3>
        {count === 0 ? <p className="fr-mb-0">{empty}</p> : children}
      </div>
    </section>
  );
}

export function AcademyWorkQueue({ queue }: { queue: AcademyQueue }) {
  const { lettersToValidate, lettersReturned, campaigns, trainings, failedMails } = queue;
  return (
    <section className="fr-mb-5w" aria-labelledby="todo-title">
      <h2 id="todo-title">À traiter</h2>
      <div className="fr-grid-row fr-grid-row--gutters">
        <Queue id="a-valider" title="Lettres de mission à valider" count={lettersToValidate.total} empty="Aucune lettre signée n'attend de validation.">
          <ul>
            {lettersToValidate.items.map((l) => (
              <li key={l.id}>
                <Link to={`/lettres/${l.id}`}>{l.establishment.name}</Link> ({l.establishment.uai}) — {l.schoolYearId}, signée le {formatDate(l.signedAt!)}
              </li>
            ))}
          </ul>
          <More shown={lettersToValidate.items.length} total={lettersToValidate.total} to="/lettres/suivi?statut=SIGNED" label="Voir le suivi des lettres" />
        </Queue>
        <Queue id="renvoyees" title="Lettres renvoyées aux établissements" count={lettersReturned.total} empty="Aucune lettre renvoyée n'attend de correction.">
          <ul>
            {lettersReturned.items.map((l) => (
              <li key={l.id}>
                <Link to={`/lettres/${l.id}`}>{l.establishment.name}</Link> ({l.establishment.uai}) — {l.schoolYearId}, renvoyée le {formatDate(l.returnedAt!)}
                {l.returnComment ? <> : « {l.returnComment} »</> : null}
              </li>
            ))}
          </ul>
          <More shown={lettersReturned.items.length} total={lettersReturned.total} to="/lettres/suivi" label="Voir le suivi des lettres" />
        </Queue>
        <Queue id="campagnes" title="Campagnes de bilan en cours" count={campaigns.length} empty="Aucune campagne ouverte ou à venir.">
          <ul>
            {campaigns.map((c) => (
              <li key={c.id}>
                {c.manageable ? <Link to={`/campagnes/${c.id}`}>{c.title}</Link> : c.title} ({c.academyName}) — {CAMPAIGN_STATE_LABELS[c.state].toLowerCase()},{" "}
                {c.state === "upcoming" ? `ouvre le ${formatDate(c.opensAt)}` : `clôture le ${formatDate(c.closesAt)}`} · taux de réponse{" "}
                <strong>{formatShare(c.rate)}</strong> ({formatCount(c.submitted)} sur {plural(c.invited, "invité", "invités")})
              </li>
            ))}
          </ul>
        </Queue>
        <Queue id="formations" title="Sessions de formation à surveiller" count={trainings.total} empty="Aucune session à venir n'est presque complète ni en manque d'inscrits.">
          <ul>
            {trainings.items.map((s) => (
              <li key={s.id}>
                <Link to={`/formations/sessions/${s.id}`}>{s.course.title}</Link>, le {formatDateTime(s.startsAt)} —{" "}
                <strong>{SESSION_ATTENTION_LABELS[s.attention]}</strong> : {formatCount(s.registered)} inscrits pour {plural(s.capacity, "place", "places")}
                {s.waitlisted ? `, ${formatCount(s.waitlisted)} en liste d'attente` : ""}
              </li>
            ))}
          </ul>
          <More shown={trainings.items.length} total={trainings.total} to="/formations" label="Voir le catalogue des formations" />
        </Queue>
        <Queue id="mails-en-echec" title="Messages non distribués" count={failedMails.total} empty="Aucun message en échec.">
          <ul>
            {failedMails.items.map((m) => (
              <li key={m.id}>
                {m.subject} — à {m.recipient}, le {formatDateTime(m.createdAt)}
                {m.lastError ? <span className="fr-text--xs"> ({m.lastError})</span> : null}
              </li>
            ))}
          </ul>
        </Queue>
      </div>
    </section>
  );
}

const NEXT_SEVERITY = { info: "fr-badge--info", warning: "fr-badge--warning", success: "fr-badge--success", new: "fr-badge--new" } as const;

export function ChefWorkQueue({ queue }: { queue: ChefQueue }) {
  return (
    <section className="fr-mb-5w" aria-labelledby="chef-todo-title" data-testid="queue-lettres-etablissements">
      <h2 id="chef-todo-title">Lettres de mission {queue[0]?.schoolYearId}</h2>
      <ul className="fr-raw-list">
        {queue.map((e) => (
          <li key={e.uai} className="fr-mb-2w">
            <strong>{e.name}</strong> ({e.uai}){" "}
            <span className={`fr-badge fr-badge--sm fr-badge--no-icon ${NEXT_SEVERITY[e.next.severity]}`}>
              {e.letter ? (e.letter.returnComment !== null || e.next.severity === "warning" ? "Renvoyée" : LETTER_STATUS_LABELS[e.letter.status]) : "Non commencée"}
            </span>
            <br />
            <span data-testid="next-step">Étape suivante : {e.next.label}</span>
            {e.letter?.returnComment ? <span> Commentaire de la DANE : « {e.letter.returnComment} »</span> : null}{" "}
            <Link to={e.letter ? `/lettres/${e.letter.id}` : "/lettres"}>{e.letter ? "Ouvrir la lettre" : "Aller aux lettres de mission"}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function RupnWorkQueue({ queue }: { queue: RupnQueue }) {
  return (
    <section className="fr-mb-5w" aria-labelledby="rupn-todo-title">
      <h2 id="rupn-todo-title">À faire</h2>
      <div className="fr-grid-row fr-grid-row--gutters">
        <Queue id="bilans" title="Bilans à envoyer" count={queue.bilans.length} empty="Aucun bilan à envoyer pour l'instant.">
          <ul>
            {queue.bilans.map((b) => (
              <li key={`${b.campaignId}/${b.establishment.id}`}>
                {b.title} — {b.establishment.name} : {b.started ? "commencé, pas encore envoyé" : "pas commencé"}, avant le {formatDate(b.closesAt)}.{" "}
                <Link to={b.responseId ? `/bilans/${b.responseId}` : "/bilans"}>{b.started ? "Reprendre" : "Commencer"}</Link>
              </li>
            ))}
          </ul>
        </Queue>
        <Queue id="mes-formations" title="Mes prochaines formations" count={queue.trainings.length} empty="Aucune inscription à venir.">
          <ul>
            {queue.trainings.map((t) => (
              <li key={t.id}>
                <Link to={`/formations/${t.courseId}`}>{t.title}</Link>, le {formatDateTime(t.startsAt)}
                {t.status === "WAITLISTED" ? " (liste d'attente)" : ""}
              </li>
            ))}
          </ul>
        </Queue>
      </div>
      <p className="fr-mt-2w">
        <Link to="/formations">Voir le catalogue des formations</Link>
      </p>
    </section>
  );
}
