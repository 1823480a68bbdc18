// The demo mailbox shows sign-in links: without an account it answers only a request from this machine, in
// demo mode (issue #12, ADR 013). Anything else needs an administrator.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { makeAcademy, makeUser, signedRequest } from "../setup/factories.ts";
import { loader } from "../../app/routes/boite-mail.tsx";
import { mailboxIsPublic } from "../../app/services/mailbox-access.server.ts";

useTestDatabase();
const saved = { embedded: process.env.RUPN_EMBEDDED_DB, smtp: process.env.SMTP_URL };
let adminId = "";
let daneId = "";

beforeAll(async () => {
  process.env.RUPN_EMBEDDED_DB = "1";
  delete process.env.SMTP_URL;
  const academy = await makeAcademy();
  adminId = (await makeUser([{ role: "ADMIN", academyId: academy.id }])).id;
  daneId = (await makeUser([{ role: "DANE", academyId: academy.id }])).id;
});
afterAll(() => {
  if (saved.embedded === undefined) delete process.env.RUPN_EMBEDDED_DB;
  else process.env.RUPN_EMBEDDED_DB = saved.embedded;
  if (saved.smtp !== undefined) process.env.SMTP_URL = saved.smtp;
});

const call = async (request: Request, localRequest: boolean) =>
  loader({ request, params: {}, context: { clientIp: null, cspNonce: "", localRequest } } as never).then(
    (data) => ({ status: 200, data }),
    (response: Response) => ({ status: response.status, location: response.headers.get("Location") }),
  );

describe("local mailbox access", () => {
  it("is public only in demo mode and only to this machine", () => {
    expect(mailboxIsPublic({ localRequest: true })).toBe(true);
    expect(mailboxIsPublic({ localRequest: false })).toBe(false);
    expect(mailboxIsPublic(undefined)).toBe(false);
    process.env.RUPN_EMBEDDED_DB = "0";
    expect(mailboxIsPublic({ localRequest: true })).toBe(false);
    process.env.RUPN_EMBEDDED_DB = "1";
  });

  it("answers an anonymous request from loopback, sends any other anonymous one to sign in", async () => {
    expect((await call(new Request("http://localhost/boite-mail"), true)).status).toBe(200);
    const remote = await call(new Request("http://localhost/boite-mail"), false);
    expect(remote.status).toBe(302);
    expect("location" in remote ? remote.location : null).toMatch(/^\/connexion\?redirection=/);
  });

  it("from another machine, opens for an administrator only", async () => {
    expect((await call(await signedRequest(adminId, "http://localhost/boite-mail"), false)).status).toBe(200);
    expect((await call(await signedRequest(daneId, "http://localhost/boite-mail"), false)).status).toBe(403);
  });
});
