// IMP envelope rule sets stored per académie and school year (ADR 009): loading the set in force and the
// envelope of an establishment. The domain rules (validation, envelope computation) are in app/domain/imp.
import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { type EnvelopeResult, type ImpRuleSet, POITIERS_2015_RULES, envelopeFor, poitiersRulesSourceFor } from "../domain/imp/rule-set.ts";
import { LEGAL_IMP_RATES_2015 } from "../domain/imp/rates.ts";
import { schoolYearBounds } from "../domain/school-year.ts";

type Client = Prisma.TransactionClient | PrismaClient;

const ruleSetInclude = {
  rules: { orderBy: [{ type: "asc" as const }, { minPupils: "asc" as const }] },
  academy: true as const,
} satisfies Prisma.ImpRuleSetInclude;
export type StoredRuleSet = Prisma.ImpRuleSetGetPayload<{ include: typeof ruleSetInclude }>;

export function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function toDomainRuleSet(stored: StoredRuleSet): ImpRuleSet {
  return {
    academyCode: stored.academy.code,
    academyName: stored.academy.name,
    schoolYear: stored.schoolYearId,
    effectiveFrom: isoDay(stored.effectiveFrom),
    source: stored.source ?? undefined,
    rules: stored.rules.map((rule) => ({
      type: rule.type,
      minPupils: rule.minPupils,
      maxPupils: rule.maxPupils,
      units: rule.units,
      unitRate: rule.unitRateCents,
    })),
  };
}

/** The published rule set in force for an académie and school year on a day (default: the latest published). */
export async function publishedRuleSetInForce(
  client: Client,
  academyId: string,
  schoolYearId: string,
  on?: Date,
): Promise<StoredRuleSet | null> {
  return client.impRuleSet.findFirst({
    where: { academyId, schoolYearId, status: "PUBLISHED", ...(on ? { effectiveFrom: { lte: on } } : {}) },
    orderBy: [{ effectiveFrom: "desc" }, { publishedAt: "desc" }],
    include: ruleSetInclude,
  });
}

export type EstablishmentEnvelope = {
  pupilCount: number | null;
  ruleSet: StoredRuleSet | null;
  legalRates: readonly number[];
  result: EnvelopeResult | { ok: false; error: { code: "NO_RULE_SET"; message: string; path: readonly string[] } };
};

/** Envelope of one establishment for one school year, from its pupil count and the published rule set. */
export async function envelopeOfEstablishment(
  client: Client,
  establishment: { id: string; academyId: string; type: Prisma.EstablishmentGetPayload<object>["type"]; name: string },
  schoolYearId: string,
): Promise<EstablishmentEnvelope> {
  // Sequential: inside a transaction the client has one connection.
  const year = await client.establishmentYear.findUnique({ where: { establishmentId_schoolYearId: { establishmentId: establishment.id, schoolYearId } } });
  const ruleSet = await publishedRuleSetInForce(client, establishment.academyId, schoolYearId);
  const pupilCount = year?.pupilCount ?? null;
  if (!ruleSet) {
    return {
      pupilCount,
      ruleSet: null,
      legalRates: LEGAL_IMP_RATES_2015,
      result: {
        ok: false,
        error: {
          code: "NO_RULE_SET",
          message: `Aucune règle d'enveloppe IMP publiée par la DANE pour ${schoolYearId} : l'enveloppe ne peut pas être calculée.`,
          path: ["envelope"],
        },
      },
    };
  }
  const legalRates = ruleSet.legalRatesCents.length ? ruleSet.legalRatesCents : LEGAL_IMP_RATES_2015;
  return {
    pupilCount,
    ruleSet,
    legalRates,
    result: envelopeFor(toDomainRuleSet(ruleSet), { type: establishment.type, pupilCount, name: establishment.name }),
  };
}

/**
 * Publishes, for an académie and year, the Poitiers 2015 rules (seed 001) — the demo and first-run default. Outside
 * Poitiers the recorded source says it is a demo copy to replace with the académie's own text.
 */
export async function createPoitiersRuleSet(
  client: Client,
  academyId: string,
  schoolYearId: string,
  status: "DRAFT" | "PUBLISHED" = "PUBLISHED",
) {
  const academy = await client.academy.findUniqueOrThrow({ where: { id: academyId }, select: { code: true, name: true } });
  return client.impRuleSet.create({
    data: {
      academyId,
      schoolYearId,
      effectiveFrom: schoolYearBounds(schoolYearId).startsOn,
      status,
      source: poitiersRulesSourceFor(academy),
      legalRatesCents: [...LEGAL_IMP_RATES_2015],
      publishedAt: status === "PUBLISHED" ? new Date() : null,
      rules: {
        create: POITIERS_2015_RULES.rules.map((rule) => ({
          type: rule.type,
          minPupils: rule.minPupils,
          maxPupils: rule.maxPupils,
          units: rule.units,
          unitRateCents: rule.unitRate,
        })),
      },
    },
  });
}
