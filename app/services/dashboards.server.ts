// Entry points of the dashboard pages: scope, filter options, default selection, then the panels' aggregates.
import type { Actor } from "../domain/permissions.ts";
import type { DashboardFilters, ExceedingSort } from "../domain/dashboards/filters.ts";
import { histogram } from "../domain/dashboards/workload.ts";
import { dashboardFilterOptions, manages, resolveDashboardScope, DashboardError } from "./dashboards-scope.server.ts";
import { latestYearWithBilans, loadDashboard, type LoadDashboard } from "./dashboards-load.server.ts";
import { campaignParticipation, nonRespondents, participationByCampaign, pickCampaign, scopedCampaigns } from "./dashboards-participation.server.ts";

import { sendCampaignMails } from "./campaigns.server.ts";
import { impDashboard, latestYearWithLetters, lettersByStatus } from "./dashboards-imp.server.ts";
import type { LetterStatusFilter } from "../domain/dashboards/imp.ts";

export { DashboardError };

const EMPTY_LOAD: Omit<LoadDashboard, "schoolYears"> = {
  totals: { responses: 0, establishments: 0, exceed: 0, exceedShare: null, noHours: 0 },
  byType: [], bySector: [], byZone: [], byYear: [], histogram: histogram([]), exceeding: { rows: [], matching: 0 },
};

export async function loadDashboardPage(actor: Actor, filters: DashboardFilters, sort: ExceedingSort) {
  const scope = await resolveDashboardScope(actor, filters.academyId);
  // The filter options and the panels are independent: one round trip less than one after the other.
  const panels = async () => {
    const latest = filters.schoolYears.length ? null : await latestYearWithBilans(scope);
    const years = filters.schoolYears.length ? filters.schoolYears : latest ? [latest] : [];
    return years.length ? loadDashboard(scope, { filters, schoolYears: years }, sort) : { schoolYears: years, ...EMPTY_LOAD };
  };
  const [options, data] = await Promise.all([dashboardFilterOptions(scope), panels()]);
  const schoolYears = data.schoolYears;
  return {
    filters: { ...filters, schoolYears },
    options,
    data: {
      ...data,
      exceeding: {
        ...data.exceeding,
        rows: data.exceeding.rows.map((r) => ({ ...r, responsesLink: manages(scope, r.academyId) ? `/campagnes/${r.campaignId}/reponses?statut=SUBMITTED&q=${r.uai}` : null })),
      },
    },
  };
}

export async function participationPage(actor: Actor, filters: DashboardFilters, campaignId: string | undefined) {
  const scope = await resolveDashboardScope(actor, filters.academyId);
  const [options, campaigns] = await Promise.all([dashboardFilterOptions(scope), scopedCampaigns(scope)]);
  // Years of the per-campaign panel: the chosen ones; by default every year for one académie, the latest year
  // with a campaign for a wider scope (thirty académies × ten years would be 300 unreadable bars).
  const single = scope.academyIds !== "all" && scope.academyIds.length === 1;
  const schoolYears = filters.schoolYears.length ? filters.schoolYears : single ? [] : campaigns.map((c) => c.schoolYearId).sort().slice(-1);
  const listed = schoolYears.length ? campaigns.filter((c) => schoolYears.includes(c.schoolYearId)) : campaigns;
  const campaign = campaignId ? pickCampaign(campaigns, campaignId) : (listed[0] ?? null);
  const [byCampaign, detail, missing, letters] = await Promise.all([
    participationByCampaign(listed, filters),
    campaign ? campaignParticipation(campaign, filters) : Promise.resolve(null),
    campaign ? nonRespondents(campaign, filters) : Promise.resolve(null),
    // The lettres de mission of the campaign's académie for the school year its bilans are about.
    campaign ? lettersByStatus({ ...scope, academyIds: [campaign.academyId] }, filters, campaign.schoolYearId) : Promise.resolve(null),
  ]);
  return { filters: { ...filters, schoolYears }, options, campaigns, campaign, byCampaign, detail, missing, letters };
}

/** The reminder button of the participation dashboard: the campaign service's reminder, for a campaign of the scope. */
export async function remindNonRespondents(actor: Actor, campaignId: string, origin: string, ip: string | null) {
  const scope = await resolveDashboardScope(actor);
  const campaign = pickCampaign(await scopedCampaigns(scope), campaignId);
  if (!campaign?.manageable) throw new DashboardError(403, "Seule la DANE de l'académie peut relancer les référents de cette campagne.");
  return sendCampaignMails(actor, campaign.id, "reminder", origin, ip);
}

export async function impPage(actor: Actor, filters: DashboardFilters, status: LetterStatusFilter) {
  const scope = await resolveDashboardScope(actor, filters.academyId);
  const panels = async () => {
    const latest = filters.schoolYears.length ? null : await latestYearWithLetters(scope);
    const years = filters.schoolYears.length ? filters.schoolYears : latest ? [latest] : [];
    return { years, data: years.length ? await impDashboard(scope, { filters, schoolYears: years, status }) : null };
  };
  const [options, { years, data }] = await Promise.all([dashboardFilterOptions(scope), panels()]);
  return { filters: { ...filters, schoolYears: years }, options, status, data };
}
