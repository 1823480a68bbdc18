// Preview of a rule set on the académie's establishments, before the DANE publishes it (ADR 009b): each open
// establishment's envelope under these rules, with the pupil count used — the one of the rule set's school
// year, or else the latest known before it, said so —, the envelope under the previous published rules with
// the same pupil count (so the difference is the rules' effect alone), and the establishments whose envelope
// cannot be computed, with the reason.
import { db } from "../db/db.server.ts";
import { type ImpRuleSet, describeRule, envelopeFor } from "../domain/imp/rule-set.ts";
import type { Cents } from "../domain/imp/money.ts";
import { type StoredRuleSet, toDomainRuleSet } from "./imp-rule-sets.server.ts";

export type PreviewRow = {
  id: string;
  uai: string;
  name: string;
  type: StoredRuleSet["rules"][number]["type"];
  departmentCode: string | null;
  /** The pupil count used, its school year, and whether it is an older year's (the latest known). */
  pupils: { count: number; schoolYearId: string; latest: boolean; partial: boolean } | null;
  envelope: { ok: true; cents: Cents; rule: string } | { ok: false; reason: string };
  /** Envelope under the previous published rules, same pupil count; null when none or not computable. */
  referenceCents: Cents | null;
};

export type EnvelopePreview = {
  rows: PreviewRow[];
  totalCents: Cents;
  computed: number;
  notComputed: number;
  reference: { id: string; schoolYearId: string; totalCents: Cents } | null;
  /** How many establishments use an older year's pupil count. */
  latestKnownCount: number;
};

/** The published set this one follows: the latest published before it (earlier year, or same year earlier). */
async function previousPublished(stored: StoredRuleSet): Promise<StoredRuleSet | null> {
  const candidates = await db.impRuleSet.findMany({
    where: { academyId: stored.academyId, status: "PUBLISHED", id: { not: stored.id }, schoolYearId: { lte: stored.schoolYearId } },
    orderBy: [{ schoolYearId: "desc" }, { effectiveFrom: "desc" }, { publishedAt: "desc" }],
    include: { rules: { orderBy: [{ type: "asc" }, { minPupils: "asc" }] }, academy: true },
  });
  return (
    candidates.find((c) => {
      if (c.schoolYearId < stored.schoolYearId) return true;
      if (stored.status === "DRAFT") return true;
      return Boolean(c.publishedAt && stored.publishedAt && c.publishedAt < stored.publishedAt);
    }) ?? null
  );
}

export async function envelopePreview(stored: StoredRuleSet): Promise<EnvelopePreview> {
  const [establishments, previous] = await Promise.all([
    db.establishment.findMany({
      where: { academyId: stored.academyId, closedAt: null },
      orderBy: [{ name: "asc" }, { uai: "asc" }],
      select: {
        id: true, uai: true, name: true, type: true, departmentCode: true,
        years: {
          where: { pupilCount: { not: null }, schoolYearId: { lte: stored.schoolYearId } },
          orderBy: { schoolYearId: "desc" },
          take: 1,
          select: { schoolYearId: true, pupilCount: true, scope: true },
        },
      },
    }),
    previousPublished(stored),
  ]);
  const rules = toDomainRuleSet(stored);
  const reference: ImpRuleSet | null = previous ? toDomainRuleSet(previous) : null;
  let totalCents = 0;
  let referenceTotal = 0;
  let computed = 0;
  let latestKnownCount = 0;
  const rows = establishments.map((e): PreviewRow => {
    const year = e.years[0];
    const pupils = year
      ? { count: year.pupilCount!, schoolYearId: year.schoolYearId, latest: year.schoolYearId !== stored.schoolYearId, partial: year.scope === "PARTIAL" }
      : null;
    if (pupils?.latest) latestKnownCount++;
    const result = envelopeFor(rules, { type: e.type, pupilCount: pupils?.count ?? null, name: e.name });
    const before = reference ? envelopeFor(reference, { type: e.type, pupilCount: pupils?.count ?? null }) : null;
    const referenceCents = before?.ok ? before.envelope.total : null;
    if (result.ok) {
      computed++;
      totalCents += result.envelope.total;
      referenceTotal += referenceCents ?? 0;
    }
    return {
      id: e.id,
      uai: e.uai,
      name: e.name,
      type: e.type,
      departmentCode: e.departmentCode,
      pupils,
      envelope: result.ok ? { ok: true, cents: result.envelope.total, rule: describeRule(result.rule) } : { ok: false, reason: result.error.message },
      referenceCents,
    };
  });
  return {
    rows,
    totalCents,
    computed,
    notComputed: rows.length - computed,
    reference: previous ? { id: previous.id, schoolYearId: previous.schoolYearId, totalCents: referenceTotal } : null,
    latestKnownCount,
  };
}
