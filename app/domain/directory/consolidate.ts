// Pupil count of an establishment for a school year, from the figures of one or several effectifs files.
// The collège, lycée GT and lycée pro files count disjoint parts of the pupils (1er cycle; GT levels; pro levels),
// so the establishment's count is their sum; the "second degré" file gives a whole-establishment figure, which
// wins over the parts. The result is "total" only when every part expected for that kind of establishment is there
// (a lycée polyvalent needs both the GT and the pro figure): the DB layer must never replace a total by a partial.
import { EXPECTED_PARTS, type DenominationKind, type EffectifPart, type EffectifRecord } from "./effectifs";

export interface ConsolidatedEffectif {
  uai: string;
  schoolYearId: string;
  pupilCount: number;
  scope: "total" | "partial";
  parts: EffectifPart[];
  /** Datasets the figure was built from, joined with "+" for `EstablishmentYear.source`. */
  source: string;
  /** French notes: the same part given twice with different figures. */
  conflicts: string[];
}

/** Groups figures by establishment and school year and adds up their parts. Input order decides ties. */
export function consolidateEffectifs(records: Iterable<EffectifRecord>): ConsolidatedEffectif[] {
  const groups = new Map<string, Map<EffectifPart, EffectifRecord>>();
  const conflicts = new Map<string, string[]>();
  for (const record of records) {
    const key = `${record.uai}|${record.schoolYearId}`;
    let parts = groups.get(key);
    if (!parts) groups.set(key, (parts = new Map()));
    const existing = parts.get(record.part);
    if (!existing) {
      parts.set(record.part, record);
    } else if (existing.pupilCount !== record.pupilCount) {
      const list = conflicts.get(key) ?? [];
      list.push(
        `${record.uai} ${record.schoolYearId} : deux effectifs « ${record.part} » différents (${existing.pupilCount} dans ` +
          `${existing.source}, ${record.pupilCount} dans ${record.source}) ; le premier est retenu.`,
      );
      conflicts.set(key, list);
    }
  }
  const result: ConsolidatedEffectif[] = [];
  for (const [key, parts] of groups) {
    const [uai, schoolYearId] = key.split("|");
    const whole = parts.get("etablissement");
    const used = whole ? [whole] : [...parts.values()];
    const kind: DenominationKind = used.find((r) => r.denominationKind !== "autre")?.denominationKind ?? "autre";
    const expected = EXPECTED_PARTS[kind];
    const present = used.map((r) => r.part);
    const complete = whole !== undefined || (expected !== null && expected.every((part) => present.includes(part)));
    result.push({
      uai,
      schoolYearId,
      pupilCount: used.reduce((sum, r) => sum + r.pupilCount, 0),
      scope: complete ? "total" : "partial",
      parts: present,
      source: [...new Set(used.map((r) => r.source))].join("+"),
      conflicts: conflicts.get(key) ?? [],
    });
  }
  return result;
}
