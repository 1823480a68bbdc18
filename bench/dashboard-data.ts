// National-scale synthetic data for bench/dashboard, in bulk SQL (generate_series, INSERT … SELECT):
// 30 académies, 8 000 establishments, 10 school years, RUPN designations (1 to 3 per establishment and year),
// one closed bilan campaign per académie and year, ~120 000 submitted bilans with ~22 facts each, and a lettre de
// mission with its IMP attributions for most establishments and years.
// Distributions: types as in the Annuaire (55 % collèges, 25 % lycées, 17 % LP), 20 % private, 17 % priority
// education; weekly hours around a per-type profile with noise, assistance growing over the years.
import pg from "pg";

export const YEARS = Array.from({ length: 10 }, (_, i) => `${2016 + i}-${2017 + i}`);

export async function generateNationalData(url: string, surveyVersionId: string, letterVersionId: string, log: (m: string) => void) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const step = async (label: string, sql: string, params: unknown[] = []) => {
    const t = performance.now();
    const r = await client.query(sql, params);
    log(`  ${label} : ${r.rowCount ?? 0} lignes en ${((performance.now() - t) / 1000).toFixed(1)} s`);
  };
  try {
    await client.query(`SELECT setseed(0.2015)`);
    await step("années scolaires", `INSERT INTO "SchoolYear" (id, "startsOn", "endsOn")
      SELECT y || '-' || (y + 1), make_date(y, 9, 1), make_date(y + 1, 8, 31) FROM generate_series(2016, 2025) y ON CONFLICT DO NOTHING`);
    await step("académies", `INSERT INTO "Academy" (id, code, name)
      SELECT 'ac' || lpad(a::text, 2, '0'), 'B' || lpad(a::text, 2, '0'), 'Académie ' || a FROM generate_series(1, 30) a`);
    await step("établissements", `INSERT INTO "Establishment" (id, uai, name, type, sector, "academyId", "departmentCode", "departmentName",
        "basinCode", "basinName", "priorityEducation", commune, "updatedAt")
      SELECT 'e' || i, lpad(i::text, 7, '0') || 'B', 'Établissement ' || i,
        (CASE WHEN r < 0.55 THEN 'COLLEGE' WHEN r < 0.80 THEN 'LYCEE' WHEN r < 0.97 THEN 'LYCEE_PRO' WHEN r < 0.99 THEN 'EREA' ELSE 'OTHER' END)::"EstablishmentType",
        (CASE WHEN random() < 0.2 THEN 'PRIVATE' ELSE 'PUBLIC' END)::"EstablishmentSector",
        'ac' || lpad((1 + i % 30)::text, 2, '0'),
        lpad(((i % 30) * 4 + (i / 30) % 4 + 1)::text, 3, '0'), 'Département ' || ((i % 30) * 4 + (i / 30) % 4 + 1),
        'BA' || ((i % 30) * 12 + (i / 30) % 12), 'Bassin ' || ((i % 30) * 12 + (i / 30) % 12),
        CASE WHEN p < 0.12 THEN 'REP' WHEN p < 0.17 THEN 'REP+' END, 'Commune ' || (i % 900), now()
      FROM (SELECT i, random() AS r, random() AS p FROM generate_series(1, 8000) i) s`);
    await step("effectifs", `INSERT INTO "EstablishmentYear" (id, "establishmentId", "schoolYearId", "pupilCount", source, "updatedAt")
      SELECT 'ey' || e.id || '-' || y.id, e.id, y.id,
        (CASE e.type WHEN 'COLLEGE' THEN 250 + random() * 500 WHEN 'LYCEE' THEN 400 + random() * 1100 WHEN 'LYCEE_PRO' THEN 150 + random() * 500 ELSE 60 + random() * 150 END)::int,
        'bench', now()
      FROM "Establishment" e CROSS JOIN "SchoolYear" y WHERE y.id LIKE '20%' AND y.id < '2026'`);
    // Referents per establishment and year: 1 (45 %), 2 (40 %) or 3 (15 %); slot k is the same person each year.
    // (random() is drawn in the inner select list: once per row, not once per query as in an uncorrelated lateral.)
    await client.query(`CREATE TEMP TABLE team AS
      SELECT establishment_id, academy_id, type, year, year_index, CASE WHEN r < 0.45 THEN 1 WHEN r < 0.85 THEN 2 ELSE 3 END AS n
      FROM (SELECT e.id AS establishment_id, e."academyId" AS academy_id, e.type::text AS type, y.id AS year, y.yi AS year_index, random() AS r
            FROM "Establishment" e CROSS JOIN (SELECT id, row_number() OVER (ORDER BY id) - 1 AS yi FROM "SchoolYear" WHERE id < '2026') y) s`);
    await step("référents", `INSERT INTO "User" (id, email, "firstName", "lastName")
      SELECT 'u' || substr(e.id, 2) || '-' || k, 'rupn' || substr(e.id, 2) || '-' || k || '@bench.example', 'Prénom', 'Nom ' || k
      FROM "Establishment" e CROSS JOIN generate_series(1, 3) k`);
    await step("désignations RUPN", `INSERT INTO "RoleAssignment" (id, "userId", role, "academyId", "establishmentId", "schoolYearId")
      SELECT 'ra' || substr(t.establishment_id, 2) || '-' || t.year_index || '-' || k, 'u' || substr(t.establishment_id, 2) || '-' || k, 'RUPN',
        t.academy_id, t.establishment_id, t.year
      FROM team t CROSS JOIN LATERAL generate_series(1, t.n) k`);
    await step("campagnes", `INSERT INTO "Campaign" (id, title, "academyId", "schoolYearId", "surveyVersionId", "opensAt", "closesAt")
      SELECT 'c-' || a.id || '-' || y.id, 'Bilan annuel ' || y.id, a.id, y.id, $1,
        make_timestamptz(substr(y.id, 6)::int, 5, 15, 8, 0, 0, 'UTC'), make_timestamptz(substr(y.id, 6)::int, 7, 5, 20, 0, 0, 'UTC')
      FROM "Academy" a CROSS JOIN "SchoolYear" y WHERE y.id < '2026'`, [surveyVersionId]);
    // 88 % of the referents answer.
    await client.query(`CREATE TEMP TABLE resp AS
      SELECT 's' || substr(t.establishment_id, 2) || '-' || t.year_index || '-' || k AS id, 'c-' || t.academy_id || '-' || t.year AS campaign_id,
        t.establishment_id, 'u' || substr(t.establishment_id, 2) || '-' || k AS user_id, t.type, t.n, t.year_index
      FROM team t CROSS JOIN LATERAL generate_series(1, t.n) k WHERE random() < 0.88`);
    await step("bilans", `INSERT INTO "SurveyResponse" (id, "campaignId", "surveyVersionId", "establishmentId", "respondentId", status, data, "submittedAt", "updatedAt")
      SELECT id, campaign_id, $1, establishment_id, user_id, 'SUBMITTED', '{}', now(), now() FROM resp`, [surveyVersionId]);
    await step("faits : heures", `INSERT INTO "ResponseFact" (id, "responseId", "campaignId", "establishmentId", indicator, question, "numericValue")
      SELECT 'f' || r.id || '-' || c.k, r.id, r.campaign_id, r.establishment_id, c.indicator, c.question,
        greatest(0, round((c.base + CASE r.type WHEN 'LYCEE' THEN c.lycee WHEN 'LYCEE_PRO' THEN c.lp WHEN 'EREA' THEN c.lp ELSE 0 END
          + c.trend * r.year_index + (random() - 0.5) * c.spread) * 2) / 2)
      FROM resp r CROSS JOIN (VALUES
        (1, 'workload.pedagogical_support', 'h_accompagnement', 2.0, 0.5, -0.5, -0.05, 2.5),
        (2, 'workload.leadership_advice', 'h_conseil', 0.5, 0.0, 0.0, 0.0, 1.0),
        (3, 'workload.assistance', 'h_assistance', 1.8, -0.3, 0.6, 0.08, 3.0),
        (4, 'workload.online_services', 'h_administration', 1.0, 0.5, 0.0, 0.03, 1.5),
        (5, 'workload.communication', 'h_communication', 0.5, 0.0, 0.0, 0.0, 1.0),
        (6, 'workload.training', 'h_formation', 0.5, 0.0, 0.0, 0.0, 1.0)
      ) AS c(k, indicator, question, base, lycee, lp, trend, spread)`);
    await step("faits : contexte et reconnaissance", `INSERT INTO "ResponseFact" (id, "responseId", "campaignId", "establishmentId", indicator, question, "numericValue", "textValue")
      SELECT 'f' || r.id || '-' || c.k, r.id, r.campaign_id, r.establishment_id, c.indicator, c.question,
        CASE c.k WHEN 7 THEN r.n WHEN 8 THEN 1 + floor(random() * 12) WHEN 9 THEN (ARRAY[625, 1250, 1250, 2500])[1 + floor(random() * 4)::int]
          WHEN 10 THEN floor(random() * 80) WHEN 11 THEN 1 + floor(random() * 5) END,
        CASE c.k WHEN 12 THEN 'imp' WHEN 13 THEN (ARRAY['oui', 'oui', 'non', 'indecis'])[1 + floor(random() * 4)::int] END
      FROM resp r CROSS JOIN (VALUES
        (7, 'context.referent_count', 'nombre_referents'), (8, 'context.years_as_rupn', 'annees_rupn'),
        (9, 'recognition.imp_amount', 'imp_montant'), (10, 'assistance.tickets', 'tickets_collectivite'),
        (11, 'satisfaction.recognition', 'satisfaction_reconnaissance'), (12, 'recognition.kind', 'reconnaissance'),
        (13, 'intent.continue', 'poursuite')
      ) AS c(k, indicator, question)`);
    await step("faits : choix multiples", `INSERT INTO "ResponseFact" (id, "responseId", "campaignId", "establishmentId", indicator, question, "textValue")
      SELECT 'f' || r.id || '-' || c.k || '-' || j, r.id, r.campaign_id, r.establishment_id, c.indicator, c.question, c.choices[1 + (j + (random() * 3)::int) % array_length(c.choices, 1)]
      FROM resp r CROSS JOIN (VALUES
        (14, 'actions.kind', 'actions', ARRAY['ateliers', 'cafes', 'pix', 'projets', 'formation_locale', 'valorisation'], 3),
        (15, 'tools.administered', 'outils', ARRAY['ent', 'gar', 'pix', 'site_web', 'amon', 'comptes', 'tablettes'], 3),
        (16, 'difficulties', 'difficultes', ARRAY['temps', 'assistance', 'materiel', 'delais', 'reconnaissance'], 2),
        (17, 'training.needs', 'besoins_formation', ARRAY['usages', 'ent', 'pix', 'ia', 'donnees'], 1)
      ) AS c(k, indicator, question, choices, count) CROSS JOIN LATERAL generate_series(1, c.count) j`);
    // Lettres de mission: 92 % of the establishments each year; envelope from the Poitiers rule (seed 001),
    // split among the referents at the largest legal rate that fits, 15 % of referents with an allègement instead,
    // 10 % of letters topped up by the establishment. Older years validated, the latest one in progress.
    await client.query(`CREATE TEMP TABLE letter AS
      SELECT 'ml-' || substr(t.establishment_id, 2) || '-' || t.year_index AS id, t.establishment_id, t.year, t.year_index, t.n, ey."pupilCount" AS pupils,
        CASE WHEN t.type = 'COLLEGE' THEN CASE WHEN ey."pupilCount" <= 200 THEN 125000 ELSE 250000 END
             ELSE CASE WHEN ey."pupilCount" <= 500 THEN 250000 ELSE 375000 END END AS envelope,
        CASE WHEN t.year_index < 9 OR r < 0.4 THEN 'VALIDATED' WHEN r < 0.6 THEN 'SIGNED' WHEN r < 0.75 THEN 'SUBMITTED' ELSE 'DRAFT' END AS status,
        CASE WHEN top < 0.1 THEN 62500 ELSE 0 END AS top_up
      FROM (SELECT t.*, random() AS r, random() AS top, random() AS has FROM team t) t
      JOIN "EstablishmentYear" ey ON ey."establishmentId" = t.establishment_id AND ey."schoolYearId" = t.year
      WHERE t.has < 0.92`);
    await client.query(`CREATE TEMP TABLE attribution AS
      SELECT l.id AS letter_id, l.establishment_id, l.year, k,
        CASE WHEN random() < 0.15 THEN NULL
             ELSE (SELECT max(rate) FROM unnest(ARRAY[31250, 62500, 125000, 250000, 375000]) rate WHERE rate <= l.envelope / l.n) END AS imp
      FROM letter l CROSS JOIN LATERAL generate_series(1, l.n) k`);
    await step("lettres de mission", `INSERT INTO "MissionLetter" (id, "establishmentId", "schoolYearId", "surveyVersionId", status, data, "pupilCount",
        "envelopeCents", "topUpCents", "attributedCents", "updatedAt")
      SELECT l.id, l.establishment_id, l.year, $1, l.status::"MissionLetterStatus", '{}', l.pupils, l.envelope, l.top_up,
        coalesce(a.imp, 0), now()
      FROM letter l LEFT JOIN (SELECT letter_id, sum(imp) AS imp FROM attribution GROUP BY letter_id) a ON a.letter_id = l.id`, [letterVersionId]);
    await step("attributions", `INSERT INTO "ImpAttribution" (id, "letterId", "establishmentId", "schoolYearId", position, "firstName", "lastName", email,
        "staffStatus", "impCents", "reliefHours")
      SELECT 'ia-' || a.letter_id || '-' || a.k, a.letter_id, a.establishment_id, a.year, a.k - 1, 'Prénom', 'Nom ' || a.k,
        'rupn' || substr(a.establishment_id, 2) || '-' || a.k || '@bench.example', 'enseignant', a.imp, CASE WHEN a.imp IS NULL THEN 1.5 END
      FROM attribution a`);
    // As autovacuum would after a load: statistics, and the visibility map that index-only scans need.
    await client.query(`VACUUM ANALYZE`);
    const { rows: [counts] } = await client.query(`SELECT (SELECT count(*) FROM "SurveyResponse")::int AS responses, (SELECT count(*) FROM "ResponseFact")::int AS facts,
      (SELECT count(*) FROM "RoleAssignment")::int AS grants, (SELECT count(*) FROM "Establishment")::int AS establishments,
      (SELECT count(*) FROM "MissionLetter")::int AS letters, (SELECT count(*) FROM "ImpAttribution")::int AS attributions`);
    return counts as { responses: number; facts: number; grants: number; establishments: number; letters: number; attributions: number };
  } finally {
    await client.end();
  }
}
