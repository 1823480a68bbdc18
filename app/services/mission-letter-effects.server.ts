// What follows the DANE's validation of a lettre de mission, in the same transaction as the validation:
// the referents get an account and their RUPN role for the year (the letter designates them), the letter is
// mailed as a PDF to the establishment and to each referent (outbox: retried, never lost, sent once each —
// the PDF is rendered by the worker when it sends, see outbox.server.ts), and the newcomers are designated
// for the next "Entrer dans la fonction de RUPN" session when the chef asked for it.
import type { Prisma } from "../generated/prisma/client.ts";
import { readLetterAnswers } from "../domain/imp/letter.ts";
import { formatEuros } from "../domain/imp/money.ts";
import { letterPdfFileName } from "../pdf/mission-letter.server.ts";
import { enqueueMail } from "./outbox.server.ts";
import { type PlaceOutcome, placePeople } from "./training-registrations.server.ts";
import { academyLabel, formatDate, formatHours } from "../domain/format/fr.ts";

type Tx = Prisma.TransactionClient;

export type ValidationEffects = {
  recipients: string[];
  accountsCreated: number;
  rolesGranted: number;
  designation: { sessionId: string; title: string; startsAt: Date; outcomes: PlaceOutcome[] } | null;
  newcomersWithoutSession: number;
};


export async function onLetterValidated(tx: Tx, letterId: string, actorId: string, now: Date, origin = process.env.APP_URL ?? ""): Promise<ValidationEffects> {
  const letter = await tx.missionLetter.findUniqueOrThrow({
    where: { id: letterId },
    select: {
      id: true, schoolYearId: true, data: true, signerName: true, signedAt: true,
      establishment: { select: { id: true, name: true, uai: true, email: true, academyId: true, academy: { select: { name: true } } } },
      attributions: { orderBy: { position: "asc" } },
    },
  });
  const { establishment } = letter;

  let accountsCreated = 0;
  let rolesGranted = 0;
  const userIdByEmail = new Map<string, string>();
  for (const a of letter.attributions) {
    let user = await tx.user.findUnique({ where: { email: a.email }, select: { id: true } });
    if (!user) {
      user = await tx.user.create({ data: { email: a.email, firstName: a.firstName, lastName: a.lastName }, select: { id: true } });
      accountsCreated++;
    }
    userIdByEmail.set(a.email, user.id);
    const grant = await tx.roleAssignment.findFirst({ where: { userId: user.id, role: "RUPN", establishmentId: establishment.id, schoolYearId: letter.schoolYearId } });
    if (!grant) {
      await tx.roleAssignment.create({
        data: { userId: user.id, role: "RUPN", academyId: establishment.academyId, establishmentId: establishment.id, schoolYearId: letter.schoolYearId },
      });
      rolesGranted++;
    }
  }

  const recipients = [...new Set([establishment.email, ...letter.attributions.map((a) => a.email)].filter((e): e is string => Boolean(e)).map((e) => e.toLowerCase()))];
  const fileName = letterPdfFileName(letter);
  const link = `${origin.replace(/\/$/, "")}/lettres/${letter.id}`;
  for (const to of recipients) {
    const attribution = letter.attributions.find((a) => a.email === to);
    const own = attribution
      ? attribution.impCents
        ? `Votre reconnaissance : une IMP de ${formatEuros(attribution.impCents)} par an.`
        : attribution.reliefHours
          ? `Votre reconnaissance : un allègement de service de ${formatHours(attribution.reliefHours)} hebdomadaires.`
          : attribution.replacesEmail
            ? "Vous assurez un remplacement : l'IMP du référent remplacé vous est versée pour la période correspondante."
            : null
      : null;
    await enqueueMail(tx, {
      kind: "mission-letter.validated",
      to,
      subject: `Lettre de mission RUPN ${letter.schoolYearId} validée — ${establishment.name}`,
      text: [
        attribution ? `Bonjour ${attribution.firstName},` : "Bonjour,",
        "",
        `La lettre de mission des référents pour les ressources et usages pédagogiques numériques (RUPN) de ${establishment.name} (${establishment.uai}) pour l'année scolaire ${letter.schoolYearId}, signée par ${letter.signerName ?? "le chef d'établissement"}${letter.signedAt ? ` le ${formatDate(letter.signedAt)}` : ""}, a été validée par la DANE de l'${academyLabel(establishment.academy.name)} le ${formatDate(now)}.`,
        "",
        ...(own ? [own, ""] : []),
        "Vous la trouverez en pièce jointe au format PDF.",
        ...(origin ? [`Elle est aussi consultable sur la plateforme RUPN : ${link}`] : []),
        "",
        "— Plateforme RUPN",
      ].join("\n"),
      attachments: [{ filename: fileName, contentType: "application/pdf", ref: { kind: "mission-letter-pdf", letterId: letter.id } }],
    });
  }

  const read = readLetterAnswers(letter.data);
  const newcomers = letter.attributions.filter((a) => a.newcomer).map((a) => ({ userId: userIdByEmail.get(a.email)!, establishmentId: establishment.id }));
  let designation: ValidationEffects["designation"] = null;
  let newcomersWithoutSession = 0;
  if (read.signUpNewcomers && newcomers.length) {
    const session = await tx.trainingSession.findFirst({
      where: {
        cancelledAt: null,
        startsAt: { gt: now },
        OR: [{ registrationDeadline: null }, { registrationDeadline: { gte: now } }],
        course: { kind: "ENTRY_TRAINING", academyId: establishment.academyId },
      },
      orderBy: { startsAt: "asc" },
      select: { id: true, startsAt: true, course: { select: { title: true } } },
    });
    if (session) {
      const outcomes = await placePeople(tx, session.id, newcomers, actorId, now);
      designation = { sessionId: session.id, title: session.course.title, startsAt: session.startsAt, outcomes };
    } else newcomersWithoutSession = newcomers.length;
  }
  return { recipients, accountsCreated, rolesGranted, designation, newcomersWithoutSession };
}
