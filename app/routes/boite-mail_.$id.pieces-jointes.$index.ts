// Download of one attachment of a mail kept in the local mailbox (.ics, ordre de mission, lettre de mission), for
// whoever may read the mailbox (the same guard as the page); 404 for an unknown mail or attachment.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { notFound } from "../auth/guards.server.ts";
import { requireMailboxAccess } from "../auth/mailbox-guard.server.ts";
import { mailboxAttachment } from "../services/outbox.server.ts";

/** RFC 6266: an ASCII fallback and the exact UTF-8 name ("Ordre de mission — …"). */
function contentDisposition(filename: string) {
  const ascii = filename.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^\x20-\x7e]|["\\]/g, "_");
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireMailboxAccess(request, context);
  const attachment = await mailboxAttachment(params.id ?? "", Number(params.index));
  if (!attachment) notFound("Cette pièce jointe n'existe pas.");
  return new Response(new Uint8Array(attachment.bytes), {
    headers: {
      "Content-Type": attachment.contentType,
      "Content-Disposition": contentDisposition(attachment.filename),
      "Content-Length": String(attachment.bytes.byteLength),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
