// The SQL of the directory imports: staging in batches and set-based merges. Counts come from
// `RETURNING (xmax = 0)`: true for an inserted row, false for an updated one; rows whose values did not
// change are filtered out by the ON CONFLICT … WHERE clause and counted as unchanged.
import type { Prisma } from "../generated/prisma/client.ts";
import type { AnnuaireRecord } from "../domain/directory/annuaire.ts";
import type { ConsolidatedEffectif } from "../domain/directory/consolidate.ts";
import { assignAcademyZones } from "./school-calendar.server.ts";

type Tx = Prisma.TransactionClient;
export type StagedEstablishment = AnnuaireRecord & { id: string };
export type MergeCounts = { created: number; updated: number; unchanged: number };

export async function stageAnnuaire(tx: Tx, rows: StagedEstablishment[]) {
  const col = <K extends keyof StagedEstablishment>(key: K) => rows.map((r) => r[key] ?? null);
  await tx.$executeRaw`
    INSERT INTO stage_establishment
    SELECT * FROM unnest(
      ${col("id")}::text[], ${col("uai")}::text[], ${col("name")}::text[], ${col("type")}::text[], ${col("sector")}::text[],
      ${col("academyCode")}::text[], ${col("academyName")}::text[], ${col("departmentCode")}::text[],
      ${col("departmentName")}::text[], ${col("commune")}::text[], ${col("basinCode")}::text[], ${col("basinName")}::text[],
      ${col("priorityEducation")}::text[], ${col("email")}::text[], ${col("natureLabel")}::text[], ${col("ministry")}::text[],
      ${col("pupilCount")}::int[], ${col("closed")}::boolean[], ${col("closedOn")}::date[])`;
}

function tally(rows: { inserted: boolean }[], total: number): MergeCounts {
  const created = rows.filter((r) => r.inserted).length;
  const updated = rows.length - created;
  return { created, updated, unchanged: total - created - updated };
}

export async function mergeAnnuaire(tx: Tx, pupilSchoolYearId: string | null, pupilSource: string) {
  const [{ total }] = await tx.$queryRaw<{ total: number }[]>`SELECT count(*)::int AS total FROM stage_establishment`;
  await tx.$executeRaw`
    INSERT INTO "Academy" (id, code, name, "createdAt")
    SELECT gen_random_uuid()::text, academy_code, coalesce(max(academy_name), 'Académie ' || academy_code), now()
    FROM stage_establishment GROUP BY academy_code
    ON CONFLICT (code) DO NOTHING`;
  // A new académie gets its school-holiday zone from its code (ADR 012).
  await assignAcademyZones(tx);
  const rows = await tx.$queryRaw<{ inserted: boolean }[]>`
    INSERT INTO "Establishment" AS e (id, uai, name, type, sector, "academyId", "departmentCode", "departmentName", commune,
      "basinCode", "basinName", "priorityEducation", email, "natureLabel", ministry, "closedAt", "createdAt", "updatedAt")
    SELECT s.id, s.uai, s.name, s.type::"EstablishmentType", s.sector::"EstablishmentSector", a.id, s.department_code,
      s.department_name, s.commune, s.basin_code, s.basin_name, s.priority_education, s.email, s.nature_label, s.ministry,
      CASE WHEN s.closed THEN coalesce(s.closed_on::timestamp, now()) END, now(), now()
    FROM stage_establishment s JOIN "Academy" a ON a.code = s.academy_code
    ON CONFLICT (uai) DO UPDATE SET
      name = EXCLUDED.name, type = EXCLUDED.type, sector = EXCLUDED.sector, "academyId" = EXCLUDED."academyId",
      "departmentCode" = EXCLUDED."departmentCode", "departmentName" = EXCLUDED."departmentName", commune = EXCLUDED.commune,
      "basinCode" = EXCLUDED."basinCode", "basinName" = EXCLUDED."basinName", "priorityEducation" = EXCLUDED."priorityEducation",
      email = EXCLUDED.email, "natureLabel" = EXCLUDED."natureLabel", ministry = EXCLUDED.ministry,
      -- An establishment is never deleted: a closed one keeps its letters and responses and gets a closing date.
      "closedAt" = CASE WHEN EXCLUDED."closedAt" IS NULL THEN NULL ELSE coalesce(e."closedAt", EXCLUDED."closedAt") END,
      "updatedAt" = now()
    WHERE (e.name, e.type, e.sector, e."academyId", e."departmentCode", e."departmentName", e.commune, e."basinCode",
           e."basinName", e."priorityEducation", e.email, e."natureLabel", e.ministry, e."closedAt" IS NULL)
      IS DISTINCT FROM
          (EXCLUDED.name, EXCLUDED.type, EXCLUDED.sector, EXCLUDED."academyId", EXCLUDED."departmentCode",
           EXCLUDED."departmentName", EXCLUDED.commune, EXCLUDED."basinCode", EXCLUDED."basinName",
           EXCLUDED."priorityEducation", EXCLUDED.email, EXCLUDED."natureLabel", EXCLUDED.ministry, EXCLUDED."closedAt" IS NULL)
    RETURNING (xmax = 0) AS inserted`;
  let pupilCounts = 0;
  if (pupilSchoolYearId) {
    await ensureSchoolYears(tx, [pupilSchoolYearId]);
    // The annuaire's count never replaces a figure from the effectifs files, only an older annuaire figure.
    pupilCounts = await tx.$executeRaw`
      INSERT INTO "EstablishmentYear" AS y (id, "establishmentId", "schoolYearId", "pupilCount", scope, source, "updatedAt")
      SELECT gen_random_uuid()::text, e.id, ${pupilSchoolYearId}, s.pupils, 'TOTAL', ${pupilSource}, now()
      FROM stage_establishment s JOIN "Establishment" e ON e.uai = s.uai
      WHERE s.pupils IS NOT NULL
      ON CONFLICT ("establishmentId", "schoolYearId") DO UPDATE SET
        "pupilCount" = EXCLUDED."pupilCount", source = EXCLUDED.source, scope = 'TOTAL', "updatedAt" = now()
      WHERE y.source LIKE 'Annuaire de l''éducation%' AND y."pupilCount" IS DISTINCT FROM EXCLUDED."pupilCount"`;
  }
  return { counts: tally(rows, total), pupilCounts };
}

export async function ensureSchoolYears(tx: Tx, ids: string[]) {
  await tx.$executeRaw`
    INSERT INTO "SchoolYear" (id, "startsOn", "endsOn")
    SELECT y, make_date(left(y, 4)::int, 9, 1), make_date(left(y, 4)::int + 1, 8, 31) FROM unnest(${ids}::text[]) AS y
    ON CONFLICT (id) DO NOTHING`;
}

export async function mergeEffectifs(tx: Tx, figures: ConsolidatedEffectif[]) {
  await tx.$executeRawUnsafe(
    `CREATE TEMP TABLE stage_pupils (uai text, school_year text, pupils int, scope text, source text) ON COMMIT DROP`,
  );
  for (let i = 0; i < figures.length; i += 5000) {
    const part = figures.slice(i, i + 5000);
    await tx.$executeRaw`
      INSERT INTO stage_pupils SELECT * FROM unnest(${part.map((f) => f.uai)}::text[], ${part.map((f) => f.schoolYearId)}::text[],
        ${part.map((f) => f.pupilCount)}::int[], ${part.map((f) => (f.scope === "total" ? "TOTAL" : "PARTIAL"))}::text[],
        ${part.map((f) => f.source)}::text[])`;
  }
  const unknown = await tx.$queryRaw<{ uai: string }[]>`
    SELECT DISTINCT s.uai FROM stage_pupils s WHERE NOT EXISTS (SELECT 1 FROM "Establishment" e WHERE e.uai = s.uai) ORDER BY s.uai`;
  const [{ known }] = await tx.$queryRaw<{ known: number }[]>`
    SELECT count(*)::int AS known FROM stage_pupils s JOIN "Establishment" e ON e.uai = s.uai`;
  const [{ kept }] = await tx.$queryRaw<{ kept: number }[]>`
    SELECT count(*)::int AS kept FROM stage_pupils s JOIN "Establishment" e ON e.uai = s.uai
    JOIN "EstablishmentYear" y ON y."establishmentId" = e.id AND y."schoolYearId" = s.school_year
    WHERE y.scope = 'TOTAL' AND s.scope = 'PARTIAL'`;
  await ensureSchoolYears(tx, [...new Set(figures.map((f) => f.schoolYearId))]);
  const rows = await tx.$queryRaw<{ inserted: boolean; establishmentId: string; schoolYearId: string }[]>`
    INSERT INTO "EstablishmentYear" AS y (id, "establishmentId", "schoolYearId", "pupilCount", scope, source, "updatedAt")
    SELECT gen_random_uuid()::text, e.id, s.school_year, s.pupils, s.scope::"PupilCountScope", s.source, now()
    FROM stage_pupils s JOIN "Establishment" e ON e.uai = s.uai
    ON CONFLICT ("establishmentId", "schoolYearId") DO UPDATE SET
      "pupilCount" = EXCLUDED."pupilCount", scope = EXCLUDED.scope, source = EXCLUDED.source, "updatedAt" = now()
    -- A partial count (e.g. the 3e classes of a lycée) never replaces a total.
    WHERE (y.scope = 'PARTIAL' OR EXCLUDED.scope = 'TOTAL')
      AND (y."pupilCount", y.scope, y.source) IS DISTINCT FROM (EXCLUDED."pupilCount", EXCLUDED.scope, EXCLUDED.source)
    RETURNING (xmax = 0) AS inserted, y."establishmentId", y."schoolYearId"`;
  // Outcome of each written figure by "UAI|school year"; a figure not returned was left unchanged.
  const uaiById = new Map(
    (await tx.$queryRaw<{ id: string; uai: string }[]>`
      SELECT DISTINCT e.id, e.uai FROM stage_pupils s JOIN "Establishment" e ON e.uai = s.uai`).map((e) => [e.id, e.uai]),
  );
  const outcomes = new Map<string, "created" | "updated">(
    rows.map((r) => [`${uaiById.get(r.establishmentId)}|${r.schoolYearId}`, r.inserted ? "created" : "updated"]),
  );
  return { counts: tally(rows, known), outcomes, unknownUais: unknown.map((u) => u.uai), keptTotals: kept };
}
