// The local mailbox (mails kept in the outbox when no SMTP server is configured) is how demo users get their
// sign-in link. It is open without an account only in demo mode (embedded database) AND to a request from this
// very machine (loopback, not relayed by a proxy): the demo listens on 127.0.0.1 unless HOST is set, and even
// then another machine never reads sign-in links (issue #12, ADR 013). Everywhere else it is an ADMIN page.
// MAILBOX_PUBLIC=1 keeps it open on the embedded demo database while mails also go to an SMTP server
// (the end-to-end suite signs in through it and checks the delivered mails on a test SMTP server).
import type { AppLoadContext } from "@remix-run/node";

export function mailboxIsPublic(context: Pick<AppLoadContext, "localRequest"> | null | undefined) {
  return (
    process.env.RUPN_EMBEDDED_DB === "1" &&
    (!process.env.SMTP_URL || process.env.MAILBOX_PUBLIC === "1") &&
    context?.localRequest === true
  );
}
