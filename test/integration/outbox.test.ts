import { afterEach, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { startTestSmtp, type TestSmtp } from "../setup/smtp.ts";
import { enqueueMail, processOutbox, smtpDeliver, MAX_ATTEMPTS } from "../../app/services/outbox.server.ts";

const { db } = useTestDatabase();
let smtp: TestSmtp | undefined;

afterEach(async () => {
  await smtp?.close();
  smtp = undefined;
  await db().outboxMessage.deleteMany();
});

async function queue(n: number, withAttachment = false) {
  await db().$transaction(async (tx) => {
    for (let i = 0; i < n; i++) {
      await enqueueMail(tx, {
        kind: "test",
        to: `dest${i}@test.example`,
        subject: `Message ${i}`,
        text: `Corps ${i} — accentué`,
        attachments: withAttachment
          ? [{ filename: "lettre.pdf", contentType: "application/pdf", contentBase64: Buffer.from("%PDF-1.4 test").toString("base64") }]
          : undefined,
      });
    }
  });
}

describe("mail outbox", () => {
  it("delivers queued mail to a real SMTP server with attachments", async () => {
    smtp = await startTestSmtp();
    await queue(3, true);
    const result = await processOutbox(smtpDeliver(smtp.url, "RUPN <rupn@test.example>"));
    expect(result).toEqual({ sent: 3, failed: 0 });
    expect(smtp.messages.map((m) => m.subject).sort()).toEqual(["Message 0", "Message 1", "Message 2"]);
    expect(smtp.messages[0].text?.trim()).toMatch(/^Corps \d — accentué$/);
    expect(smtp.messages[0].attachments[0].filename).toBe("lettre.pdf");
    expect(smtp.messages[0].attachments[0].content.toString()).toBe("%PDF-1.4 test");
    const rows = await db().outboxMessage.findMany();
    expect(rows.every((r) => r.status === "SENT" && r.transport === "smtp" && r.sentAt)).toBe(true);
  });

  it("keeps mail while SMTP is down, then delivers every message exactly once", async () => {
    const probe = await startTestSmtp();
    const { port } = probe;
    await probe.close();
    await queue(5);
    const deliver = smtpDeliver(`smtp://127.0.0.1:${port}`, "rupn@test.example");

    const down = await processOutbox(deliver);
    expect(down).toEqual({ sent: 0, failed: 5 });
    const pending = await db().outboxMessage.findMany();
    expect(pending.every((r) => r.status === "PENDING" && r.attempts === 1 && r.lastError)).toBe(true);
    expect(pending.every((r) => r.nextAttemptAt.getTime() > Date.now())).toBe(true);

    // Not due yet: a second pass sends nothing.
    smtp = await startTestSmtp(port);
    expect(await processOutbox(deliver)).toEqual({ sent: 0, failed: 0 });

    await db().outboxMessage.updateMany({ data: { nextAttemptAt: new Date(Date.now() - 1000) } });
    const [a, b] = await Promise.all([processOutbox(deliver), processOutbox(deliver)]);
    expect(a.sent + b.sent).toBe(5);
    expect(smtp.messages).toHaveLength(5);
    expect(new Set(smtp.messages.map((m) => m.to && !Array.isArray(m.to) ? m.to.text : "")).size).toBe(5);
    expect(await processOutbox(deliver)).toEqual({ sent: 0, failed: 0 });
    expect(smtp.messages).toHaveLength(5);
  });

  it("gives up after the last attempt and marks the message failed", async () => {
    await queue(1);
    await db().outboxMessage.updateMany({ data: { attempts: MAX_ATTEMPTS - 1 } });
    const failing = async () => {
      throw new Error("550 boîte inexistante");
    };
    expect(await processOutbox(failing)).toEqual({ sent: 0, failed: 1 });
    const row = await db().outboxMessage.findFirstOrThrow();
    expect(row.status).toBe("FAILED");
    expect(row.lastError).toBe("550 boîte inexistante");
  });
});
