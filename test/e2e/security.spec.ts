import { readFileSync } from "node:fs";
import net from "node:net";
import { sql } from "./db.ts";
import { expect, test } from "./fixtures.ts";
import { dbNow, signInLinkSince, withMailboxLock } from "./helpers.ts";

test("security headers: enforced CSP with a nonce, no framing, no sniffing", async ({ request }) => {
  const first = await request.get("/");
  const second = await request.get("/");
  const csp = first.headers()["content-security-policy"];
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{16,}'/);
  expect(csp).toContain("frame-ancestors 'none'");
  expect(first.headers()["content-security-policy-report-only"]).toBeUndefined();
  expect(second.headers()["content-security-policy"]).not.toBe(csp);
  expect(first.headers()["x-content-type-options"]).toBe("nosniff");
  expect(first.headers()["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  const nonce = /'nonce-([^']+)'/.exec(csp)![1];
  const html = await first.text();
  const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
});

test("a POST without a matching Origin is refused in French and writes nothing", async ({ request }) => {
  const target = "rupn@rupn.example";
  await withMailboxLock(target, async () => {
    const since = await dbNow();
    for (const headers of [{} as Record<string, string>, { Origin: "https://attaquant.example" }]) {
      const response = await request.post("/connexion", { form: { email: target }, headers, maxRedirects: 0 });
      expect(response.status()).toBe(403);
      expect(await response.text()).toMatch(/Requête refusée : /);
    }
    const queued = await sql(`SELECT 1 FROM "OutboxMessage" WHERE lower("recipient") = $1 AND "createdAt" >= $2::timestamp AND "textBody" LIKE '%/connexion/verifier%'`, [target, since]);
    const tokens = await sql(`SELECT 1 FROM "LoginToken" WHERE lower("email") = $1 AND "createdAt" >= $2::timestamp`, [target, since]);
    expect([queued.length, tokens.length]).toEqual([0, 0]);
  });
});

test("/healthz pings the database", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", database: "ok" });
});

/** Local addresses the server listens on for `port`, read from the kernel's socket tables. */
function listeningAddresses(port: number) {
  const hex = port.toString(16).toUpperCase().padStart(4, "0");
  const found: string[] = [];
  for (const file of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let text = "";
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue;
    }
    for (const line of text.split("\n").slice(1)) {
      const [, local, , state] = line.trim().split(/\s+/);
      if (state === "0A" && local?.endsWith(`:${hex}`)) found.push(local.split(":")[0]);
    }
  }
  return found;
}

test("demo mode is local: the server listens on loopback only (issue #12)", async () => {
  const port = Number(process.env.E2E_PORT);
  const addresses = listeningAddresses(port);
  expect(addresses.length).toBeGreaterThan(0);
  // 0100007F = 127.0.0.1; 00000000000000000000000001000000 = ::1. Never 0.0.0.0 or ::.
  for (const address of addresses) expect(["0100007F", "00000000000000000000000001000000"]).toContain(address);
});

test("the demo mailbox answers only this machine: a relayed request needs an administrator", async ({ request }) => {
  const direct = await request.get("/boite-mail", { maxRedirects: 0 });
  expect(direct.status()).toBe(200);
  const relayed = await request.get("/boite-mail", { maxRedirects: 0, headers: { "X-Forwarded-For": "203.0.113.7" } });
  // Refused: a 404 here, where mails also go to an SMTP server (without SMTP it is the sign-in redirect of an
  // ADMIN-only page); either way, no sign-in link is shown.
  expect([302, 404]).toContain(relayed.status());
  expect(await relayed.text()).not.toContain("connexion/verifier");
});

test("a sign-in link never follows the Host header", async () => {
  const port = Number(process.env.E2E_PORT);
  const body = "email=rupn2%40rupn.example";
  const since = await dbNow();
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1", () =>
      socket.write(
        `POST /connexion HTTP/1.1\r\nHost: evil.example\r\nOrigin: http://localhost:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
      ),
    );
    let data = "";
    socket.on("data", (d) => (data += d));
    socket.on("end", () => resolve(data));
    socket.on("error", reject);
  });
  expect(answer).toMatch(/^HTTP\/1\.1 200/);
  // Every mail queued for rupn2 since (the one above, and any a parallel sign-in queued) links to the app's origin.
  const link = await signInLinkSince("rupn2@rupn.example", since);
  expect(link).toMatch(new RegExp(`^http://localhost:${port}/connexion/verifier\\?jeton=`));
  const mails = await sql<{ textBody: string; htmlBody: string | null }>(
    `SELECT "textBody", "htmlBody" FROM "OutboxMessage" WHERE lower("recipient") = 'rupn2@rupn.example' AND "createdAt" >= $1::timestamp`,
    [since],
  );
  expect(mails.length).toBeGreaterThan(0);
  for (const mail of mails) expect(`${mail.textBody} ${mail.htmlBody ?? ""}`).not.toContain("evil.example");
});
