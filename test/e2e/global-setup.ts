// A real SMTP server (smtp-server) for the whole end-to-end run: every message the app delivers is written,
// raw, to SMTP_DIR/<n>.eml, where a test reads and parses it (test/e2e/smtp.ts).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { SMTPServer } from "smtp-server";
import { SMTP_DIR, SMTP_PORT } from "../../playwright.config.ts";

export default async function globalSetup() {
  rmSync(SMTP_DIR, { recursive: true, force: true });
  mkdirSync(SMTP_DIR, { recursive: true });
  let count = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        count++;
        writeFileSync(path.join(SMTP_DIR, `${String(count).padStart(5, "0")}.eml`), Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(SMTP_PORT, "127.0.0.1", resolve));
  return async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
}
