// The RGPD fixture (ADR 020): two people with similar names in two académies, each with an account, a role, a
// validated lettre de mission with an IMP, a submitted bilan with free text, a training registration, mails,
// sessions, a sign-in link and a ProConnect identity. Built through the real services where they exist.
import { getDb } from "../../app/db/db.server.ts";
import { createSession as createUserSession } from "../../app/auth/session.server.ts";
import { getActor } from "../../app/auth/guards.server.ts";
import { syncSurveyVersions } from "../../app/surveys/registry.server.ts";
import { saveResponse, startResponse } from "../../app/services/responses.server.ts";
import { createCourse, createSession } from "../../app/services/trainings.server.ts";
import { registerVolunteer } from "../../app/services/training-registrations.server.ts";
import { ensureCurrentSchoolYear, makeAcademy, makeEstablishment, makeUser } from "./factories.ts";
import { makeLetter } from "./imp-letters.ts";
import { validBilan } from "../fixtures/bilan-answers.ts";

const day = 24 * 3600 * 1000;

export const PEOPLE = {
  a: { firstName: "Maëlle", lastName: "Kerhervé", email: "maelle.kerherve@ac-rennes.fr" },
  b: { firstName: "Maëlle", lastName: "Kerhervé-Le Goff", email: "maelle.kerherve@ac-nantes.fr" },
};

export async function rgpdWorld() {
  const db = getDb();
  const year = await ensureCurrentSchoolYear();
  await syncSurveyVersions();
  const bilanVersion = await db.surveyVersion.findFirstOrThrow({ where: { key: "bilan-annuel" }, orderBy: { schoolYearId: "desc" } });
  const rennes = await makeAcademy("Académie de Rennes (test RGPD)");
  const nantes = await makeAcademy("Académie de Nantes (test RGPD)");
  for (const a of [rennes, nantes]) await db.academy.update({ where: { id: a.id }, data: { zone: "B" } });
  const eR = await makeEstablishment(rennes.id, { name: "Collège Les Korrigans" });
  const eN = await makeEstablishment(nantes.id, { name: "Collège La Loire" });

  const person = async (p: typeof PEOPLE.a, academyId: string, establishmentId: string) => {
    const u = await makeUser([{ role: "RUPN", academyId, establishmentId, schoolYearId: year }], p.email);
    return db.user.update({ where: { id: u.id }, data: { firstName: p.firstName, lastName: p.lastName } });
  };
  const a = await person(PEOPLE.a, rennes.id, eR.id);
  const b = await person(PEOPLE.b, nantes.id, eN.id);
  const colleague = await makeUser([{ role: "RUPN", academyId: rennes.id, establishmentId: eR.id, schoolYearId: year }], "yann.colleague@ac-rennes.fr");
  const dane = await makeUser([{ role: "DANE", academyId: rennes.id }], "dane.rennes.rgpd@ac-rennes.fr");
  const daneN = await makeUser([{ role: "DANE", academyId: nantes.id }], "dane.nantes.rgpd@ac-nantes.fr");
  const admin = await makeUser([{ role: "ADMIN", academyId: rennes.id }], "admin.rgpd@test.example");
  const chef = await makeUser([{ role: "CHEF", academyId: rennes.id, establishmentId: eR.id }], "chef.korrigans@ac-rennes.fr");
  const cookie = async (id: string) => (await createUserSession(id)).split(";")[0];
  const actor = async (id: string) => (await getActor(new Request("http://localhost/", { headers: { Cookie: await cookie(id) } })))!;

  // Letters: validated, with the person and a colleague; the answers name them as the letter form does.
  const letterFor = async (establishmentId: string, p: typeof PEOPLE.a, chefName: string) => {
    const letter = await makeLetter(establishmentId, year, "VALIDATED", { envelopeCents: 250_000 }, [
      { ...p, impCents: 125_000 },
      { firstName: "Yann", lastName: "Colleague", email: "yann.colleague@ac-rennes.fr", impCents: 125_000 },
    ]);
    await db.missionLetter.update({
      where: { id: letter.id },
      data: {
        signerName: `${chefName}, principal`,
        createdById: chef.id,
        data: {
          chef_nom: chefName,
          referents: [
            { prenom: p.firstName, nom: p.lastName, email: p.email, statut: "enseignant", reconnaissance: "imp", imp_montant: 1250 },
            { prenom: "Yann", nom: "Colleague", email: "yann.colleague@ac-rennes.fr", statut: "enseignant", reconnaissance: "imp", imp_montant: 1250 },
          ],
          remarques: `${p.firstName} ${p.lastName} coordonne l'ENT.`,
        },
      },
    });
    return letter;
  };
  const letterR = await letterFor(eR.id, PEOPLE.a, "Claire Martin");
  const letterN = await letterFor(eN.id, PEOPLE.b, "Hervé Durand");

  // Bilans, through the real submission (facts and workload rows written as in production).
  const campaign = (academyId: string, title: string) =>
    db.campaign.create({ data: { title, academyId, schoolYearId: year, surveyVersionId: bilanVersion.id, opensAt: new Date(Date.now() - day), closesAt: new Date(Date.now() + 30 * day) } });
  const cR = await campaign(rennes.id, "Bilan Rennes RGPD");
  const cN = await campaign(nantes.id, "Bilan Nantes RGPD");
  const submit = async (userId: string, campaignId: string, establishmentId: string, p: typeof PEOPLE.a) => {
    const who = await actor(userId);
    const id = await startResponse(who, campaignId, establishmentId);
    await saveResponse(who, id, {
      surveyVersionId: bilanVersion.id, version: 1,
      data: { ...validBilan, commentaires: `Signé ${p.firstName} ${p.lastName}, joignable à ${p.email}.`, "actions-Comment": `Ateliers animés par ${p.firstName} ${p.lastName}` },
    }, "submit");
    return id;
  };
  const bilanA = await submit(a.id, cR.id, eR.id, PEOPLE.a);
  const bilanB = await submit(b.id, cN.id, eN.id, PEOPLE.b);
  const bilanColleague = await submit(colleague.id, cR.id, eR.id, { firstName: "Yann", lastName: "Colleague", email: "yann.colleague@ac-rennes.fr" });

  // A training of each académie, each person registered (a confirmation mail goes to the outbox).
  const training = async (daneId: string, title: string) => {
    const course = await createCourse(await actor(daneId), { title, kind: "VIRTUAL_CLASS", audience: "RUPN", description: "" });
    return createSession(await actor(daneId), course.id, {
      startsAt: new Date(Date.now() + 20 * day), endsAt: new Date(Date.now() + 20 * day + 3600_000),
      venue: { mode: "REMOTE", url: "https://classe.example/rgpd" }, capacity: 5, registrationDeadline: null,
    });
  };
  const sR = await training(dane.id, "Classe virtuelle RGPD Rennes");
  const sN = await training(daneN.id, "Classe virtuelle RGPD Nantes");
  await registerVolunteer(await actor(a.id), sR.id);
  await registerVolunteer(await actor(b.id), sN.id);

  // Mails: one to the person, one to the chef that names the person (with the letter as attachment).
  for (const p of [PEOPLE.a, PEOPLE.b]) {
    await db.outboxMessage.create({ data: { kind: "test", recipient: p.email, subject: `Bonjour ${p.firstName} ${p.lastName}`, textBody: `Bonjour ${p.firstName},\nvotre lettre est validée.` } });
  }
  await db.outboxMessage.create({
    data: {
      kind: "letter-validated", recipient: "chef.korrigans@ac-rennes.fr", subject: "Lettre validée",
      textBody: `Référents : ${PEOPLE.a.firstName} ${PEOPLE.a.lastName} (${PEOPLE.a.email}), Yann Colleague.`,
      attachments: [{ filename: "lettre.pdf", contentType: "application/pdf", contentBase64: "JVBERi0=" }],
    },
  });
  // Sign-in means and their traces.
  const cookies = { a: await cookie(a.id), b: await cookie(b.id) };
  for (const p of [PEOPLE.a, PEOPLE.b]) {
    await db.loginToken.create({ data: { email: p.email, tokenHash: `hash-${p.email}`, ip: "192.0.2.1", expiresAt: new Date(Date.now() + 900_000) } });
  }
  for (const [u, p] of [[a, PEOPLE.a], [b, PEOPLE.b]] as const) {
    await db.linkedIdentity.create({ data: { userId: u.id, idp: "proconnect", idpId: "ac", uid: `uid-${u.id}`, sub: `sub-${u.id}`, linkEmail: p.email, lastEmail: p.email } });
    await db.auditEvent.create({ data: { actorId: u.id, action: "sign-in", entityType: "User", entityId: u.id, summary: { method: "proconnect", email: p.email }, ip: "192.0.2.1" } });
  }
  await db.auditEvent.create({ data: { actorId: null, action: "sign-in-refused", entityType: "User", summary: { reason: "no-account", email: PEOPLE.a.email.toUpperCase() } } });

  return {
    year, rennes, nantes, eR, eN, a, b, colleague, dane, daneN, admin, chef, letterR, letterN, cR, cN, bilanA, bilanB, bilanColleague, sR, sN, cookies,
    actor, cookie,
  };
}
