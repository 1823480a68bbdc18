// Who may read the local mailbox: the page and the download of its attachments apply this one check, so an
// attachment is never reachable by someone who cannot see the mail (issue 16). Open on the embedded demo
// database to this machine only (mailboxIsPublic, ADR 013); otherwise an ADMIN page, and nothing at all once mails leave through SMTP.
import type { AppLoadContext } from "@remix-run/node";
import { notFound, requireRole } from "./guards.server.ts";
import { mailboxIsPublic } from "../services/mailbox-access.server.ts";

export async function requireMailboxAccess(request: Request, context: Pick<AppLoadContext, "localRequest"> | undefined): Promise<void> {
  if (process.env.SMTP_URL && !mailboxIsPublic(context)) notFound();
  if (!mailboxIsPublic(context)) await requireRole(request, ["ADMIN"]);
}
