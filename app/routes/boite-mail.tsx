import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { notFound, requireRole } from "../auth/guards.server.ts";
import { mailboxIsPublic } from "../services/mailbox-access.server.ts";
import { localMailbox } from "../services/outbox.server.ts";

export const meta: MetaFunction = () => [{ title: "Boîte mail locale — Plateforme RUPN" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  // With a real SMTP server, mails leave the platform: nothing to show, except on the demo database when
  // MAILBOX_PUBLIC=1 asks for a copy (the end-to-end suite).
  if (process.env.SMTP_URL && !mailboxIsPublic(context)) notFound();
  if (!mailboxIsPublic(context)) await requireRole(request, ["ADMIN"]);
  const messages = await localMailbox(50);
  return { smtp: Boolean(process.env.SMTP_URL), messages: messages.map((m) => ({ ...m, createdAt: m.createdAt.toISOString() })) };
}

const STATUS = { PENDING: "en attente", SENT: "distribué", FAILED: "en échec" } as const;

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
          </div>
        </article>
      ))}
    </div>
  );
}
