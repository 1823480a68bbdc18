// Who may read the local mailbox: the page and the download of its attachments apply this one check, so an
// attachment is never reachable by someone who cannot see the mail (issue 16). Open on the embedded demo
// database (mailboxIsPublic); otherwise an ADMIN page, and nothing at all once mails leave through SMTP.
import { notFound, requireRole } from "./guards.server.ts";
import { mailboxIsPublic } from "../services/mailbox-access.server.ts";

export async function requireMailboxAccess(request: Request): Promise<void> {
  if (process.env.SMTP_URL && !mailboxIsPublic()) notFound();
  if (!mailboxIsPublic()) await requireRole(request, ["ADMIN"]);
}
