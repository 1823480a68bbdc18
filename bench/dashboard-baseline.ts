// The reference of bench/dashboard: the same numbers as the dashboard loaders, computed by SQL written by hand
// (UNION ALL of plain GROUP BYs instead of the service's GROUPING SETS, generic nullable parameters), sent through
// a plain `pg` pool with no session, scope or option lookups: what the aggregates cost by themselves.
import type pg from "pg";

export type Combo = {
  label: string;
  who: "dane" | "admin";
  query: string;
  years: string[];
  types?: string[];
  departmentCode?: string;
  sector?: string;
  referents?: number;
  zone?: "bassin";
  sort?: "part";
  national?: boolean;
  statuses?: string[];
};

/**
 * Per-bilan hours in scope, from "ResponseWorkload" (the table the dashboards read; ADR 010). $1 académie (null =
 * all), $2 years (null = all), $3 types, $4 département, $5 sector, $6 referent bucket (1, 2, 3 = 3 or more).
 */
const perBilan = () => `
  SELECT w."responseId" AS id, w."establishmentId" AS est, w."campaignId" AS campaign, w."schoolYearId" AS yr,
    w."pedagogicalSupport" AS ped, w."leadershipAdvice" AS adv, w.assistance AS ass, w."onlineServices" AS onl,
    w.communication AS com, w.training AS trn
  FROM "ResponseWorkload" w JOIN "Establishment" e ON e.id = w."establishmentId"
  WHERE ($1::text IS NULL OR w."academyId" = $1) AND ($2::text[] IS NULL OR w."schoolYearId" = ANY($2::text[]))
    AND ($3::text[] IS NULL OR e.type::text = ANY($3)) AND ($4::text IS NULL OR e."departmentCode" = $4) AND ($5::text IS NULL OR e.sector::text = $5)
    AND ($6::int IS NULL OR least(floor(w."referentCount"), 3) = $6)`;

const sums = `count(*) AS n, sum(ped), sum(adv), sum(ass), sum(onl), sum(com), sum(trn)`;

export async function baselineLoad(pool: pg.Pool, c: Combo) {
  const params = [c.national ? null : "ac01", c.years, c.types ?? null, c.departmentCode ?? null, c.sector ?? null, c.referents ?? null];
  const zone = c.zone === "bassin" ? `e."basinCode"` : `e."departmentCode"`;
  const [breakdowns, , exceeding] = await Promise.all([
    pool.query(`
      WITH b AS (${perBilan()}), x AS (SELECT b.*, e.type::text AS type, e.sector::text AS sector, ${zone} AS zone,
        ped + adv + ass + onl + com + trn AS total FROM b JOIN "Establishment" e ON e.id = b.est)
      SELECT 'type' AS dim, type AS key, ${sums} FROM x GROUP BY type
      UNION ALL SELECT 'sector', sector, ${sums} FROM x GROUP BY sector
      UNION ALL SELECT 'zone', zone, ${sums} FROM x GROUP BY zone
      UNION ALL SELECT 'bin', least(floor(10 * ass / total), 9)::text, ${sums} FROM x WHERE total > 0 GROUP BY 2
      UNION ALL SELECT 'all', NULL, ${sums} FROM x`, params),
    pool.query(`WITH b AS (${perBilan()}) SELECT yr, ${sums} FROM b GROUP BY yr ORDER BY yr`, params.map((p, i) => (i === 1 ? null : p))),
    pool.query(`
      WITH b AS (${perBilan()})
      SELECT b.est, b.campaign, e.name, sum(ass) AS ass, sum(ped) AS ped, sum(ass + ped + adv + onl + com + trn) AS total, count(*) OVER () AS matching
      FROM b JOIN "Establishment" e ON e.id = b.est GROUP BY b.est, b.campaign, e.name HAVING sum(ass) > sum(ped)
      ORDER BY ${c.sort === "part" ? "sum(ass) / nullif(sum(ass + ped + adv + onl + com + trn), 0) DESC NULLS LAST" : "sum(ass) - sum(ped) DESC"}, e.name LIMIT 100`, params),
  ]);
  const all = breakdowns.rows.find((r) => r.dim === "all");
  return { responses: Number(all?.n ?? 0), exceeding: Number(exceeding.rows[0]?.matching ?? 0) };
}

/** School year of an instant, as the domain computes it (1 September to 31 August). */
const yearOf = (d: string) => `(CASE WHEN extract(month FROM ${d}) >= 9 THEN extract(year FROM ${d}) ELSE extract(year FROM ${d}) - 1 END)::int`;

export async function baselineParticipation(pool: pg.Pool, c: Combo, campaignId: string) {
  const zone = c.zone === "bassin" ? `e."basinCode"` : `e."departmentCode"`;
  const invited = `
    WITH camp AS (
      SELECT id, "academyId", ${yearOf(`least(now(), "closesAt")`)} || '-' || (${yearOf(`least(now(), "closesAt")`)} + 1) AS audience
      FROM "Campaign" WHERE ($1::text IS NULL OR "academyId" = $1) AND ($2::text IS NULL OR id = $2) AND ($4::text IS NULL OR "schoolYearId" = $4)
    ),
    pairs AS (
      SELECT camp.id AS campaign, ra."userId" AS person, ra."establishmentId" AS est FROM camp
      JOIN "RoleAssignment" ra ON ra."academyId" = camp."academyId" AND ra.role = 'RUPN' AND ra."establishmentId" IS NOT NULL
        AND (ra."schoolYearId" = camp.audience OR ra."schoolYearId" IS NULL)
      UNION SELECT r."campaignId", r."respondentId", r."establishmentId" FROM "SurveyResponse" r JOIN camp ON camp.id = r."campaignId" WHERE r.status = 'SUBMITTED'
    )
    SELECT pairs.*, r.status::text AS status, e.type::text AS type, ${zone} AS zone FROM pairs
    JOIN "Establishment" e ON e.id = pairs.est
    LEFT JOIN "SurveyResponse" r ON r."campaignId" = pairs.campaign AND r."establishmentId" = pairs.est AND r."respondentId" = pairs.person
    WHERE ($3::text[] IS NULL OR e.type::text = ANY($3))`;
  const counts = `count(*) AS invited, sum(CASE WHEN status = 'SUBMITTED' THEN 1 ELSE 0 END) AS submitted, sum(CASE WHEN status = 'DRAFT' THEN 1 ELSE 0 END) AS drafts`;
  const academy = c.national ? null : "ac01";
  const types = c.types ?? null;
  // As the page: every year for one académie, the latest year nationally.
  const year = c.national ? c.years[c.years.length - 1] : null;
  const [, detail] = await Promise.all([
    pool.query(`WITH a AS (${invited}) SELECT campaign, ${counts} FROM a GROUP BY campaign`, [academy, null, types, year]),
    pool.query(`WITH a AS (${invited}) SELECT 'type' AS dim, type AS key, ${counts} FROM a GROUP BY type
      UNION ALL SELECT 'zone', zone, ${counts} FROM a GROUP BY zone UNION ALL SELECT 'all', NULL, ${counts} FROM a`, [academy, campaignId, types, null]),
    pool.query(`WITH a AS (${invited}) SELECT a.person, u."lastName", e.name FROM a JOIN "User" u ON u.id = a.person JOIN "Establishment" e ON e.id = a.est
      WHERE a.status IS DISTINCT FROM 'SUBMITTED' ORDER BY e.name, u."lastName" LIMIT 500`, [academy, campaignId, types, null]),
  ]);
  const all = detail.rows.find((r) => r.dim === "all");
  return { invited: Number(all?.invited ?? 0), submitted: Number(all?.submitted ?? 0) };
}

/** The IMP panels: totals by type and zone, by year, rates, and the IMP × hours points. */
export async function baselineImp(pool: pg.Pool, c: Combo) {
  const params = [c.national ? null : "ac01", c.years, c.types ?? null, c.statuses ?? ["DRAFT", "SUBMITTED", "SIGNED", "VALIDATED"]];
  const zone = c.zone === "bassin" ? `e."basinCode"` : `e."departmentCode"`;
  // $1 académie (null = all), $2 years (null = all), $3 types, $4 statuses.
  const from = `FROM "MissionLetter" l JOIN "Establishment" e ON e.id = l."establishmentId"`;
  const where = `WHERE ($1::text IS NULL OR e."academyId" = $1) AND l.status::text = ANY($4::text[]) AND ($3::text[] IS NULL OR e.type::text = ANY($3))
      AND ($2::text[] IS NULL OR l."schoolYearId" = ANY($2::text[]))`;
  const sums = `count(*) AS letters, sum(l."envelopeCents") AS envelope, sum(l."attributedCents") AS attributed, sum(l."topUpCents") AS top_up,
    sum(l."pupilCount") AS pupils, sum(CASE WHEN l."pupilCount" > 0 THEN l."attributedCents" ELSE 0 END) AS attributed_with_pupils`;
  const [breakdown, , , points] = await Promise.all([
    pool.query(`SELECT 'type' AS dim, e.type::text AS key, ${sums} ${from} ${where} GROUP BY e.type
      UNION ALL SELECT 'zone', ${zone}, ${sums} ${from} ${where} GROUP BY ${zone}
      UNION ALL SELECT 'all', NULL, ${sums} ${from} ${where}`, params),
    pool.query(`SELECT l."schoolYearId", ${sums} ${from} ${where} GROUP BY 1`, params.map((p, i) => (i === 1 ? null : p))),
    pool.query(`SELECT a."impCents", a."reliefHours" IS NOT NULL, count(*) FROM "ImpAttribution" a JOIN (SELECT l.id ${from} ${where}) l ON l.id = a."letterId" GROUP BY 1, 2`, params),
    pool.query(`SELECT l.id, e.uai, l."attributedCents",
        sum(w."pedagogicalSupport" + w."leadershipAdvice" + w.assistance + w."onlineServices" + w.communication + w.training) AS hours,
        count(*) OVER () AS matching
      ${from} JOIN "ResponseWorkload" w ON w."establishmentId" = l."establishmentId" AND w."schoolYearId" = l."schoolYearId"
      ${where} GROUP BY l.id, e.uai, l."attributedCents", l."schoolYearId" ORDER BY e.uai, l."schoolYearId" LIMIT 2000`, params),
  ]);
  const all = breakdown.rows.find((r) => r.dim === "all");
  return { letters: Number(all?.letters ?? 0), attributed: Number(all?.attributed ?? 0), points: Number(points.rows[0]?.matching ?? 0) };
}
