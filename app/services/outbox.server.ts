// Transactional outbox for mail: a message is written in the same transaction as the change that
// causes it, then delivered by a worker with retries and exponential backoff (ADR 004).
import nodemailer from "nodemailer";
import type { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";

type Tx = Prisma.TransactionClient;

/** Inline bytes, or a reference to a document rendered by the worker at delivery (a failure is retried). */
export type MailAttachment =
  | { filename: string; contentType: string; contentBase64: string }
  | { filename: string; contentType: string; ref: { kind: "mission-letter-pdf"; letterId: string } };
type InlineAttachment = Extract<MailAttachment, { contentBase64: string }>;

export type OutgoingMail = {
  kind: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
  attachments?: MailAttachment[];
};

/** Turns a reference into bytes (dynamic import: the renderers need the database). */
async function resolveAttachment(attachment: MailAttachment): Promise<InlineAttachment> {
  if ("contentBase64" in attachment) return attachment;
  if (attachment.ref.kind === "mission-letter-pdf") {
    const { missionLetterPdf } = await import("../pdf/mission-letter.server.ts");
    const { pdf } = await missionLetterPdf(attachment.ref.letterId);
    return { filename: attachment.filename, contentType: attachment.contentType, contentBase64: pdf.toString("base64") };
  }
  throw new Error(`Pièce jointe de type inconnu : ${String((attachment.ref as { kind?: unknown }).kind)}`);
}

/** Turns references into bytes just before sending. */
async function resolveAttachments(attachments: MailAttachment[] | null): Promise<InlineAttachment[]> {
  const resolved: InlineAttachment[] = [];
  for (const attachment of attachments ?? []) resolved.push(await resolveAttachment(attachment));
  return resolved;
}

export async function enqueueMail(tx: Tx, mail: OutgoingMail) {
  return tx.outboxMessage.create({
    data: {
      kind: mail.kind,
      recipient: mail.to,
      subject: mail.subject,
      textBody: mail.text,
      htmlBody: mail.html,
      attachments: mail.attachments,
    },
  });
}

export const MAX_ATTEMPTS = 8;
/** While a worker sends a message, nobody else may take it. */
const LEASE_SECONDS = 120;

export function backoffSeconds(attempt: number) {
  return Math.min(30 * 2 ** (attempt - 1), 3600);
}

type Claimed = {
  id: string;
  recipient: string;
  subject: string;
  textBody: string;
  htmlBody: string | null;
  attachments: InlineAttachment[] | null;
  attempts: number;
};

export type Deliver = (message: Claimed) => Promise<"smtp" | "local">;

export function smtpDeliver(smtpUrl: string, from: string): Deliver {
  const transport = nodemailer.createTransport(smtpUrl);
  return async (message) => {
    await transport.sendMail({
      from,
      to: message.recipient,
      subject: message.subject,
      text: message.textBody,
      html: message.htmlBody ?? undefined,
      // A stable Message-ID lets receivers drop the duplicate of a retried delivery.
      messageId: `<${message.id}@plateforme-rupn>`,
      attachments: (message.attachments ?? []).map((a) => ({
        filename: a.filename,
        contentType: a.contentType,
        content: Buffer.from(a.contentBase64, "base64"),
      })),
    });
    return "smtp";
  };
}

/** Without SMTP the message stays in the outbox table, readable in the local mailbox page. */
export const localDeliver: Deliver = async () => "local";

export function configuredDeliver(): Deliver {
  const url = process.env.SMTP_URL;
  return url ? smtpDeliver(url, process.env.MAIL_FROM ?? "Plateforme RUPN <ne-pas-repondre@plateforme-rupn.fr>") : localDeliver;
}

/** Claims due messages (SKIP LOCKED, so several workers never take the same one) and delivers them. */
export async function processOutbox(deliver: Deliver, batchSize = 20): Promise<{ sent: number; failed: number }> {
  const claimed = await db.$queryRaw<(Omit<Claimed, "attachments"> & { attachments: MailAttachment[] | null })[]>`
    UPDATE "OutboxMessage" SET "attempts" = "attempts" + 1,
      "nextAttemptAt" = now() + make_interval(secs => ${LEASE_SECONDS})
    WHERE "id" IN (
      SELECT "id" FROM "OutboxMessage"
      WHERE "status" = 'PENDING' AND "nextAttemptAt" <= now()
      ORDER BY "createdAt" LIMIT ${batchSize} FOR UPDATE SKIP LOCKED)
    RETURNING "id", "recipient", "subject", "textBody", "htmlBody", "attachments", "attempts"`;
  let sent = 0;
  let failed = 0;
  for (const message of claimed) {
    try {
      const transport = await deliver({ ...message, attachments: await resolveAttachments(message.attachments) });
      await db.outboxMessage.update({
        where: { id: message.id },
        data: { status: "SENT", sentAt: new Date(), transport, lastError: null },
      });
      sent++;
    } catch (error) {
      failed++;
      const giveUp = message.attempts >= MAX_ATTEMPTS;
      await db.outboxMessage.update({
        where: { id: message.id },
        data: {
          status: giveUp ? "FAILED" : "PENDING",
          lastError: error instanceof Error ? error.message.slice(0, 1000) : String(error),
          nextAttemptAt: new Date(Date.now() + backoffSeconds(message.attempts) * 1000),
        },
      });
    }
  }
  return { sent, failed };
}

export type OutboxWorker = { stop(): Promise<void>; poke(): void };

export function startOutboxWorker(deliver: Deliver = configuredDeliver(), intervalMs = 1000): OutboxWorker {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  const tick = () => {
    if (stopped) return;
    running = processOutbox(deliver)
      .catch((error) => console.error("Outbox :", error instanceof Error ? error.message : error))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, intervalMs);
      });
  };
  timer = setTimeout(tick, 0);
  return {
    poke() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}

export type MailboxAttachment = {
  /** Position in the message, the key of the download URL. */
  index: number;
  filename: string;
  contentType: string;
  /** Bytes, when stored with the message; null for a document rendered when it is sent or downloaded. */
  size: number | null;
};

/** Name, type and size of a message's attachments (never their content: the page stays light). */
function describeAttachments(value: Prisma.JsonValue | null): MailboxAttachment[] {
  if (!Array.isArray(value)) return [];
  return (value as MailAttachment[]).map((a, index) => ({
    index,
    filename: a.filename,
    contentType: a.contentType,
    size: "contentBase64" in a ? Buffer.byteLength(a.contentBase64, "base64") : null,
  }));
}

export async function localMailbox(limit = 50) {
  const messages = await db.outboxMessage.findMany({
    orderBy: { createdAt: "desc" },
    take: limit,
    select: { id: true, recipient: true, subject: true, textBody: true, status: true, transport: true, createdAt: true, attachments: true },
  });
  return messages.map(({ attachments, ...m }) => ({ ...m, attachments: describeAttachments(attachments) }));
}

/** One attachment of a mail of the local mailbox, as the recipient gets it; null when there is none at that index. */
export async function mailboxAttachment(messageId: string, index: number) {
  const message = await db.outboxMessage.findUnique({ where: { id: messageId }, select: { attachments: true } });
  const list = Array.isArray(message?.attachments) ? (message.attachments as MailAttachment[]) : [];
  const attachment = Number.isInteger(index) && index >= 0 ? list[index] : undefined;
  if (!attachment) return null;
  const inline = await resolveAttachment(attachment);
  return { filename: inline.filename, contentType: inline.contentType, bytes: Buffer.from(inline.contentBase64, "base64") };
}
