// The local mailbox lists each mail's attachments and serves them as the recipient gets them (issue 16, item 7):
// a training convocation carries the calendar invitation and the ordre de mission. The downloads apply the
// mailbox page's own access check.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { useTestDatabase } from "../setup/db.ts";
import { getDb } from "../../app/db/db.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser, signedRequest } from "../setup/factories.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { createCourse, createSession } from "../../app/services/trainings.server.ts";
import { registerVolunteer } from "../../app/services/training-registrations.server.ts";
import { loader as mailboxLoader } from "../../app/routes/boite-mail.tsx";
import { loader as attachmentLoader } from "../../app/routes/boite-mail_.$id.pieces-jointes.$index.ts";

useTestDatabase();

// A request from this machine (loopback): the demo mailbox answers only those without an account (ADR 013).
const context = { clientIp: "127.0.0.1", cspNonce: "", localRequest: true };
const day = 24 * 3600 * 1000;
const status = (promise: Promise<unknown>) => promise.then(() => 200, (r: Response) => r.status);
let w: { admin: { id: string }; rupn: { id: string } };

beforeAll(async () => {
  const year = await ensureCurrentSchoolYear();
  const academy = await makeAcademy("Rennes");
  const school = await makeEstablishment(academy.id);
  const dane = await makeUser([{ role: "DANE", academyId: academy.id }]);
  const admin = await makeUser([{ role: "ADMIN", academyId: academy.id }]);
  const rupn = await makeUser([{ role: "RUPN", academyId: academy.id, establishmentId: school.id, schoolYearId: year }], "lea.martin@ac-rennes.fr");
  const actor = async (id: string) => (await getActor(await signedRequest(id, "http://localhost/")))!;
  const course = await createCourse(await actor(dane.id), { title: "Classe virtuelle : Pix", kind: "VIRTUAL_CLASS", audience: "RUPN", description: "" });
  const session = await createSession(await actor(dane.id), course.id, {
    startsAt: new Date(Date.now() + 10 * day),
    endsAt: new Date(Date.now() + 10 * day + 3600_000),
    venue: { mode: "REMOTE", url: "https://classe.example/pix" },
    capacity: 5,
    registrationDeadline: null,
  });
  await registerVolunteer(await actor(rupn.id), session.id);
  w = { admin, rupn };
});

afterEach(() => {
  delete process.env.RUPN_EMBEDDED_DB;
});

type Mailbox = { messages: { id: string; subject: string; attachments: { index: number; filename: string; contentType: string; size: number | null }[] }[] };

describe("local mailbox attachments", () => {
  it("lists the convocation's calendar invitation and ordre de mission, and serves their exact bytes", async () => {
    process.env.RUPN_EMBEDDED_DB = "1";
    const page = (await mailboxLoader({ request: new Request("http://localhost/boite-mail"), params: {}, context } as never)) as Mailbox;
    const mail = page.messages.find((m) => m.subject.startsWith("Convocation"))!;
    expect(mail.attachments.map((a) => a.filename)).toEqual(["convocation.ics", expect.stringMatching(/^ordre-de-mission-.+\.pdf$/)]);
    expect(mail.attachments.every((a) => (a.size ?? 0) > 100)).toBe(true);

    const stored = (await getDb().outboxMessage.findUniqueOrThrow({ where: { id: mail.id } })).attachments as { contentBase64: string }[];
    for (const a of mail.attachments) {
      const response = (await attachmentLoader({
        request: new Request(`http://localhost/boite-mail/${mail.id}/pieces-jointes/${a.index}`),
        params: { id: mail.id, index: String(a.index) },
        context,
      } as never)) as Response;
      expect(response.status).toBe(200);
      expect(response.headers.get("Content-Type")).toBe(a.contentType);
      expect(response.headers.get("Content-Disposition")).toContain(`filename="${a.filename}"`);
      const bytes = Buffer.from(await response.arrayBuffer());
      expect(bytes.equals(Buffer.from(stored[a.index].contentBase64, "base64"))).toBe(true);
      if (a.filename.endsWith(".ics")) expect(bytes.toString("utf8")).toContain("BEGIN:VCALENDAR");
      else expect(bytes.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    }
    const missing = attachmentLoader({ request: new Request("http://localhost/x"), params: { id: mail.id, index: "2" }, context } as never);
    expect(await status(missing)).toBe(404);
    expect(await status(attachmentLoader({ request: new Request("http://localhost/x"), params: { id: "nope", index: "0" }, context } as never))).toBe(404);
  });

  it("outside the demo database, only an administrator may open the mailbox or its attachments", async () => {
    const mail = await getDb().outboxMessage.findFirstOrThrow({ where: { subject: { startsWith: "Convocation" } } });
    const args = async (userId: string | null) => ({
      request: userId ? await signedRequest(userId, "http://localhost/x") : new Request("http://localhost/x"),
      params: { id: mail.id, index: "0" },
      context,
    });
    expect(await status(attachmentLoader((await args(w.rupn.id)) as never))).toBe(403);
    expect(await status(mailboxLoader((await args(w.rupn.id)) as never))).toBe(403);
    expect(await status(attachmentLoader((await args(null)) as never))).not.toBe(200);
    expect(await status(attachmentLoader((await args(w.admin.id)) as never))).toBe(200);
  });
});
