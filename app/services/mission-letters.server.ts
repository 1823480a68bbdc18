// Lettres de mission (issue 5, ADR 009): one per establishment and school year, a SurveyJS form whose answers
// the IMP rules check. Drafts are edited by the chef or a RUPN of the establishment, submitted and signed by the
// chef, validated (or returned) by the DANE. Every write names the version it read (409 otherwise) and runs in
// one transaction with its audit event and its mails (outbox).
import { Prisma } from "../generated/prisma/client.ts";
import type { MissionLetterStatus } from "../generated/prisma/enums.ts";
import { db } from "../db/db.server.ts";
import { currentSchoolYearId, scopeOf } from "../auth/guards.server.ts";
import { type Actor, activeGrants } from "../domain/permissions.ts";
import { type LetterCheck, checkLetter } from "../domain/imp/letter.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../domain/labels.ts";
import { LETTER_STATUS_LABELS } from "../domain/letter-status.ts";
import { validateAnswers, type AnswerError } from "../surveys/validate.ts";
import { modelFor, type SurveyDefinition } from "../surveys/model.ts";
import { audit } from "./audit.server.ts";
import { envelopeOfEstablishment } from "./imp-rule-sets.server.ts";
import { scopeWhere } from "./establishments.server.ts";
import { onLetterValidated } from "./mission-letter-effects.server.ts";

export const LETTER_SURVEY_KEY = "lettre-de-mission";
export const LETTER_NOT_FOUND = "Cette lettre de mission n'existe pas ou vous n'y avez pas accès.";

export { LETTER_STATUS_LABELS };

/** A refusal with the HTTP status and French message the route returns; `errors` point at questions. */
export class LetterError extends Error {
  constructor(
    public status: number,
    message: string,
    public errors: AnswerError[] = [],
  ) {
    super(message);
  }
}

type Tx = Prisma.TransactionClient;
type EstablishmentRef = { id: string; academyId: string };

function grantsOn(actor: Actor) {
  return activeGrants(actor, currentSchoolYearId());
}

/** The chef of this establishment (an ADMIN is not a chef: signing is a personal act). */
export function isChefOf(actor: Actor, establishment: EstablishmentRef) {
  return grantsOn(actor).some((g) => g.role === "CHEF" && g.establishmentId === establishment.id);
}

export function isReferentOf(actor: Actor, establishment: EstablishmentRef) {
  return grantsOn(actor).some((g) => g.role === "RUPN" && g.establishmentId === establishment.id);
}

/** DANE or rectorat of the establishment's académie, or an administrator. */
export function isAcademyReviewer(actor: Actor, establishment: EstablishmentRef) {
  return grantsOn(actor).some(
    (g) => g.role === "ADMIN" || ((g.role === "DANE" || g.role === "RECTORAT") && g.academyId === establishment.academyId),
  );
}

const letterSelect = {
  id: true,
  status: true,
  version: true,
  data: true,
  schoolYearId: true,
  surveyVersionId: true,
  pupilCount: true,
  envelopeCents: true,
  topUpCents: true,
  attributedCents: true,
  submittedAt: true,
  signedAt: true,
  signerName: true,
  validatedAt: true,
  returnedAt: true,
  returnComment: true,
  updatedAt: true,
  establishment: {
    select: { id: true, uai: true, name: true, type: true, academyId: true, email: true, commune: true, academy: { select: { name: true, code: true } } },
  },
  surveyVersion: { select: { id: true, version: true, checksum: true, title: true } },
  document: { select: { sha256: true, createdAt: true } },
} satisfies Prisma.MissionLetterSelect;

export type LetterRow = Prisma.MissionLetterGetPayload<{ select: typeof letterSelect }>;

/** A letter the actor may see, or null (the caller answers 404 either way). */
export async function findLetter(actor: Actor, id: string, client: Tx | typeof db = db): Promise<LetterRow | null> {
  return client.missionLetter.findFirst({
    where: { id, establishment: scopeWhere(scopeOf(actor)) },
    select: letterSelect,
  });
}

export async function requireLetter(actor: Actor, id: string): Promise<LetterRow> {
  const letter = await findLetter(actor, id);
  if (!letter) throw new LetterError(404, LETTER_NOT_FOUND);
  return letter;
}

/** What the actor may do on the letter in its current state. */
export function letterPermissions(actor: Actor, letter: Pick<LetterRow, "status" | "establishment">) {
  const chef = isChefOf(actor, letter.establishment);
  const referent = isReferentOf(actor, letter.establishment);
  const reviewer = isAcademyReviewer(actor, letter.establishment);
  return {
    edit: letter.status === "DRAFT" && (chef || referent),
    submit: letter.status === "DRAFT" && chef,
    reopen: letter.status === "SUBMITTED" && chef,
    sign: letter.status === "SUBMITTED" && chef,
    validate: letter.status === "SIGNED" && reviewer,
    return: (letter.status === "SUBMITTED" || letter.status === "SIGNED") && reviewer,
  };
}

async function latestLetterVersion(tx: Tx | typeof db, schoolYearId: string) {
  const version = await tx.surveyVersion.findFirst({
    where: { key: LETTER_SURVEY_KEY, schoolYearId, academyId: null },
    orderBy: { version: "desc" },
    select: { id: true, version: true, checksum: true },
  });
  if (!version) {
    throw new LetterError(409, `Le formulaire de la lettre de mission ${schoolYearId} n'est pas encore publié (surveys/${LETTER_SURVEY_KEY}/${schoolYearId}.json).`);
  }
  return version;
}

/** Facts about the establishment that the form shows read-only: always taken from the database, never the client. */
async function establishmentFacts(tx: Tx | typeof db, establishmentId: string, schoolYearId: string) {
  const establishment = await tx.establishment.findUniqueOrThrow({
    where: { id: establishmentId },
    select: {
      id: true, uai: true, name: true, type: true, academyId: true,
      years: { where: { schoolYearId }, select: { pupilCount: true } },
      roles: { where: { role: "CHEF" }, orderBy: { createdAt: "asc" }, select: { user: { select: { firstName: true, lastName: true } } } },
    },
  });
  const pupilCount = establishment.years[0]?.pupilCount ?? null;
  const chef = establishment.roles[0]?.user;
  return {
    establishment,
    pupilCount,
    chefName: chef ? `${chef.firstName} ${chef.lastName}` : "",
    fields: {
      etab_uai: establishment.uai,
      etab_nom: establishment.name,
      etab_type: ESTABLISHMENT_TYPE_LABELS[establishment.type],
      etab_effectif: pupilCount === null ? "inconnu" : String(pupilCount),
    },
  };
}

type Answers = Record<string, unknown>;

/** Last year's letter carried over: the same referents and split, nobody new, the whole year, no dates. */
export function carryOverAnswers(previous: Answers): Answers {
  const referents = Array.isArray(previous.referents) ? previous.referents : [];
  const carried: Answers = {
    referents: referents
      .filter((r): r is Answers => Boolean(r) && typeof r === "object" && (r as Answers).periode !== "remplacement")
      .map(({ debut: _d, fin: _f, remplace: _r, libelle: _l, ...rest }) => ({ ...rest, nouveau: false, periode: "annee" })),
  };
  for (const key of ["chef_nom", "chef_qualite", "repartition", "moyens", "moyens-Comment", "complement", "inscription_formation"]) {
    if (previous[key] !== undefined) carried[key] = previous[key];
  }
  return carried;
}

/** The actor's establishments (chef or RUPN) with this year's letter, if any; and the letters they may see. */
export async function myLetters(actor: Actor) {
  const schoolYearId = currentSchoolYearId();
  const ids = [...new Set(activeGrants(actor, schoolYearId).filter((g) => (g.role === "CHEF" || g.role === "RUPN") && g.establishmentId).map((g) => g.establishmentId!))];
  const establishments = await db.establishment.findMany({
    where: { id: { in: ids } },
    orderBy: { name: "asc" },
    select: {
      id: true, uai: true, name: true, type: true, commune: true, academyId: true,
      missionLetters: { orderBy: { schoolYearId: "desc" }, select: { id: true, schoolYearId: true, status: true, updatedAt: true, attributedCents: true, envelopeCents: true } },
    },
  });
  return { schoolYearId, establishments };
}

/**
 * Opens this year's letter of an establishment: the existing one, or a new draft prefilled from last year's
 * letter and the directory. Only the chef or a RUPN of the establishment may start it.
 */
export async function openLetter(actor: Actor, establishmentId: string, ip: string | null = null): Promise<string> {
  const schoolYearId = currentSchoolYearId();
  const establishment = await db.establishment.findFirst({ where: { id: establishmentId, ...scopeWhere(scopeOf(actor)) }, select: { id: true, academyId: true } });
  if (!establishment) throw new LetterError(404, "Cet établissement n'existe pas ou vous n'y avez pas accès.");
  const existing = await db.missionLetter.findUnique({ where: { establishmentId_schoolYearId: { establishmentId, schoolYearId } }, select: { id: true } });
  if (existing) return existing.id;
  if (!isChefOf(actor, establishment) && !isReferentOf(actor, establishment)) {
    throw new LetterError(403, "Seuls le chef d'établissement et les référents de l'établissement peuvent commencer la lettre de mission.");
  }
  try {
    return await db.$transaction(async (tx) => {
      const version = await latestLetterVersion(tx, schoolYearId);
      const facts = await establishmentFacts(tx, establishmentId, schoolYearId);
      const previous = await tx.missionLetter.findFirst({
        where: { establishmentId, schoolYearId: { lt: schoolYearId } },
        orderBy: { schoolYearId: "desc" },
        select: { id: true, data: true, schoolYearId: true },
      });
      const data: Answers = { ...(previous ? carryOverAnswers(previous.data as Answers) : {}), ...facts.fields };
      if (!data.chef_nom && facts.chefName) data.chef_nom = facts.chefName;
      const letter = await tx.missionLetter.create({
        data: { establishmentId, schoolYearId, surveyVersionId: version.id, data: data as Prisma.InputJsonValue, pupilCount: facts.pupilCount, createdById: actor.userId },
      });
      await recompute(tx, letter.id, data, schoolYearId, establishmentId);
      await audit(tx, {
        actorId: actor.userId, action: "mission-letter.create", entityType: "MissionLetter", entityId: letter.id,
        summary: { schoolYearId, prefilledFrom: previous?.schoolYearId ?? null }, ip,
      });
      return letter.id;
    });
  } catch (error) {
    // Two people opening the letter at the same time: the second one gets the first one's letter.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      const letter = await db.missionLetter.findUniqueOrThrow({ where: { establishmentId_schoolYearId: { establishmentId, schoolYearId } }, select: { id: true } });
      return letter.id;
    }
    throw error;
  }
}

/** The IMP checks of a letter's answers with the establishment's envelope of that year. */
export async function letterChecks(letter: { establishmentId: string; schoolYearId: string; data: unknown }, client: Tx | typeof db = db) {
  const establishment = await client.establishment.findUniqueOrThrow({ where: { id: letter.establishmentId }, select: { id: true, academyId: true, type: true, name: true } });
  const envelope = await envelopeOfEstablishment(client, establishment, letter.schoolYearId);
  const check = checkLetter({
    answers: letter.data,
    schoolYear: letter.schoolYearId,
    envelope: envelope.result.ok ? envelope.result.envelope.total : null,
    legalRates: envelope.legalRates,
  });
  return { check, envelope };
}

/** Rewrites the frozen figures and the attributions from the answers (same transaction as the save). */
export async function recompute(tx: Tx, letterId: string, data: unknown, schoolYearId: string, establishmentId: string): Promise<LetterCheck> {
  const { check, envelope } = await letterChecks({ establishmentId, schoolYearId, data }, tx);
  await tx.missionLetter.update({
    where: { id: letterId },
    data: {
      pupilCount: envelope.pupilCount,
      ruleSetId: envelope.ruleSet?.id ?? null,
      envelopeCents: check.totals.envelope,
      topUpCents: check.totals.topUp,
      attributedCents: check.totals.attributed,
    },
  });
  await tx.impAttribution.deleteMany({ where: { letterId } });
  const seen = new Set<string>();
  const rows = check.letter.referents.filter((r) => r.email && !seen.has(r.email) && seen.add(r.email));
  if (rows.length) {
    await tx.impAttribution.createMany({
      data: rows.map((r) => ({
        letterId,
        establishmentId,
        schoolYearId,
        position: r.position,
        firstName: r.firstName,
        lastName: r.lastName,
        email: r.email,
        staffStatus: r.staffStatus ?? "",
        discipline: r.discipline,
        newcomer: r.newcomer,
        impCents: r.impCents !== null && Number.isSafeInteger(r.impCents) ? r.impCents : null,
        reliefHours: r.reliefHours,
        startsOn: r.startsOn && /^\d{4}-\d{2}-\d{2}$/.test(r.startsOn) ? new Date(`${r.startsOn}T00:00:00Z`) : null,
        endsOn: r.endsOn && /^\d{4}-\d{2}-\d{2}$/.test(r.endsOn) ? new Date(`${r.endsOn}T00:00:00Z`) : null,
        replacesEmail: r.replacesEmail,
      })),
    });
  }
  return check;
}

function issuesAsAnswerErrors(check: LetterCheck): AnswerError[] {
  return check.errors.map((e) => ({ question: String(e.path[0] ?? ""), message: e.message }));
}

const conflict = () =>
  new LetterError(409, "Cette lettre a été modifiée entre-temps par une autre personne ou dans un autre onglet. Rechargez la page pour reprendre la dernière version enregistrée : vos dernières saisies n'ont pas été enregistrées.");

export type SaveLetterInput = { surveyVersionId: string; version: number; data: unknown };

/**
 * Autosave of a draft (`draft`) or its submission to the chef's signature (`submit`). Refusals write nothing:
 * 404 out of scope, 403 not allowed, 409 wrong state / version, 422 invalid answers or blocking IMP errors.
 */
export async function saveLetter(actor: Actor, id: string, input: SaveLetterInput, mode: "draft" | "submit", ip: string | null = null) {
  const letter = await requireLetter(actor, id);
  const can = letterPermissions(actor, letter);
  if (letter.status !== "DRAFT") {
    throw new LetterError(409, `Cette lettre est « ${LETTER_STATUS_LABELS[letter.status].toLowerCase()} » : elle ne peut plus être modifiée${letter.status === "SUBMITTED" ? " (le chef d'établissement peut la reprendre en brouillon)" : ""}.`);
  }
  if (!can.edit) throw new LetterError(403, "Seuls le chef d'établissement et les référents de l'établissement peuvent modifier cette lettre.");
  if (mode === "submit" && !can.submit) throw new LetterError(403, "Seul le chef d'établissement peut soumettre la lettre à la signature.");
  if (input.surveyVersionId !== letter.surveyVersionId) {
    throw new LetterError(409, "Cette lettre se remplit avec une autre version du formulaire que celle affichée sur votre page. Rechargez la page.");
  }
  if (input.version !== letter.version) throw conflict();
  const v = letter.surveyVersion;
  const model = await modelFor(v, async () =>
    (await db.surveyVersion.findUniqueOrThrow({ where: { id: v.id }, select: { definition: true } })).definition as SurveyDefinition,
  );
  const facts = await establishmentFacts(db, letter.establishment.id, letter.schoolYearId);
  const submitted = input.data && typeof input.data === "object" && !Array.isArray(input.data) ? { ...(input.data as Answers), ...facts.fields } : input.data;
  const result = validateAnswers(model, submitted, mode);
  if (!result.ok) {
    throw new LetterError(422, `Certaines réponses sont à corriger. ${result.errors.slice(0, 3).map((e) => e.message).join(" ")}`, result.errors);
  }
  const data = result.data;
  return db.$transaction(async (tx) => {
    const updated = await tx.missionLetter.updateMany({
      where: { id, version: input.version, status: "DRAFT" },
      data: {
        data: data as Prisma.InputJsonValue,
        version: { increment: 1 },
        ...(mode === "submit" ? { status: "SUBMITTED", submittedAt: new Date(), submittedById: actor.userId } : {}),
      },
    });
    if (updated.count !== 1) throw conflict();
    const check = await recompute(tx, id, data, letter.schoolYearId, letter.establishment.id);
    if (mode === "submit") {
      if (check.errors.length) {
        // Rolls the whole transaction back: nothing is written.
        throw new LetterError(422, `La lettre ne peut pas être soumise : ${check.errors.map((e) => e.message).join(" ")}`, issuesAsAnswerErrors(check));
      }
      await audit(tx, { actorId: actor.userId, action: "mission-letter.submit", entityType: "MissionLetter", entityId: id, summary: { version: input.version + 1, warnings: check.warnings.length }, ip });
    }
    return {
      version: input.version + 1,
      status: mode === "submit" ? ("SUBMITTED" as const) : ("DRAFT" as const),
      savedAt: new Date().toISOString(),
      checks: { errors: check.errors, warnings: check.warnings, totals: check.totals },
    };
  });
}

export type TransitionInput =
  | { action: "reopen"; version: number }
  | { action: "sign"; version: number; confirmed: boolean }
  | { action: "return"; version: number; comment: string }
  | { action: "validate"; version: number };

const TRANSITIONS: Record<TransitionInput["action"], { from: MissionLetterStatus[]; to: MissionLetterStatus; allowed: keyof ReturnType<typeof letterPermissions> }> = {
  reopen: { from: ["SUBMITTED"], to: "DRAFT", allowed: "reopen" },
  sign: { from: ["SUBMITTED"], to: "SIGNED", allowed: "sign" },
  return: { from: ["SUBMITTED", "SIGNED"], to: "DRAFT", allowed: "return" },
  validate: { from: ["SIGNED"], to: "VALIDATED", allowed: "validate" },
};

const REFUSALS: Record<TransitionInput["action"], string> = {
  reopen: "Seul le chef d'établissement peut reprendre en brouillon une lettre soumise.",
  sign: "Seul le chef d'établissement peut signer la lettre de mission, une fois soumise.",
  return: "Seule la DANE (ou le rectorat) de l'académie peut renvoyer une lettre soumise ou signée.",
  validate: "Seule la DANE (ou le rectorat) de l'académie peut valider une lettre signée.",
};

/** A workflow step: reopen (chef), sign (chef), return with a comment or validate (DANE/rectorat). */
export async function transitionLetter(
  actor: Actor,
  id: string,
  input: TransitionInput,
  { ip = null, origin, now = new Date() }: { ip?: string | null; origin?: string; now?: Date } = {},
) {
  const letter = await requireLetter(actor, id);
  const step = TRANSITIONS[input.action];
  const can = letterPermissions(actor, letter);
  if (!step.from.includes(letter.status)) {
    throw new LetterError(409, `Action impossible : la lettre est « ${LETTER_STATUS_LABELS[letter.status].toLowerCase()} ». Rechargez la page.`);
  }
  if (!can[step.allowed]) throw new LetterError(403, REFUSALS[input.action]);
  if (input.version !== letter.version) throw conflict();
  if (input.action === "sign" && !input.confirmed) {
    throw new LetterError(422, "Cochez la case de signature pour confirmer que vous signez cette lettre de mission.");
  }
  const comment = input.action === "return" ? input.comment.trim() : "";
  if (input.action === "return" && (comment.length < 5 || comment.length > 2000)) {
    throw new LetterError(422, "Indiquez au chef d'établissement ce qui est à reprendre (un commentaire de 5 à 2 000 caractères).");
  }
  return db.$transaction(async (tx) => {
    if (input.action === "sign" || input.action === "validate") {
      const { check } = await letterChecks({ establishmentId: letter.establishment.id, schoolYearId: letter.schoolYearId, data: letter.data }, tx);
      if (check.errors.length) {
        throw new LetterError(422, `La lettre ne peut pas être ${input.action === "sign" ? "signée" : "validée"} : ${check.errors.map((e) => e.message).join(" ")}`, issuesAsAnswerErrors(check));
      }
    }
    const signer = `${actor.firstName} ${actor.lastName}`.trim();
    const data: Prisma.MissionLetterUpdateManyMutationInput = { status: step.to, version: { increment: 1 } };
    if (input.action === "sign") Object.assign(data, { signedAt: now, signedById: actor.userId, signerName: signer });
    if (input.action === "validate") Object.assign(data, { validatedAt: now, validatedById: actor.userId });
    if (input.action === "return") {
      Object.assign(data, { returnedAt: now, returnComment: comment, signedAt: null, signedById: null, signerName: null, submittedAt: null });
    }
    if (input.action === "reopen") Object.assign(data, { submittedAt: null });
    const updated = await tx.missionLetter.updateMany({ where: { id, version: input.version, status: letter.status }, data });
    if (updated.count !== 1) throw conflict();
    await audit(tx, {
      actorId: actor.userId,
      action: `mission-letter.${input.action}`,
      entityType: "MissionLetter",
      entityId: id,
      summary: { from: letter.status, to: step.to, version: input.version + 1, ...(comment ? { comment } : {}), ...(input.action === "sign" ? { signer } : {}) },
      ip,
    });
    let effects: Awaited<ReturnType<typeof onLetterValidated>> | null = null;
    if (input.action === "validate") effects = await onLetterValidated(tx, id, actor.userId, now, origin);
    return { version: input.version + 1, status: step.to, effects };
  });
}

/** The letter's history (audit events), oldest first, for its page. */
export async function letterHistory(letterId: string) {
  const events = await db.auditEvent.findMany({
    where: { entityType: "MissionLetter", entityId: letterId, action: { not: "view-personal-data" } },
    orderBy: { createdAt: "asc" },
    select: { id: true, action: true, createdAt: true, summary: true, actorId: true },
  });
  const actors = await db.user.findMany({ where: { id: { in: events.map((e) => e.actorId).filter((x): x is string => Boolean(x)) } }, select: { id: true, firstName: true, lastName: true } });
  const names = new Map(actors.map((a) => [a.id, `${a.firstName} ${a.lastName}`]));
  return events.map((e) => ({ ...e, actorName: e.actorId ? (names.get(e.actorId) ?? "—") : "Plateforme" }));
}

export async function letterDefinition(surveyVersionId: string) {
  const version = await db.surveyVersion.findUniqueOrThrow({ where: { id: surveyVersionId }, select: { definition: true } });
  return version.definition as SurveyDefinition;
}
