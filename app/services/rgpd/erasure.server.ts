// Rectification and erasure of a person (RGPD, ADR 020). Erasure anonymises in one transaction: the identity is
// replaced everywhere the platform stored it (account, letters, IMP attributions, mails, logs), free-text answers of
// the person's bilans are cleared, sign-in means are removed. Ids, figures and aggregates stay, without the name.
// Both acts are audited with who and why; erasure cannot be undone.
import type { Prisma } from "../../generated/prisma/client.ts";
import { db } from "../../db/db.server.ts";
import { currentSchoolYearId } from "../../auth/guards.server.ts";
import type { Actor } from "../../domain/permissions.ts";
import { ERASED_FIRST_NAME, ERASED_LABEL, ERASED_LAST_NAME, erasedEmail, identityPatterns, scrubAnswers, scrubText, type Rectification } from "../../domain/rgpd/identity.ts";
import { freeTextQuestionNames, withoutFreeText } from "../../domain/rgpd/free-text.ts";
import { audit } from "../audit.server.ts";
import { personInScope } from "./person-file.server.ts";

type Tx = Prisma.TransactionClient;

export class RgpdError extends Error {
  constructor(
    public status: number,
    message: string,
  ) {
    super(message);
  }
}

const LONG_TRANSACTION = { timeout: 120_000, maxWait: 15_000 };

export async function rectifyPerson(actor: Actor, personId: string, input: Rectification, ip: string | null) {
  const { person } = await personInScope(actor, personId);
  if (person.erasedAt) throw new RgpdError(409, "Cette personne a été effacée : son identité ne peut plus être modifiée.");
  const changed = (["firstName", "lastName", "email"] as const).filter((k) => person[k] !== input[k]);
  if (changed.length === 0) throw new RgpdError(422, "Aucune modification : les valeurs saisies sont celles de la fiche.");
  await db.$transaction(async (tx) => {
    if (changed.includes("email")) {
      const taken = await tx.user.findFirst({ where: { email: { equals: input.email, mode: "insensitive" }, id: { not: person.id } }, select: { id: true } });
      if (taken) throw new RgpdError(409, "Cette adresse électronique est déjà celle d'un autre compte.");
    }
    const updated = await tx.user.updateMany({
      where: { id: person.id, version: input.version, erasedAt: null },
      data: { firstName: input.firstName, lastName: input.lastName, email: input.email, version: { increment: 1 } },
    });
    if (updated.count === 0) throw new RgpdError(409, "La fiche a été modifiée entre-temps par quelqu'un d'autre : rechargez la page, puis refaites la correction.");
    // The IMP attributions carry a copy of the identity (and the address links them to the person): same correction.
    const email = { equals: person.email, mode: "insensitive" as const };
    await tx.impAttribution.updateMany({ where: { email }, data: { firstName: input.firstName, lastName: input.lastName, email: input.email } });
    await tx.impAttribution.updateMany({ where: { replacesEmail: email }, data: { replacesEmail: input.email } });
    await audit(tx, { actorId: actor.userId, action: "rgpd.rectify", entityType: "User", entityId: person.id, summary: { fields: changed }, ip });
  });
  return { changed };
}

export type ErasureCounts = {
  attributions: number;
  letters: number;
  letterDocuments: number;
  bilans: number;
  facts: number;
  mails: number;
  sessions: number;
  loginTokens: number;
  identities: number;
  roles: number;
  otherRecords: number;
};

/** Erasure on request: by the DANE of the person's académie (or the administrator), with a reason. */
export async function erasePerson(actor: Actor, personId: string, reason: string, ip: string | null) {
  const { person } = await personInScope(actor, personId);
  if (person.id === actor.userId) throw new RgpdError(422, "Vous ne pouvez pas effacer votre propre compte : demandez-le à l'administrateur.");
  if (person.erasedAt) throw new RgpdError(409, "Cette personne a déjà été effacée.");
  return db.$transaction((tx) => anonymise(tx, person.id, { actorId: actor.userId, reason, ip }), LONG_TRANSACTION);
}

/** Erasure at the end of the retention period (the purge job): no acting user. */
export async function eraseExpiredPerson(tx: Tx, personId: string, reason: string) {
  return anonymise(tx, personId, { actorId: null, reason, ip: null });
}

async function anonymise(tx: Tx, personId: string, by: { actorId: string | null; reason: string; ip: string | null }): Promise<ErasureCounts> {
  // Lock the row: two erasures of one person cannot interleave.
  const [person] = await tx.$queryRaw<{ id: string; firstName: string; lastName: string; email: string; erasedAt: Date | null }[]>`
    SELECT id, "firstName", "lastName", email, "erasedAt" FROM "User" WHERE id = ${personId} FOR UPDATE`;
  if (!person) throw new RgpdError(404, "Cette personne n'existe pas ou vous n'y avez pas accès.");
  if (person.erasedAt) throw new RgpdError(409, "Cette personne a déjà été effacée.");
  const newEmail = erasedEmail(person.id);
  const email = { equals: person.email, mode: "insensitive" as const };
  const scrub = (text: string) => scrubText(text, person, newEmail);

  // IMP attributions: the identity goes, the amounts stay. The placeholder address keeps the replacement links
  // (replacesEmail) and the letter's answers consistent; a person appears once per letter, so it stays unique.
  const attributions = await tx.impAttribution.findMany({ where: { email }, select: { id: true, letterId: true } });
  await tx.impAttribution.updateMany({ where: { email }, data: { firstName: ERASED_FIRST_NAME, lastName: ERASED_LAST_NAME, email: newEmail } });
  await tx.impAttribution.updateMany({ where: { replacesEmail: email }, data: { replacesEmail: newEmail } });

  // Letters where the person appears (referent, or the chef who opened, submitted or signed it): answers scrubbed,
  // the rendered PDF dropped (the next download renders it again, without the name).
  const letters = await tx.missionLetter.findMany({
    where: {
      OR: [
        { id: { in: attributions.map((a) => a.letterId) } },
        { createdById: person.id }, { submittedById: person.id }, { signedById: person.id },
      ],
    },
    select: { id: true, data: true, signerName: true, returnComment: true },
  });
  for (const letter of letters) {
    await tx.missionLetter.update({
      where: { id: letter.id },
      data: {
        data: scrubAnswers(letter.data, person, newEmail) as Prisma.InputJsonValue,
        signerName: letter.signerName ? scrub(letter.signerName) : null,
        returnComment: letter.returnComment ? scrub(letter.returnComment) : null,
      },
    });
  }
  const letterDocuments = await tx.missionLetterDocument.deleteMany({ where: { letterId: { in: letters.map((l) => l.id) } } });

  // Bilans: the free text goes (names and circumstances live there), the figures and choices stay.
  const responses = await tx.surveyResponse.findMany({
    where: { respondentId: person.id },
    select: { id: true, data: true, draftData: true, surveyVersion: { select: { definition: true } } },
  });
  let facts = 0;
  for (const r of responses) {
    const freeText = freeTextQuestionNames(r.surveyVersion.definition);
    await tx.surveyResponse.update({
      where: { id: r.id },
      data: {
        data: withoutFreeText(r.data, freeText).value as Prisma.InputJsonValue,
        draftData: r.draftData === null ? undefined : (withoutFreeText(r.draftData, freeText).value as Prisma.InputJsonValue),
        freeTextClearedAt: new Date(),
      },
    });
    facts += (await tx.responseFact.updateMany({ where: { responseId: r.id, question: { in: [...freeText] }, textValue: { not: null } }, data: { textValue: null } })).count;
  }

  // Sign-in means and sessions.
  const sessions = await tx.session.deleteMany({ where: { userId: person.id } });
  const identities = await tx.linkedIdentity.deleteMany({ where: { userId: person.id } });
  const loginTokens = await tx.loginToken.deleteMany({ where: { email } });

  // Mails to the person: recipient, content and attachments removed; the row stays (delivery statistics).
  const mails = await tx.outboxMessage.updateMany({
    where: { recipient: email },
    data: { recipient: newEmail, subject: "Message effacé (protection des données)", textBody: "Contenu effacé à la suite de l'effacement du destinataire.", htmlBody: null, attachments: undefined, lastError: null },
  });
  await tx.$executeRaw`UPDATE "OutboxMessage" SET attachments = NULL WHERE recipient = ${newEmail}`;
  // Mails to others that name the person lose their attachments (a letter's PDF lists its referents).
  const { email: emailPattern, names } = identityPatterns(person);
  const mention = [emailPattern, ...names].join("|");
  await tx.$executeRaw`UPDATE "OutboxMessage" SET attachments = NULL
    WHERE attachments IS NOT NULL AND (subject ~* ${mention} OR "textBody" ~* ${mention} OR coalesce("htmlBody", '') ~* ${mention})`;

  // Access rights: the grants without a school year and those of the current and later years. Past designations
  // stay (history of the mission, participation of past campaigns), without the name.
  // The académies the person worked in, kept on the erasure's audit event: the access log of each still lists the
  // reads of this person's data once the grants are gone (app/services/rgpd/access-log.server.ts).
  const academyIds = (await tx.roleAssignment.findMany({ where: { userId: person.id }, select: { academyId: true }, distinct: ["academyId"] })).map((r) => r.academyId);
  const roles = await tx.roleAssignment.deleteMany({
    where: { userId: person.id, OR: [{ schoolYearId: null }, { schoolYearId: { gte: currentSchoolYearId() } }] },
  });

  await tx.user.update({
    where: { id: person.id },
    data: { firstName: ERASED_FIRST_NAME, lastName: ERASED_LAST_NAME, email: newEmail, erasedAt: new Date(), version: { increment: 1 } },
  });

  const counts: ErasureCounts = {
    attributions: attributions.length, letters: letters.length, letterDocuments: letterDocuments.count, bilans: responses.length, facts,
    mails: mails.count, sessions: sessions.count, loginTokens: loginTokens.count, identities: identities.count, roles: roles.count, otherRecords: 0,
  };
  await audit(tx, { actorId: by.actorId, action: "rgpd.erase", entityType: "User", entityId: person.id, summary: { reason: by.reason, ...counts, academyIds }, ip: by.ip });
  // Last, every other text the platform stored (logs, reports, mails to others, the reason just written): the
  // address and the full name, wherever they are, replaced. This is what makes "no trace" hold for tables to come.
  counts.otherRecords = await sweepIdentity(tx, person, newEmail);
  return counts;
}

/** Replaces the address and the full name in every text and JSON column of the database; returns the rows changed. */
async function sweepIdentity(tx: Tx, person: { firstName: string; lastName: string; email: string }, newEmail: string): Promise<number> {
  const columns = await tx.$queryRaw<{ table: string; column: string; type: string }[]>`
    SELECT table_name AS "table", column_name AS "column", data_type AS type FROM information_schema.columns c
    WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb') AND table_name <> '_prisma_migrations'
      AND EXISTS (SELECT 1 FROM information_schema.tables t WHERE t.table_schema = 'public' AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE')
    ORDER BY 1, 2`;
  const { email, names } = identityPatterns(person);
  const any = [email, ...names].join("|");
  const nameAlternation = names.length ? names.join("|") : null;
  let changed = 0;
  for (const { table, column, type } of columns) {
    const col = `"${column.replace(/"/g, '""')}"`;
    const cast = type === "json" ? "::json" : type === "jsonb" ? "::jsonb" : "";
    let expr = `regexp_replace(${col}::text, $1, $2, 'gi')`;
    if (nameAlternation) expr = `regexp_replace(${expr}, $3, $4, 'gi')`;
    const params = nameAlternation ? [email, newEmail, nameAlternation, ERASED_LABEL, any] : [email, newEmail, any];
    const anyParam = nameAlternation ? "$5" : "$3";
    changed += await tx.$executeRawUnsafe(
      `UPDATE "${table.replace(/"/g, '""')}" SET ${col} = (${expr})${cast} WHERE ${col}::text ~* ${anyParam}`,
      ...params,
    );
  }
  return changed;
}
