// The dashboard aggregates of the read API (ADR 021): the same services as the dashboard pages
// (app/services/dashboards-*.server.ts), given the token's académies as their scope. Aggregates only: no names.
import type { z } from "zod";
import type { DashboardFilters } from "../../domain/dashboards/filters.ts";
import type { DashboardName, dashboardQuery } from "../../domain/api/endpoints.ts";
import type { DashboardScope } from "../dashboards-scope.server.ts";
import { latestYearWithBilans, loadDashboard } from "../dashboards-load.server.ts";
import { participationByCampaign, scopedCampaigns } from "../dashboards-participation.server.ts";
import { impDashboard, latestYearWithLetters } from "../dashboards-imp.server.ts";
import type { ApiScope } from "./resources.server.ts";

export async function dashboardAggregates(name: DashboardName, api: ApiScope, q: z.output<typeof dashboardQuery>) {
  // The token reads; it manages nothing (no reminder links, no response links).
  const scope: DashboardScope = { academyIds: api.academyIds, offered: api.academyIds, managed: [] };
  const filters: DashboardFilters = {
    schoolYears: [...new Set(q.annee ?? [])].sort(),
    types: [...new Set(q.type ?? [])],
    departmentCode: q.departement,
    basinCode: q.bassin,
    sector: q.secteur,
    priority: q.ep,
    referents: q.referents,
    zoneLevel: q.decoupage ?? "departement",
  };
  if (name === "charge") {
    const latest = filters.schoolYears.length ? null : await latestYearWithBilans(scope);
    const schoolYears = filters.schoolYears.length ? filters.schoolYears : latest ? [latest] : [];
    if (!schoolYears.length) return { dashboard: name, schoolYears, data: {} };
    const { exceeding, ...data } = await loadDashboard(scope, { filters, schoolYears });
    return {
      dashboard: name,
      schoolYears,
      data: { ...data, exceeding: { matching: exceeding.matching, rows: exceeding.rows.map(({ campaignId: _c, ...row }) => row) } },
    };
  }
  if (name === "participation") {
    const campaigns = await scopedCampaigns(scope);
    const listed = filters.schoolYears.length ? campaigns.filter((c) => filters.schoolYears.includes(c.schoolYearId)) : campaigns;
    const rows = await participationByCampaign(listed, filters);
    return {
      dashboard: name,
      schoolYears: [...new Set(listed.map((c) => c.schoolYearId))].sort(),
      data: {
        campaigns: listed.map((c) => {
          const r = rows.find((x) => x.key === c.id);
          return {
            campaignId: c.id, title: c.title, academyName: c.academyName, schoolYear: c.schoolYearId, state: c.state,
            invited: r?.invited ?? 0, submitted: r?.submitted ?? 0, drafts: r?.drafts ?? 0, notStarted: r?.notStarted ?? 0, rate: r?.rate ?? null,
          };
        }),
      },
    };
  }
  const latest = filters.schoolYears.length ? null : await latestYearWithLetters(scope);
  const schoolYears = filters.schoolYears.length ? filters.schoolYears : latest ? [latest] : [];
  const data = schoolYears.length ? await impDashboard(scope, { filters, schoolYears, status: q.lettres ?? "toutes" }) : null;
  return { dashboard: name, schoolYears, data: data ?? {} };
}
