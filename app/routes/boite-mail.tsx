import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { requireMailboxAccess } from "../auth/mailbox-guard.server.ts";
import { localMailbox } from "../services/outbox.server.ts";
import { formatCount } from "../domain/labels.ts";

export const meta: MetaFunction = () => [{ title: "Boîte mail locale — Plateforme RUPN" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // With a real SMTP server, mails leave the platform: nothing to show, except on the demo database when
  // MAILBOX_PUBLIC=1 asks for a copy (the end-to-end suite). The attachments' downloads use the same guard.
  await requireMailboxAccess(request, context);
  const messages = await localMailbox(50);
  return { smtp: Boolean(process.env.SMTP_URL), messages: messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) };
}

const STATUS = { PENDING: "en attente", SENT: "distribué", FAILED: "en échec" } as const;

const KINDS: Record<string, string> = {
  "application/pdf": "PDF",
  "text/calendar": "invitation d'agenda (ICS)",
};

function describe(contentType: string, size: number | null) {
  const kind = KINDS[contentType.split(";")[0].trim()] ?? contentType;
  if (size === null) return `${kind}, produit à l'ouverture`;
  return size < 1024 ? `${kind}, ${formatCount(size)} octets` : `${kind}, ${formatCount(Math.round(size / 1024))} Ko`;
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

export default function Mailbox() {
  const { messages, smtp } = useLoaderData<typeof loader>();
  return (
    <div className="fr-my-5w">
      <h1>Boîte mail locale</h1>
      <p>
        {smtp
          ? "Les messages sont distribués par le serveur de messagerie configuré (SMTP_URL) ; une copie est affichée ici sur la base de démonstration."
          : "Aucun serveur de messagerie (SMTP_URL) n'est configuré : les messages envoyés par la plateforme sont conservés ici."}{" "}
        Les 50 plus récents sont affichés.
      </p>
      {messages.length === 0 ? <p>Aucun message.</p> : null}
      {messages.map((m) => (
        <article key={m.id} className="fr-card fr-mb-3w" data-testid="mail">
          <div className="fr-card__body">
            <div className="fr-card__content">
              <h2 className="fr-card__title fr-h6">{m.subject}</h2>
              <p className="fr-card__detail">
                À : <span data-testid="mail-to">{m.recipient}</span> · {new Date(m.createdAt).toLocaleString("fr-FR", { timeZone: "Europe/Paris" })} ·{" "}
                {STATUS[m.status]}
              </p>
              <pre className="fr-card__desc rupn-mail-body">{linkify(m.textBody)}</pre>
            </div>
            {m.attachments.length > 0 ? (
              <div className="fr-card__end" data-testid="mail-attachments">
                <h3 className="fr-text--md fr-mb-1w">
                  {m.attachments.length > 1 ? `${m.attachments.length} pièces jointes` : "1 pièce jointe"}
                </h3>
                <ul className="fr-mb-0">
                  {m.attachments.map((a) => (
                    <li key={a.index}>
                      <a
                        className="fr-link fr-link--download"
                        href={`/boite-mail/${m.id}/pieces-jointes/${a.index}`}
                        download={a.filename}
                      >
                        {a.filename} <span className="fr-link__detail">{describe(a.contentType, a.size)}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              </div>
            ) : null}
          </div>
        </article>
      ))}
    </div>
  );
}
