// Reading the mails received by the suite's SMTP server (see global-setup.ts).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTP_DIR } from "../../playwright.config.ts";

export async function receivedMails(): Promise<ParsedMail[]> {
  const files = readdirSync(SMTP_DIR).filter((f) => f.endsWith(".eml")).sort();
  return Promise.all(files.map((f) => simpleParser(readFileSync(path.join(SMTP_DIR, f)))));
}

export function recipientsOf(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((t) => t.value.map((v) => (v.address ?? "").toLowerCase()));
}
