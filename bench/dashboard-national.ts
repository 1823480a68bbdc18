// The national view's lines of bench/dashboard (issue 17 part 3, ADR 022): the /national loader (session, the
// pre-aggregates, the year's participation, shaping and suppression) against hand-written SQL that computes the
// same numbers from the source tables ("ResponseWorkload", "MissionLetter", "ImpAttribution", the designations and
// responses) through a plain `pg` pool, in the same run. Measured on the machine as it is, then with a child process
// spinning on one core (a CPU hog), so the figure under contention is measured, not guessed.
import { spawn, type ChildProcess } from "node:child_process";
import type pg from "pg";

export type NationalCombo = { label: string; who: "national" | "admin"; year?: string; academyId?: string };

/**
 * The national numbers by hand: per académie and type (chosen year), per académie and year (all years), validated
 * letters per académie (chosen year), participation per académie (chosen year). Returns the national totals checked
 * against the loader.
 */
export async function baselineNational(pool: pg.Pool, year: string, academyId?: string) {
  const [byType, byYear, imp, participation, detail] = await Promise.all([
    pool.query(`
      SELECT w."academyId", e.type, count(*) AS n, sum(w.assistance) AS ass, sum(w."pedagogicalSupport") AS ped,
        sum(w."pedagogicalSupport" + w."leadershipAdvice" + w.assistance + w."onlineServices" + w.communication + w.training) AS total,
        count(*) FILTER (WHERE w.assistance > w."pedagogicalSupport") AS exceed
      FROM "ResponseWorkload" w JOIN "Establishment" e ON e.id = w."establishmentId"
      WHERE w."schoolYearId" = $1 GROUP BY 1, 2`, [year]),
    pool.query(`
      SELECT w."academyId", w."schoolYearId", count(*) AS n, sum(w.assistance) AS ass, sum(w."pedagogicalSupport") AS ped,
        sum(w."pedagogicalSupport" + w."leadershipAdvice" + w.assistance + w."onlineServices" + w.communication + w.training) AS total
      FROM "ResponseWorkload" w GROUP BY 1, 2`),
    pool.query(`
      SELECT e."academyId", count(*) AS letters, sum(l."pupilCount") AS pupils, sum(l."envelopeCents") AS envelope,
        sum(l."attributedCents")::float8 AS attributed, sum(p.people) AS people
      FROM "MissionLetter" l JOIN "Establishment" e ON e.id = l."establishmentId"
      LEFT JOIN (SELECT "letterId", count(*) AS people FROM "ImpAttribution" WHERE "schoolYearId" = $1 GROUP BY 1) p ON p."letterId" = l.id
      WHERE l."schoolYearId" = $1 AND l.status = 'VALIDATED' GROUP BY 1`, [year]),
    pool.query(`
      WITH invited AS (
        SELECT DISTINCT c.id AS campaign, c."academyId", ra."userId", ra."establishmentId"
        FROM "Campaign" c JOIN "RoleAssignment" ra ON ra."academyId" = c."academyId" AND ra.role = 'RUPN' AND ra."establishmentId" IS NOT NULL
          AND (ra."schoolYearId" = c."schoolYearId" OR ra."schoolYearId" IS NULL)
        WHERE c."schoolYearId" = $1
      )
      SELECT i."academyId", count(*)::int AS invited, count(r.id) FILTER (WHERE r.status = 'SUBMITTED')::int AS submitted
      FROM invited i LEFT JOIN "SurveyResponse" r ON r."campaignId" = i.campaign AND r."respondentId" = i."userId" AND r."establishmentId" = i."establishmentId"
      GROUP BY 1`, [year]),
    academyId
      ? pool.query(`SELECT e.type, w."schoolYearId", count(*) AS n FROM "ResponseWorkload" w JOIN "Establishment" e ON e.id = w."establishmentId" WHERE w."academyId" = $1 GROUP BY 1, 2`, [academyId])
      : Promise.resolve({ rows: [] }),
  ]);
  const sum = (rows: Record<string, unknown>[], key: string) => rows.reduce((a, r) => a + Number(r[key] ?? 0), 0);
  return {
    bilans: sum(byType.rows, "n"),
    years: byYear.rows.length,
    attributed: sum(imp.rows, "attributed"),
    invited: sum(participation.rows, "invited"),
    submitted: sum(participation.rows, "submitted"),
    detail: detail.rows.length,
  };
}

/**
 * A child process spinning on one core until stopped. It also stops by itself when the bench dies (its parent
 * changes), so a killed bench never leaves a core busy on a shared machine.
 */
export function startCpuHog(): ChildProcess {
  const code = `const p = ${process.pid}; let i = 0; for (;;) { if (++i % 20000000 === 0 && process.ppid !== p) process.exit(0); }`;
  return spawn(process.execPath, ["-e", code], { stdio: "ignore" });
}

export function stopCpuHog(hog: ChildProcess) {
  hog.kill("SIGKILL");
}
