// Issue #12 over real HTTP against the production server: bad input never gets a 500 or a reset, the public
// origin never comes from the Host header, production refuses to start without APP_URL, HSTS on https.
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { createSession } from "../../app/auth/session.server.ts";
import { makeAcademy, makeUser } from "../setup/factories.ts";
import { rawExchange, startApp, type AppServer } from "./app-server.ts";

useTestDatabase();
let app: AppServer;
let cookie = "";
const victim = "victime.hote@ac-test.fr";

beforeAll(async () => {
  const academy = await makeAcademy();
  const user = await makeUser([{ role: "DANE", academyId: academy.id }]);
  await makeUser([{ role: "DANE", academyId: academy.id }], victim);
  cookie = (await createSession(user.id)).split(";")[0];
  app = await startApp(process.env.DATABASE_URL!);
});

afterAll(async () => {
  expect(await app.stop("SIGTERM")).toBe(0);
});

const ENGLISH = /Unexpected Server Error|Invalid input|expected|received|undefined/;

async function get(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${app.origin}${path}`, { headers: { Cookie: cookie, ...headers }, redirect: "manual" });
  return { status: res.status, type: res.headers.get("content-type") ?? "", text: await res.text() };
}

describe("ids and query strings are checked before any query", () => {
  it.each(["/lettres/%00", "/bilans/%00", "/etablissements?q=%00", "/campagnes/%00", "/lettres/%E0%A4%A", "/etablissements?q=a%01b"])(
    "%s → 400 in French (HTML)",
    async (path) => {
      const res = await get(path);
      expect(res.status).toBe(400);
      expect(res.type).toMatch(/text\/html/);
      expect(res.text).toMatch(/Adresse invalide/);
      expect(res.text).not.toMatch(ENGLISH);
    },
  );

  it("an API id with a NUL byte → 400 JSON { error } in French", async () => {
    const res = await fetch(`${app.origin}/api/reponses/%00`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/json", Origin: app.origin.replace("127.0.0.1", "localhost") },
      body: "{}",
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: string };
    expect(body.error).toMatch(/caractère non autorisé/);
  });

  it("an over-long URL → 414", async () => {
    expect((await get(`/etablissements?q=${"a".repeat(5000)}`)).status).toBe(414);
  });
});

describe("JSON bodies: integers, depth, size", () => {
  const origin = () => `http://localhost:${app.port}`;
  const post = (body: string) =>
    fetch(`${app.origin}/api/reponses/inexistant`, {
      method: "POST",
      headers: { Cookie: cookie, "Content-Type": "application/json", Origin: origin() },
      body,
    });

  it("version 2147483648 → 400 in French, nothing written", async () => {
    const res = await post(JSON.stringify({ intent: "save", surveyVersionId: "x", version: 2147483648, data: {} }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { message: string };
    expect(body.message).toMatch(/numéro de version inconnu/);
  });

  it("answers nested 5 000 levels deep → 400, not a stack overflow", async () => {
    const deep = "[".repeat(5000) + "]".repeat(5000);
    const res = await post(`{"intent":"save","surveyVersionId":"x","version":1,"data":{"a":${deep}}}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/trop imbriqué/);
  });

  it("a 5 MB body → 413 answered (no reset), and the server answers the next request", async () => {
    const big = Buffer.alloc(5 * 1024 * 1024, 0x61);
    const head = `POST /api/reponses/inexistant HTTP/1.1\r\nHost: localhost\r\nOrigin: ${origin()}\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: ${big.length}\r\n\r\n`;
    const res = await rawExchange(app.port, head, big);
    expect(res.reset).toBe(false);
    expect(res.status).toBe(413);
    expect(res.text).toMatch(/taille maximale autorisée/);
    expect((await get("/healthz")).status).toBe(200);
  });

  it("a 2 MB chunked body → 413 answered (no reset)", async () => {
    const chunks = Array.from({ length: 32 }, () => Buffer.alloc(64 * 1024, 0x62));
    const head = `POST /api/reponses/inexistant HTTP/1.1\r\nHost: localhost\r\nOrigin: ${origin()}\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`;
    const res = await rawExchange(app.port, head, "", { chunked: chunks });
    expect(res.reset).toBe(false);
    expect(res.status).toBe(413);
    expect((await get("/healthz")).status).toBe(200);
  });

  it("a body longer than its Content-Length → the extra bytes get a French 400, not a reset", async () => {
    const body = JSON.stringify({ intent: "save" });
    const head = `POST /api/reponses/inexistant HTTP/1.1\r\nHost: localhost\r\nOrigin: ${origin()}\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: 5\r\n\r\n`;
    const res = await rawExchange(app.port, head, body + "x".repeat(2000));
    expect(res.reset).toBe(false);
    expect(res.text).toMatch(/HTTP\/1\.1 400/);
    expect(res.text).not.toMatch(/HTTP\/1\.1 5\d\d/);
    expect((await get("/healthz")).status).toBe(200);
  });
});

describe("one public origin", () => {
  it("a sign-in requested with Host: evil.example mails a link to APP_URL, never to the Host", async () => {
    const body = `email=${encodeURIComponent(victim)}`;
    const head = `POST /connexion HTTP/1.1\r\nHost: evil.example\r\nOrigin: http://localhost:${app.port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const res = await rawExchange(app.port, head, body);
    expect(res.status).toBe(200);
    const mail = await getDb().outboxMessage.findFirstOrThrow({ where: { recipient: victim }, orderBy: { createdAt: "desc" } });
    expect(mail.textBody).toContain(`http://localhost:${app.port}/connexion/verifier?jeton=`);
    expect(mail.textBody).not.toContain("evil.example");
  });

  it("the Host header does not make its own origin allowed", async () => {
    const before = await getDb().loginToken.count();
    const body = `email=${encodeURIComponent(victim)}`;
    const head = `POST /connexion HTTP/1.1\r\nHost: evil.example\r\nOrigin: http://evil.example\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const res = await rawExchange(app.port, head, body);
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/provient d&#39;un autre site/);
    expect(await getDb().loginToken.count()).toBe(before);
  });

  it("production refuses to start without APP_URL, in French", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/server.ts"], {
      env: { ...process.env, NODE_ENV: "production", DATABASE_URL: process.env.DATABASE_URL, APP_URL: "", PORT: "0" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/APP_URL est obligatoire en production/);
  });

  it("sends HSTS when APP_URL is https, and not otherwise", async () => {
    expect((await fetch(`${app.origin}/healthz`)).headers.get("strict-transport-security")).toBeNull();
    const https = await startApp(process.env.DATABASE_URL!, { APP_URL: "https://rupn.ac-test.fr" });
    try {
      expect((await fetch(`${https.origin}/healthz`)).headers.get("strict-transport-security")).toMatch(/max-age=31536000/);
    } finally {
      await https.stop();
    }
  });
});
