// bench/dashboard: the DANE's dashboard loaders (real route loaders: session, scope, filter options, SQL aggregates)
// on national-scale synthetic data, against hand-written SQL aggregates of the same numbers run through a plain
// `pg` pool in the same run. Goal (issue #6): p95 ≤ 200 ms and ≤ 2× the SQL baseline. Run: npm run bench:dashboard
// BENCH_EXPLAIN=1 also prints the plans of the main aggregates (docs/decisions/010-dashboards.md).
// The national view (issue 17, ADR 022): its loader against hand-written SQL from the source tables; every line is
// measured on the machine as it is, then again with a child process spinning on one core (BENCH_HOG=0 skips that
// second pass; BENCH_ONLY=national measures the national lines only).
import pg from "pg";
import { createCookie } from "@remix-run/node";
import { benchDatabase, fmt } from "./lib.ts";
import { generateNationalData, YEARS } from "./dashboard-data.ts";
import { baselineImp, baselineLoad, baselineParticipation, type Combo } from "./dashboard-baseline.ts";
import { baselineNational, startCpuHog, stopCpuHog, type NationalCombo } from "./dashboard-national.ts";

process.env.SESSION_SECRET ??= "bench-secret";
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 40);
const WARMUP = 5;

const database = await benchDatabase(Number(process.env.BENCH_PG_PORT ?? 5472));
const { syncSurveyVersions } = await import("../app/surveys/registry.server.ts");
const { db, disconnectDb } = await import("../app/db/db.server.ts");
const { sessionSecrets } = await import("../app/auth/secrets.server.ts");
const { loader: loadLoader } = await import("../app/routes/tableaux-de-bord._index.tsx");
const { loader: participationLoader } = await import("../app/routes/tableaux-de-bord.participation.tsx");
const { loader: impLoader } = await import("../app/routes/tableaux-de-bord.imp.tsx");
const { loader: nationalLoader } = await import("../app/routes/national.tsx");

console.log("bench/dashboard — génération des données nationales");
const t0 = performance.now();
await db.$executeRaw`INSERT INTO "SchoolYear" (id, "startsOn", "endsOn") VALUES ('2025-2026', '2025-09-01', '2026-08-31')`;
await syncSurveyVersions();
const version = await db.surveyVersion.findFirstOrThrow({ where: { key: "bilan-annuel" } });
const letterVersion = await db.surveyVersion.findFirstOrThrow({ where: { key: "lettre-de-mission" } });
const counts = await generateNationalData(database.url, version.id, letterVersion.id, (m) => console.log(m));
await db.$executeRaw`INSERT INTO "User" (id, email, "firstName", "lastName") VALUES ('dane', 'dane@bench.example', 'D', 'A'), ('admin', 'admin@bench.example', 'A', 'D'), ('national', 'national@bench.example', 'N', 'A')`;
await db.$executeRaw`INSERT INTO "RoleAssignment" (id, "userId", role, "academyId") VALUES ('g-dane', 'dane', 'DANE', 'ac01'), ('g-admin', 'admin', 'ADMIN', 'ac01'), ('g-national', 'national', 'NATIONAL', 'ac01')`;
await db.$executeRaw`INSERT INTO "Session" (id, "userId", "expiresAt") VALUES ('s-dane', 'dane', now() + interval '1 day'), ('s-admin', 'admin', now() + interval '1 day'), ('s-national', 'national', now() + interval '1 day')`;
console.log(`  ${counts.establishments} établissements, ${counts.grants} désignations, ${counts.responses} bilans, ${counts.facts} faits, ${counts.letters} lettres, ${counts.attributions} attributions — ${fmt(performance.now() - t0)}`);

const pool = new pg.Pool({ connectionString: database.url, max: 10 });
try {
  await run();
} finally {
  // Whatever happened, stop the embedded server and remove its data directory.
  await pool.end();
  await disconnectDb();
  await database.close();
}

async function run() {
  const cookie = createCookie("rupn_session", { secrets: sessionSecrets() });
  const cookies = {
    dane: (await cookie.serialize("s-dane")).split(";")[0],
    admin: (await cookie.serialize("s-admin")).split(";")[0],
    national: (await cookie.serialize("s-national")).split(";")[0],
  };

  const last = YEARS[YEARS.length - 1];
  const loads: Combo[] = [
    { label: "DANE, défaut (dernière année)", who: "dane", query: "", years: [last] },
    { label: "DANE, 3 ans, collèges", who: "dane", query: `${YEARS.slice(-3).map((y) => `annee=${y}`).join("&")}&type=COLLEGE`, years: YEARS.slice(-3), types: ["COLLEGE"] },
    { label: "DANE, 10 ans", who: "dane", query: YEARS.map((y) => `annee=${y}`).join("&"), years: YEARS },
    { label: "DANE, 1 an, dép. + public + 2 réf.", who: "dane", query: `annee=${last}&departement=002&secteur=PUBLIC&referents=2`, years: [last], departmentCode: "002", sector: "PUBLIC", referents: 2 },
    { label: "DANE, par bassin, tri par part", who: "dane", query: "decoupage=bassin&tri=part", years: [last], zone: "bassin", sort: "part" },
    { label: "ADMIN, national, 1 an", who: "admin", query: `annee=${last}`, years: [last], national: true },
  ];
  const participations: Combo[] = [
    { label: "DANE, dernière campagne", who: "dane", query: "", years: [last] },
    { label: "DANE, collèges, par bassin", who: "dane", query: "type=COLLEGE&decoupage=bassin", years: [last], types: ["COLLEGE"], zone: "bassin" },
    { label: "ADMIN, national, dernière campagne", who: "admin", query: "", years: [last], national: true },
  ];

  const nationals: NationalCombo[] = [
    { label: "MINISTÈRE, défaut (dernière année)", who: "national" },
    { label: "MINISTÈRE, année 2020-2021", who: "national", year: "2020-2021" },
    { label: "MINISTÈRE, détail d'une académie (10 ans)", who: "national", academyId: "ac07" },
    { label: "ADMIN, vue nationale, dernière année", who: "admin", year: last },
  ];
  const only = process.env.BENCH_ONLY === "national";

  const imps: Combo[] = [
  { label: "DANE, défaut (dernière année)", who: "dane", query: "", years: [last] },
  { label: "DANE, 10 ans, lettres validées", who: "dane", query: `${YEARS.map((y) => `annee=${y}`).join("&")}&lettres=validees`, years: YEARS, statuses: ["VALIDATED"] },
  { label: "DANE, 1 an, lycées, par bassin", who: "dane", query: `annee=${last}&type=LYCEE&decoupage=bassin`, years: [last], types: ["LYCEE"], zone: "bassin" },
  { label: "ADMIN, national, 1 an", who: "admin", query: `annee=${last}`, years: [last], national: true },
];

async function measure(fn: () => Promise<unknown>) {
    for (let i = 0; i < WARMUP; i++) await fn();
    const times: number[] = [];
    for (let i = 0; i < ITERATIONS; i++) {
      const t = performance.now();
      await fn();
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
    return { p50: pct(50), p95: pct(95) };
  }

  const request = (path: string, combo: { query: string; who: keyof typeof cookies }) => new Request(`http://localhost${path}?${combo.query}`, { headers: { Cookie: cookies[combo.who] } });
  const context = { clientIp: "127.0.0.1", cspNonce: "" };
  const rows: { loader: string; label: string; p50: number; p95: number; b50: number; b95: number; national?: true }[] = [];

  const pass = async (tag: string) => {
    for (const combo of only ? [] : loads) {
      const call = () => loadLoader({ request: request("/tableaux-de-bord", combo), params: {}, context } as never);
      const page = (await call()) as Awaited<ReturnType<typeof loadLoader>>;
      const base = await baselineLoad(pool, combo);
      if (base.responses !== page.data.totals.responses || base.exceeding !== page.data.exceeding.matching) {
        throw new Error(`${combo.label} : la référence SQL (${base.responses} bilans, ${base.exceeding}) diffère du tableau de bord (${page.data.totals.responses}, ${page.data.exceeding.matching})`);
      }
      const loader = await measure(call);
      const baseline = await measure(() => baselineLoad(pool, combo));
      rows.push({ loader: `charge${tag}`, label: `${combo.label} [${page.data.totals.responses} bilans]`, p50: loader.p50, p95: loader.p95, b50: baseline.p50, b95: baseline.p95 });
    }
    for (const combo of only ? [] : participations) {
      const call = () => participationLoader({ request: request("/tableaux-de-bord/participation", combo), params: {}, context } as never);
      const page = (await call()) as Awaited<ReturnType<typeof participationLoader>>;
      const base = await baselineParticipation(pool, combo, page.campaign!.id);
      if (base.invited !== page.detail!.total.invited || base.submitted !== page.detail!.total.submitted) {
        throw new Error(`${combo.label} : la référence SQL (${base.invited}/${base.submitted}) diffère du tableau de bord (${page.detail!.total.invited}/${page.detail!.total.submitted})`);
      }
      const loader = await measure(call);
      const baseline = await measure(() => baselineParticipation(pool, combo, page.campaign!.id));
      rows.push({ loader: `participation${tag}`, label: `${combo.label} [${page.detail!.total.invited} invités]`, p50: loader.p50, p95: loader.p95, b50: baseline.p50, b95: baseline.p95 });
    }

    for (const combo of only ? [] : imps) {
      const call = () => impLoader({ request: request("/tableaux-de-bord/imp", combo), params: {}, context } as never);
      const page = (await call()) as Awaited<ReturnType<typeof impLoader>>;
      const base = await baselineImp(pool, combo);
      if (base.letters !== page.data!.total!.letters || base.attributed !== page.data!.total!.attributed || base.points !== page.data!.scatter.matching) {
        throw new Error(`${combo.label} : la référence SQL (${JSON.stringify(base)}) diffère du tableau de bord (${page.data!.total!.letters}, ${page.data!.total!.attributed}, ${page.data!.scatter.matching})`);
      }
      const loader = await measure(call);
      const baseline = await measure(() => baselineImp(pool, combo));
      rows.push({ loader: `IMP${tag}`, label: `${combo.label} [${page.data!.total!.letters} lettres]`, p50: loader.p50, p95: loader.p95, b50: baseline.p50, b95: baseline.p95 });
    }

    for (const combo of nationals) {
      const query = new URLSearchParams({ ...(combo.year ? { annee: combo.year } : {}), ...(combo.academyId ? { academie: combo.academyId } : {}) }).toString();
      const call = () => nationalLoader({ request: request("/national", { query, who: combo.who }), params: {}, context } as never);
      const page = (await call()) as Awaited<ReturnType<typeof nationalLoader>>;
      const view = page.view!;
      const base = await baselineNational(pool, view.schoolYear, combo.academyId);
      const total = (t: { rows: { key: string; cells: unknown[] }[] }) => t.rows.find((r) => r.key === "total")!.cells;
      const seen = { bilans: total(view.load.indicators)[1], attributed: Math.round(Number(total(view.imp.table)[4]) * 100), invited: total(view.participation.table)[3], submitted: total(view.participation.table)[1] };
      if (seen.bilans !== base.bilans || seen.attributed !== Math.round(base.attributed) || seen.invited !== base.invited || seen.submitted !== base.submitted) {
        throw new Error(`${combo.label} : la référence SQL (${JSON.stringify(base)}) diffère de la vue nationale (${JSON.stringify(seen)})`);
      }
      const loader = await measure(call);
      const baseline = await measure(() => baselineNational(pool, view.schoolYear, combo.academyId));
      rows.push({ loader: `national${tag}`, label: `${combo.label} [${base.bilans} bilans]`, p50: loader.p50, p95: loader.p95, b50: baseline.p50, b95: baseline.p95, national: true });
    }
  };

  await pass("");
  if (process.env.BENCH_HOG !== "0") {
    // Another process busy on one core for the whole second pass.
    const hog = startCpuHog();
    try {
      await pass(" +1 cœur");
    } finally {
      stopCpuHog(hog);
    }
  }

  // What the national pre-aggregates cost the writers (ADR 022): one campaign's participation and one (académie,
  // year)'s letters recomputed, as a submission or a letter save triggers them; idempotent, so safe to repeat here.
  const triggerCosts: string[] = [];
  for (const [name, sql] of [
    ["participation d'une campagne recalculée (désignation, invitations)", `SELECT rupn_recompute_national_participation(ARRAY['c-ac01-${last}'])`],
    // A bilan sent back to draft, then submitted again: the delta path of every submission, twice (two statements).
    ["bilan repassé en brouillon puis envoyé (2 instructions, chemin de chaque envoi)", ["DRAFT", "SUBMITTED"].map((status) =>
      `UPDATE "SurveyResponse" SET status = '${status}' WHERE id = (SELECT min(id) FROM "SurveyResponse" WHERE "campaignId" = 'c-ac01-${last}')`).join("; ")],
    ["IMP d'une académie et d'une année recalculées (statut ou montants d'une lettre modifiés)", `SELECT rupn_recompute_national_imp(ARRAY['ac01'], ARRAY['${last}'])`],
    // The people of one letter rewritten (the delta path of the deletion and insertion at each save).
    ["personnes d'une lettre réécrites (chemin de chaque enregistrement)", `UPDATE "ImpAttribution" SET "impCents" = "impCents" WHERE "letterId" = (SELECT min("letterId") FROM "ImpAttribution" WHERE "schoolYearId" = '${last}')`],
  ] as const) {
    const cost = await measure(() => pool.query(sql));
    triggerCosts.push(`  ${name} : p50 ${cost.p50.toFixed(1)} ms, p95 ${cost.p95.toFixed(1)} ms`);
  }

  const ms = (x: number) => `${x.toFixed(1).padStart(6)} ms`;
  console.log(`\n${ITERATIONS} mesures par ligne (après ${WARMUP} à blanc) ; chargeur = la fonction loader de la route, référence = SQL écrit à la main (pg)`);
  console.log(`${"chargeur".padEnd(24)}${"filtres".padEnd(58)}${"p50".padStart(9)}${"p95".padStart(10)}   réf. p50  réf. p95   ratio p95`);
  let ok = true;
  for (const r of rows) {
    const ratio = r.p95 / r.b95;
    // The national view's goal is p95 ≤ 200 ms (issue 17); its reference computes from the source tables, so the
    // ratio is printed, not bounded. The académie dashboards keep issue 6's goal (≤ 2× their reference).
    ok &&= r.p95 <= 200 && (r.national || ratio <= 2);
    console.log(`${r.loader.padEnd(24)}${r.label.padEnd(58)}${ms(r.p50)} ${ms(r.p95)}  ${ms(r.b50)} ${ms(r.b95)}   ${ratio.toFixed(2).padStart(5)}`);
  }
  console.log(`\nCoût des recalculs déclenchés (vue nationale) :\n${triggerCosts.join("\n")}`);
  console.log(ok ? "Objectifs atteints (p95 ≤ 200 ms ; ≤ 2× la référence SQL pour les tableaux de bord d'académie)." : "Objectifs NON atteints (p95 ≤ 200 ms ; ≤ 2× la référence SQL pour les tableaux de bord d'académie).");

  if (process.env.BENCH_EXPLAIN) {
    const { nationalWorkloadSql, nationalImpSql, nationalParticipationSql } = await import("../app/services/dashboards-national.server.ts");
    for (const [name, sql] of [
      ["vue nationale : charge (agrégats)", nationalWorkloadSql(last, "ac07")],
      ["vue nationale : IMP (agrégats)", nationalImpSql(last)],
      ["vue nationale : participation (agrégats)", nationalParticipationSql(last)],
    ] as const) {
      const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql.text}`, ...sql.values);
      console.log(`\n--- EXPLAIN ${name}\n${plan.map((p) => p["QUERY PLAN"]).join("\n")}`);
    }
    const { breakdownsSql, byYearSql, exceedingSql } = await import("../app/services/dashboards-load.server.ts");
    const { parseDashboardFilters } = await import("../app/domain/dashboards/filters.ts");
    const scope = { academyIds: ["ac01"], offered: ["ac01"], managed: ["ac01"] } as const;
    const q = { filters: parseDashboardFilters(new URLSearchParams()), schoolYears: [last] };
    const narrow = { filters: parseDashboardFilters(new URLSearchParams("departement=002&secteur=PUBLIC&referents=2")), schoolYears: [last] };
    const national = { academyIds: "all", offered: "all", managed: "all" } as const;
    for (const [name, sql] of [["ventilations (année choisie)", breakdownsSql(scope as never, q)], ["évolution (toutes années)", byYearSql(scope as never, q)], ["établissements", exceedingSql(scope as never, q, "ecart", 100)],
      ["ventilations, dép. + public + 2 réf.", breakdownsSql(scope as never, narrow)], ["évolution nationale", byYearSql(national as never, q)],
      ["ventilations nationales (1 an)", breakdownsSql(national as never, q)]] as const) {
      const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql.text}`, ...sql.values);
      console.log(`\n--- EXPLAIN ${name}\n${plan.map((p) => p["QUERY PLAN"]).join("\n")}`);
    }
    const { participationByCampaignSql, scopedCampaigns } = await import("../app/services/dashboards-participation.server.ts");
    const campaigns = await scopedCampaigns(scope as never);
    const sql = participationByCampaignSql(campaigns, q.filters);
    const plan = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${sql.text}`, ...sql.values);
    console.log(`\n--- EXPLAIN participation par campagne (${campaigns.length} campagnes)\n${plan.map((p) => p["QUERY PLAN"]).join("\n")}`);
    const { nonRespondentsSql } = await import("../app/services/dashboards-participation.server.ts");
    const { impBreakdownSql, impScatterSql, impYearsSql } = await import("../app/services/dashboards-imp.server.ts");
    const imp = { filters: q.filters, schoolYears: [last], status: "toutes" as const };
    for (const [name, more] of [
      ["non-répondants", nonRespondentsSql(campaigns[0], q.filters, 500)],
      ["IMP ventilations", impBreakdownSql(scope as never, imp)],
      ["IMP par année", impYearsSql(scope as never, imp)],
      ["IMP et heures déclarées", impScatterSql(scope as never, imp)],
    ] as const) {
      const lines = await db.$queryRawUnsafe<{ "QUERY PLAN": string }[]>(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${more.text}`, ...more.values);
      console.log(`\n--- EXPLAIN ${name}\n${lines.map((p) => p["QUERY PLAN"]).join("\n")}`);
    }
  }
}
