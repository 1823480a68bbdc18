import { describe, expect, it } from "vitest";
import {
  checkSignInConfiguration,
  proConnectConfig,
  proConnectFormActionOrigins,
} from "../../app/auth/proconnect-config.server.ts";
import { contentSecurityPolicy } from "../../app/http/security.server.ts";

const full = {
  PROCONNECT_ISSUER: "https://auth.agentconnect.gouv.fr/api/v2",
  PROCONNECT_CLIENT_ID: "client",
  PROCONNECT_CLIENT_SECRET: "secret",
};

describe("ProConnect configuration", () => {
  it("is off without variables, and npm start behaves as before", () => {
    expect(proConnectConfig({})).toBeNull();
    expect(checkSignInConfiguration({})).toEqual({ proConnect: false, emailLink: true });
  });

  it("refuses a half configuration, naming what is missing", () => {
    expect(() => proConnectConfig({ PROCONNECT_ISSUER: full.PROCONNECT_ISSUER })).toThrow(
      "définissez aussi PROCONNECT_CLIENT_ID et PROCONNECT_CLIENT_SECRET",
    );
  });

  it("accepts plain http only for a loopback test provider with PROCONNECT_ALLOW_HTTP=1", () => {
    expect(() => proConnectConfig({ ...full, PROCONNECT_ISSUER: "http://127.0.0.1:4000" })).toThrow(/doit être en https/);
    expect(() => proConnectConfig({ ...full, PROCONNECT_ISSUER: "http://proconnect.example", PROCONNECT_ALLOW_HTTP: "1" })).toThrow(
      /doit être en https/,
    );
    expect(proConnectConfig({ ...full, PROCONNECT_ISSUER: "http://127.0.0.1:4000", PROCONNECT_ALLOW_HTTP: "1" })?.allowHttp).toBe(true);
    expect(proConnectConfig({ ...full, PROCONNECT_ALLOW_HTTP: "1" })?.allowHttp).toBe(false);
  });

  it("reads the accepted acr values", () => {
    expect(proConnectConfig({ ...full, PROCONNECT_ACR: "eidas2, eidas3" })?.acr).toEqual(["eidas2", "eidas3"]);
  });

  it("does not start with the email link off and no ProConnect", () => {
    expect(() => checkSignInConfiguration({ EMAIL_LINK_SIGNIN: "off" })).toThrow(/EMAIL_LINK_SIGNIN=off exige ProConnect/);
    expect(checkSignInConfiguration({ ...full, EMAIL_LINK_SIGNIN: "off" })).toEqual({ proConnect: true, emailLink: false });
  });

  it("lets the sign-out form go to the provider (CSP form-action) only when ProConnect is on", () => {
    expect(proConnectFormActionOrigins(full)).toEqual(["https://auth.agentconnect.gouv.fr"]);
    expect(proConnectFormActionOrigins({})).toEqual([]);
    const saved = { ...process.env };
    try {
      Object.assign(process.env, full);
      expect(contentSecurityPolicy("n", false)).toContain("form-action 'self' https://auth.agentconnect.gouv.fr;");
      for (const k of Object.keys(full)) delete process.env[k];
      expect(contentSecurityPolicy("n", false)).toContain("form-action 'self';");
    } finally {
      process.env = saved;
    }
  });
});
