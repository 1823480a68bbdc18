import { afterEach, describe, expect, it } from "vitest";
import { urlProblem, MAX_URL_LENGTH } from "../../../app/http/boundary.server.ts";
import { jsonDepth, readJsonBody } from "../../../app/http/json-body.server.ts";
import { isRetryableTransactionError, withRetries } from "../../../app/db/db.server.ts";
import { appOrigin, originConfigProblem, publicOrigin } from "../../../app/auth/origin.server.ts";
import { allowedOrigins } from "../../../app/http/security.server.ts";

describe("urlProblem", () => {
  it("accepts ordinary URLs, accents and encoded spaces", () => {
    for (const url of ["/", "/lettres/cmabc123", "/etablissements?q=coll%C3%A8ge+Jean&page=2", "/tableaux-de-bord?annee=2025-2026&type=COLLEGE"]) {
      expect(urlProblem(url)).toBeNull();
    }
  });
  it("refuses NUL and control characters in the path or the query, raw or encoded", () => {
    for (const url of ["/lettres/%00", "/bilans/a%00b", "/etablissements?q=%00", "/x?%00=1", "/x?q=a%0Ab", "/x?q=%7F"]) {
      expect(urlProblem(url)).toMatch(/caractère non autorisé/);
    }
  });
  it("refuses broken percent-encoding and over-long URLs", () => {
    expect(urlProblem("/lettres/%E0%A4%A")).toMatch(/encodage invalide/);
    expect(urlProblem(`/x?q=${"a".repeat(MAX_URL_LENGTH)}`)).toMatch(/trop longue/);
  });
});

describe("jsonDepth and readJsonBody", () => {
  it("counts nesting without parsing and ignores brackets inside strings", () => {
    expect(jsonDepth('{"a":[1,{"b":2}]}')).toBe(3);
    expect(jsonDepth('{"a":"[[[[{{{{\\"]]"}')).toBe(1);
    expect(jsonDepth("[".repeat(5000) + "]".repeat(5000), 32)).toBe(33);
  });
  const post = (body: string) => new Request("http://localhost/api", { method: "POST", headers: { "Content-Type": "application/json" }, body });
  it("refuses deep nesting and NUL before parsing, in French", async () => {
    await expect(readJsonBody(post("[".repeat(5000) + "]".repeat(5000)))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/trop imbriqué/) });
    await expect(readJsonBody(post('{"a":"x\\u0000y"}'))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/caractère nul/) });
    await expect(readJsonBody(post("{"))).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/pas du JSON valide/) });
    expect(await readJsonBody(post('{"a":[1,2]}'))).toEqual({ a: [1, 2] });
  });
});

describe("transaction retries", () => {
  it("recognises timeouts and conflicts, not other errors", () => {
    expect(isRetryableTransactionError({ code: "P2028", message: "Transaction API error: Transaction not found." })).toBe(true);
    expect(isRetryableTransactionError({ code: "P2034" })).toBe(true);
    expect(isRetryableTransactionError(new Error("deadlock detected"))).toBe(true);
    expect(isRetryableTransactionError({ message: "wrapped", cause: { code: "40001" } })).toBe(true);
    expect(isRetryableTransactionError({ code: "P2002", message: "Unique constraint failed" })).toBe(false);
    expect(isRetryableTransactionError(new Error("Version périmée"))).toBe(false);
  });
  it("runs the whole transaction again on a retryable error, and gives up after the last attempt", async () => {
    let calls = 0;
    expect(await withRetries(async () => (++calls < 3 ? Promise.reject({ code: "P2028" }) : "ok"))).toBe("ok");
    expect(calls).toBe(3);
    calls = 0;
    await expect(withRetries(async () => (calls++, Promise.reject({ code: "P2028" })), 2)).rejects.toMatchObject({ code: "P2028" });
    expect(calls).toBe(2);
    calls = 0;
    await expect(withRetries(async () => (calls++, Promise.reject(new Error("non"))))).rejects.toThrow("non");
    expect(calls).toBe(1);
  });
});

describe("one public origin", () => {
  const saved = { ...process.env };
  afterEach(() => {
    for (const key of ["APP_URL", "PORT", "RUPN_EMBEDDED_DB", "NODE_ENV"]) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });
  it("comes from APP_URL, never from the request", () => {
    process.env.APP_URL = "https://rupn.ac-rennes.fr/";
    expect(appOrigin()).toBe("https://rupn.ac-rennes.fr");
    expect(publicOrigin(new Request("http://evil.example/connexion"))).toBe("https://rupn.ac-rennes.fr");
    expect(allowedOrigins()).toEqual(["https://rupn.ac-rennes.fr"]);
  });
  it("is http://localhost:PORT in demo mode, with its loopback spellings allowed", () => {
    delete process.env.APP_URL;
    process.env.PORT = "3456";
    process.env.RUPN_EMBEDDED_DB = "1";
    expect(appOrigin()).toBe("http://localhost:3456");
    expect(allowedOrigins()).toEqual(["http://localhost:3456", "http://127.0.0.1:3456", "http://[::1]:3456"]);
  });
  it("is required in production, with a French reason; a malformed APP_URL is refused too", () => {
    delete process.env.APP_URL;
    delete process.env.RUPN_EMBEDDED_DB;
    process.env.NODE_ENV = "production";
    expect(originConfigProblem()).toMatch(/APP_URL est obligatoire en production/);
    process.env.APP_URL = "rupn.ac-rennes.fr";
    expect(originConfigProblem()).toMatch(/n'est pas une adresse valide/);
    process.env.APP_URL = "ftp://rupn.ac-rennes.fr";
    expect(originConfigProblem()).toMatch(/https:\/\//);
  });
});
