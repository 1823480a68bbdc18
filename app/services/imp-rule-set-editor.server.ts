// The DANE's editor of IMP envelope rule sets (issue 5, point 2; ADR 009b): list an académie's sets, prepare
// next year's draft from the set in force, save a draft (validated, optimistic lock on `version`), publish it
// (explicit, audited; a published set is read-only). A DANE / rectorat acts on its own académie only; any other
// id is a 404.
import type { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import type { Actor } from "../domain/permissions.ts";
import { impManagedAcademies } from "../domain/imp/academy-scope.ts";
import { type RuleSetFormInput, parseRuleSetForm } from "../domain/imp/rule-set-form.ts";
import { validateRuleSet } from "../domain/imp/rule-set.ts";
import { LEGAL_IMP_RATES_2015 } from "../domain/imp/rates.ts";
import { schoolYearBounds, schoolYearIdFor } from "../domain/school-year.ts";
import { audit } from "./audit.server.ts";
import { type StoredRuleSet, publishedRuleSetInForce, toDomainRuleSet } from "./imp-rule-sets.server.ts";
import { ACADEMY_NOT_FOUND, ImpServiceError, RULE_SET_NOT_FOUND } from "./imp-errors.server.ts";

export const RULE_SET_CONFLICT =
  "Ces règles ont été modifiées par une autre personne depuis que vous avez ouvert la page : vos changements n'ont pas été enregistrés. Rechargez la page pour partir de la dernière version.";
export const RULE_SET_READ_ONLY = "Ces règles sont publiées : elles ne peuvent plus être modifiées. Préparez un nouveau brouillon pour les changer.";

const include = {
  rules: { orderBy: [{ type: "asc" as const }, { minPupils: "asc" as const }] },
  academy: true as const,
} satisfies Prisma.ImpRuleSetInclude;

export function legalRatesOf(stored: { legalRatesCents: number[] }): number[] {
  return stored.legalRatesCents.length ? [...stored.legalRatesCents] : [...LEGAL_IMP_RATES_2015];
}

export function nextSchoolYearId(schoolYearId: string): string {
  const start = Number(schoolYearId.slice(0, 4)) + 1;
  return `${start}-${start + 1}`;
}

/** The académies the actor manages, and the one asked for (default: the first by name); foreign → 404. */
export async function managedAcademyChoice(actor: Actor, requestedId?: string | null) {
  const managed = impManagedAcademies(actor, currentSchoolYearId());
  const academies = await db.academy.findMany({
    where: managed === "all" ? {} : { id: { in: managed } },
    orderBy: { name: "asc" },
    select: { id: true, name: true, code: true },
  });
  if (academies.length === 0) throw new ImpServiceError(403, "Vous ne gérez aucune académie.");
  const academy = requestedId ? academies.find((a) => a.id === requestedId) : academies[0];
  if (!academy) throw new ImpServiceError(404, ACADEMY_NOT_FOUND);
  return { academy, academies };
}

/** One rule set, if the actor manages its académie (404 otherwise). */
export async function getRuleSet(actor: Actor, id: string): Promise<StoredRuleSet> {
  const managed = impManagedAcademies(actor, currentSchoolYearId());
  const stored = await db.impRuleSet.findFirst({
    where: { id, ...(managed === "all" ? {} : { academyId: { in: managed } }) },
    include,
  });
  if (!stored) throw new ImpServiceError(404, RULE_SET_NOT_FOUND);
  return stored;
}

/** The rule sets of an académie, newest school year first, and what "préparer l'année suivante" would do. */
export async function listRuleSets(academyId: string, now = new Date()) {
  const current = schoolYearIdFor(now);
  const next = nextSchoolYearId(current);
  const [sets, inForce, nextDraft] = await Promise.all([
    db.impRuleSet.findMany({
      where: { academyId },
      orderBy: [{ schoolYearId: "desc" }, { effectiveFrom: "desc" }, { createdAt: "desc" }],
      include: { _count: { select: { rules: true } } },
    }),
    publishedRuleSetInForce(db, academyId, current),
    db.impRuleSet.findFirst({ where: { academyId, schoolYearId: next, status: "DRAFT" }, select: { id: true } }),
  ]);
  const publisherIds = [...new Set(sets.map((s) => s.publishedById).filter((v): v is string => Boolean(v)))];
  const publishers = await db.user.findMany({ where: { id: { in: publisherIds } }, select: { id: true, firstName: true, lastName: true } });
  return {
    current,
    next,
    canPrepare: Boolean(inForce) || sets.some((s) => s.schoolYearId === next && s.status === "PUBLISHED"),
    nextDraftId: nextDraft?.id ?? null,
    sets: sets.map((s) => {
      const publisher = publishers.find((p) => p.id === s.publishedById);
      return {
        id: s.id,
        schoolYearId: s.schoolYearId,
        status: s.status,
        effectiveFrom: s.effectiveFrom,
        source: s.source,
        rules: s._count.rules,
        publishedAt: s.publishedAt,
        publishedBy: publisher ? `${publisher.firstName} ${publisher.lastName}` : null,
        inForce: s.id === inForce?.id,
      };
    }),
  };
}

/**
 * Next school year's draft: the existing one, or a copy of the latest published set of that year (an
 * adjustment), else of the set in force this year. One draft per académie and year (advisory lock).
 */
export async function prepareNextYear(actor: Actor, academyId: string, ip: string | null = null, now = new Date()) {
  await managedAcademyChoice(actor, academyId);
  const current = schoolYearIdFor(now);
  const next = nextSchoolYearId(current);
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`imp-rule-set:${academyId}:${next}`}))`;
    const draft = await tx.impRuleSet.findFirst({ where: { academyId, schoolYearId: next, status: "DRAFT" }, select: { id: true } });
    if (draft) return { id: draft.id, created: false };
    const base = (await publishedRuleSetInForce(tx, academyId, next)) ?? (await publishedRuleSetInForce(tx, academyId, current));
    if (!base) {
      throw new ImpServiceError(409, `Aucune règle d'enveloppe IMP n'est publiée pour ${current} : il n'y a rien à reprendre pour ${next}.`);
    }
    await tx.schoolYear.upsert({ where: { id: next }, update: {}, create: { id: next, ...schoolYearBounds(next) } });
    const created = await tx.impRuleSet.create({
      data: {
        academyId,
        schoolYearId: next,
        effectiveFrom: base.schoolYearId === next ? base.effectiveFrom : schoolYearBounds(next).startsOn,
        status: "DRAFT",
        source: base.source,
        legalRatesCents: legalRatesOf(base),
        createdById: actor.userId,
        rules: {
          create: base.rules.map((r) => ({ type: r.type, minPupils: r.minPupils, maxPupils: r.maxPupils, units: r.units, unitRateCents: r.unitRateCents })),
        },
      },
    });
    await audit(tx, {
      actorId: actor.userId,
      action: "imp-rule-set.prepare",
      entityType: "ImpRuleSet",
      entityId: created.id,
      summary: { schoolYearId: next, copiedFrom: base.id },
      ip,
    });
    return { id: created.id, created: true };
  });
}

export type SaveRuleSetInput = RuleSetFormInput & { version: number };

/** Saves a draft: validated first (nothing written on error: 422 with French messages per field), then a version check. */
export async function saveDraft(actor: Actor, id: string, input: SaveRuleSetInput, ip: string | null = null) {
  const stored = await getRuleSet(actor, id);
  if (stored.status === "PUBLISHED") throw new ImpServiceError(409, RULE_SET_READ_ONLY);
  if (stored.version !== input.version) throw new ImpServiceError(409, RULE_SET_CONFLICT);
  const parsed = parseRuleSetForm(input, {
    academyCode: stored.academy.code,
    academyName: stored.academy.name,
    schoolYear: stored.schoolYearId,
    legalRates: legalRatesOf(stored),
  });
  if (!parsed.ok) {
    throw new ImpServiceError(422, "Les règles n'ont pas été enregistrées : corrigez les erreurs signalées.", parsed.fieldErrors, parsed.generalErrors);
  }
  const { ruleSet } = parsed;
  return db.$transaction(async (tx) => {
    const { count } = await tx.impRuleSet.updateMany({
      where: { id, version: input.version, status: "DRAFT" },
      data: { effectiveFrom: new Date(`${ruleSet.effectiveFrom}T00:00:00Z`), source: ruleSet.source ?? null, version: { increment: 1 } },
    });
    if (count === 0) throw await refusalOf(tx, id);
    await tx.impEnvelopeRule.deleteMany({ where: { ruleSetId: id } });
    await tx.impEnvelopeRule.createMany({
      data: ruleSet.rules.map((r) => ({ ruleSetId: id, type: r.type, minPupils: r.minPupils, maxPupils: r.maxPupils, units: r.units, unitRateCents: r.unitRate })),
    });
    await audit(tx, {
      actorId: actor.userId,
      action: "imp-rule-set.update",
      entityType: "ImpRuleSet",
      entityId: id,
      summary: { version: input.version + 1, rules: ruleSet.rules.length, effectiveFrom: ruleSet.effectiveFrom },
      ip,
    });
    return { version: input.version + 1 };
  });
}

/** Publishes a draft: an explicit, audited act after the preview; the set becomes read-only and in force. */
export async function publishRuleSet(
  actor: Actor,
  id: string,
  version: number,
  preview: { totalCents: number; computed: number; notComputed: number } | null,
  ip: string | null = null,
  now = new Date(),
) {
  const stored = await getRuleSet(actor, id);
  if (stored.status === "PUBLISHED") throw new ImpServiceError(409, "Ces règles sont déjà publiées.");
  if (stored.version !== version) throw new ImpServiceError(409, RULE_SET_CONFLICT);
  const errors = validateRuleSet(toDomainRuleSet(stored), legalRatesOf(stored));
  if (errors.length) {
    throw new ImpServiceError(422, "Ces règles ne peuvent pas être publiées : corrigez-les d'abord.", {}, errors.map((e) => e.message));
  }
  return db.$transaction(async (tx) => {
    const { count } = await tx.impRuleSet.updateMany({
      where: { id, version, status: "DRAFT" },
      data: { status: "PUBLISHED", publishedAt: now, publishedById: actor.userId, version: { increment: 1 } },
    });
    if (count === 0) throw await refusalOf(tx, id);
    await audit(tx, {
      actorId: actor.userId,
      action: "imp-rule-set.publish",
      entityType: "ImpRuleSet",
      entityId: id,
      summary: {
        schoolYearId: stored.schoolYearId,
        effectiveFrom: stored.effectiveFrom.toISOString().slice(0, 10),
        rules: stored.rules.length,
        ...(preview ? { envelopeTotalCents: preview.totalCents, establishments: preview.computed, notComputed: preview.notComputed } : {}),
      },
      ip,
    });
  });
}

/** Why a guarded update touched nothing: published meanwhile (read-only) or another save won (conflict). */
async function refusalOf(tx: Prisma.TransactionClient, id: string): Promise<ImpServiceError> {
  const now = await tx.impRuleSet.findUnique({ where: { id }, select: { status: true } });
  return new ImpServiceError(409, now?.status === "PUBLISHED" ? RULE_SET_READ_ONLY : RULE_SET_CONFLICT);
}
