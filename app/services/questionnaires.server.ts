// Questionnaires of an académie (issue 14, ADR 019): versions of a survey key for a school year, stored as
// SurveyVersion rows with the académie's id, started from the national model, from an earlier version, from an
// import or empty. Every query is limited to the académies the actor manages (another académie's id is a 404); the
// national models (surveys/ files, academyId null) are read-only here.
import type { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import type { Actor } from "../domain/permissions.ts";
import { managedAcademies } from "../domain/campaigns.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { definitionChecksum } from "../surveys/checksum.server.ts";
import { lastNumber } from "../surveys/registry.server.ts";
import { lockedQuestions, textOf, type Definition, type LockedQuestion } from "../surveys/definition-walk.ts";
import { DEFINITION_LIMITS, questionnaireIssues, type QuestionIssue } from "../surveys/questionnaire-checks.ts";
import { audit } from "./audit.server.ts";

export const NOT_QUESTIONNAIRE_KEYS = ["lettre-de-mission"];
export const QUESTIONNAIRE_NOT_FOUND = "Ce questionnaire n'existe pas ou vous n'y avez pas accès.";
export const SURVEY_KEY_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

/** A refusal, with the HTTP status and the French message (and per-question messages) the route returns. */
export class QuestionnaireError extends Error {
  constructor(public status: number, message: string, public errors: QuestionIssue[] = []) {
    super(message);
  }
}

export function managedAcademyFilter(actor: Actor): Prisma.SurveyVersionWhereInput {
  const managed = managedAcademies(actor, currentSchoolYearId());
  return managed === "all" ? { academyId: { not: null } } : { academyId: { in: managed } };
}

function assertManages(actor: Actor, academyId: string) {
  const managed = managedAcademies(actor, currentSchoolYearId());
  if (managed !== "all" && !managed.includes(academyId)) throw new QuestionnaireError(404, "Cette académie n'existe pas ou vous ne la gérez pas.");
}

const listSelect = {
  id: true, key: true, schoolYearId: true, version: true, title: true, status: true, academyId: true, derivedFromId: true,
  publishedAt: true, updatedAt: true, _count: { select: { responses: true, campaigns: true } },
} as const;

/** The national models one can start from, and the académie versions of the académies the actor manages. */
export async function listQuestionnaires(actor: Actor) {
  const [national, versions, academies, schoolYears] = await Promise.all([
    db.surveyVersion.findMany({
      where: { academyId: null, key: { notIn: NOT_QUESTIONNAIRE_KEYS } },
      orderBy: [{ key: "asc" }, { schoolYearId: "desc" }, { version: "desc" }],
      select: listSelect,
    }),
    db.surveyVersion.findMany({ where: managedAcademyFilter(actor), orderBy: [{ key: "asc" }, { schoolYearId: "desc" }, { version: "desc" }], select: listSelect }),
    academiesOf(actor),
    db.schoolYear.findMany({ orderBy: { id: "desc" }, select: { id: true } }),
  ]);
  // One national model per key and year: its latest version.
  const seen = new Set<string>();
  const models = national.filter((v) => !seen.has(`${v.key}/${v.schoolYearId}`) && seen.add(`${v.key}/${v.schoolYearId}`));
  return { models, versions, academies, schoolYears: schoolYears.map((y) => y.id) };
}

function academiesOf(actor: Actor) {
  const managed = managedAcademies(actor, currentSchoolYearId());
  return db.academy.findMany({ where: managed === "all" ? {} : { id: { in: managed } }, orderBy: { name: "asc" }, select: { id: true, name: true } });
}

/** An académie version the actor manages (404 otherwise), with what the editor needs. */
export async function getQuestionnaire(actor: Actor, id: string) {
  const version = await db.surveyVersion.findFirst({
    where: { AND: [{ id }, managedAcademyFilter(actor)] },
    select: { ...listSelect, definition: true, revision: true, nationalModelId: true, checksum: true },
  });
  if (!version) throw new QuestionnaireError(404, QUESTIONNAIRE_NOT_FOUND);
  const locks = await locksOf(version.nationalModelId);
  return { ...version, definition: version.definition as Definition, locks, answered: version._count.responses > 0 };
}

export async function locksOf(nationalModelId: string | null): Promise<LockedQuestion[]> {
  if (!nationalModelId) return [];
  const model = await db.surveyVersion.findUnique({ where: { id: nationalModelId }, select: { definition: true } });
  return model ? lockedQuestions(model.definition as Definition) : [];
}

/** A version one may start from or compare with: a national model, or a version of a managed académie. */
async function visibleSource(actor: Actor, id: string) {
  const source = await db.surveyVersion.findFirst({
    where: { AND: [{ id }, { key: { notIn: NOT_QUESTIONNAIRE_KEYS } }, { OR: [{ academyId: null }, managedAcademyFilter(actor)] }] },
    select: { id: true, key: true, academyId: true, nationalModelId: true, definition: true, title: true, schoolYearId: true },
  });
  if (!source) throw new QuestionnaireError(404, QUESTIONNAIRE_NOT_FOUND);
  return source;
}

export type CreateInput = { academyId: string; schoolYearId: string } & (
  | { from: "version"; sourceId: string }
  | { from: "empty"; key: string; title: string }
  | { from: "import"; key: string; definition: unknown }
);

function emptyDefinition(title: string): Definition {
  return { title, pages: [{ name: "page1", title: "Première page", elements: [{ type: "comment", name: "question1", title: "Votre première question" }] }] };
}

/** The national model of a key for a year (or the latest earlier one): its locks apply to an import of that key. */
async function nationalModelOf(key: string, schoolYearId: string) {
  return db.surveyVersion.findFirst({
    where: { key, schoolYearId: { lte: schoolYearId }, academyId: null },
    orderBy: [{ schoolYearId: "desc" }, { version: "desc" }],
    select: { id: true },
  });
}

/** A new draft of the académie (ADR 019): the copy of a version, an empty questionnaire, or an imported definition. */
export async function createQuestionnaire(actor: Actor, input: CreateInput, ip: string | null = null) {
  assertManages(actor, input.academyId);
  const year = await db.schoolYear.findUnique({ where: { id: input.schoolYearId }, select: { id: true } });
  if (!year) throw new QuestionnaireError(422, `Année scolaire inconnue : ${input.schoolYearId}.`);
  let key: string;
  let definition: Definition;
  let derivedFromId: string | null = null;
  let nationalModelId: string | null = null;
  if (input.from === "version") {
    const source = await visibleSource(actor, input.sourceId);
    if (source.academyId && source.academyId !== input.academyId) throw new QuestionnaireError(404, QUESTIONNAIRE_NOT_FOUND);
    key = source.key;
    definition = source.definition as Definition;
    derivedFromId = source.id;
    nationalModelId = source.academyId === null ? source.id : source.nationalModelId;
  } else {
    key = input.key;
    if (!SURVEY_KEY_PATTERN.test(key) || key.length > 60) throw new QuestionnaireError(422, "Identifiant du questionnaire : lettres minuscules, chiffres et tirets (par exemple « besoins-de-formation »), 60 caractères au plus.");
    if (NOT_QUESTIONNAIRE_KEYS.includes(key)) throw new QuestionnaireError(422, "La lettre de mission a son propre formulaire national : elle ne se crée pas ici.");
    if (input.from === "empty") definition = emptyDefinition(input.title);
    else {
      nationalModelId = (await nationalModelOf(key, input.schoolYearId))?.id ?? null;
      const issues = questionnaireIssues(input.definition, await locksOf(nationalModelId));
      if (issues.length) throw new QuestionnaireError(422, "Le fichier importé ne respecte pas les règles des questionnaires : rien n'a été créé.", issues);
      definition = input.definition as Definition;
    }
  }
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`survey:${key}:${input.schoolYearId}`}))`;
    const created = await tx.surveyVersion.create({
      data: {
        key, schoolYearId: input.schoolYearId, version: (await lastNumber(tx, key, input.schoolYearId)) + 1,
        title: textOf(definition.title) || key, definition: definition as Prisma.InputJsonValue, checksum: definitionChecksum(definition),
        academyId: input.academyId, status: "DRAFT", derivedFromId, nationalModelId, createdById: actor.userId,
      },
      select: { id: true },
    });
    await audit(tx, { actorId: actor.userId, action: `questionnaire.create.${input.from}`, entityType: "SurveyVersion", entityId: created.id, summary: { key, schoolYearId: input.schoolYearId }, ip });
    return created;
  });
}

/** The definition a source version is compared with before publishing (the version it derives from), if visible. */
export async function baseOf(actor: Actor, derivedFromId: string | null) {
  if (!derivedFromId) return null;
  try {
    const source = await visibleSource(actor, derivedFromId);
    return { id: source.id, title: source.title, national: source.academyId === null, definition: source.definition as Definition };
  } catch {
    return null;
  }
}

/** Any version the actor may export: a national model or a version of a managed académie. */
export async function exportQuestionnaire(actor: Actor, id: string) {
  const source = await visibleSource(actor, id);
  return { filename: `${source.key}-${source.schoolYearId}.json`, definition: source.definition as Definition };
}

/** Parses an uploaded SurveyJS JSON file, bounded in size, or refuses it in French. */
export function parseImportedJson(text: string): unknown {
  if (Buffer.byteLength(text, "utf8") > DEFINITION_LIMITS.bytes) throw new QuestionnaireError(413, `Le fichier dépasse ${DEFINITION_LIMITS.bytes / 1024} Ko : un questionnaire tient dans bien moins.`);
  try {
    return JSON.parse(text);
  } catch {
    throw new QuestionnaireError(422, "Le fichier n'est pas un JSON SurveyJS lisible : exportez-le à nouveau depuis la plateforme d'origine.");
  }
}
