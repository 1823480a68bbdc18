// Participation in the bilan campaigns: who was invited (the frozen audience once invitations are sent, before that
// the RUPN designated for the year the campaign covers; plus anyone who sent a bilan), who answered, by establishment type and zone; the non-respondents of a campaign.
import { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import type { DashboardFilters } from "../domain/dashboards/filters.ts";
import { audienceSchoolYear, notStarted } from "../domain/dashboards/participation.ts";
import { campaignState, type CampaignState } from "../domain/campaigns.ts";
import { share } from "../domain/dashboards/workload.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../domain/labels.ts";
import { DashboardError, establishmentConditions, hasEstablishmentConditions, manages, type DashboardScope } from "./dashboards-scope.server.ts";
import { CAMPAIGN_NOT_FOUND_MESSAGE } from "./survey-errors.server.ts";

export type ScopedCampaign = {
  id: string; title: string; academyId: string; academyName: string; schoolYearId: string; opensAt: Date; closesAt: Date;
  state: CampaignState; audienceYear: string; audienceFrozen: boolean; manageable: boolean;
};

/** The campaigns of the scope, newest first. */
export async function scopedCampaigns(scope: DashboardScope, now = new Date()): Promise<ScopedCampaign[]> {
  const rows = await db.campaign.findMany({
    where: scope.academyIds === "all" ? {} : { academyId: { in: scope.academyIds } },
    orderBy: [{ opensAt: "desc" }, { title: "asc" }],
    select: {
      id: true, title: true, academyId: true, schoolYearId: true, opensAt: true, closesAt: true, audienceFrozenAt: true,
      academy: { select: { name: true } },
    },
  });
  return rows.map(({ academy, audienceFrozenAt, ...c }) => ({
    ...c,
    academyName: academy.name,
    state: campaignState(c, now),
    audienceYear: audienceSchoolYear(c),
    audienceFrozen: audienceFrozenAt !== null,
    manageable: manages(scope, c.academyId),
  }));
}

/** One campaign of the scope (404 otherwise), or the newest one when none is asked for. */
export function pickCampaign(campaigns: ScopedCampaign[], id: string | undefined): ScopedCampaign | null {
  if (!id) return campaigns[0] ?? null;
  const found = campaigns.find((c) => c.id === id);
  if (!found) throw new DashboardError(404, CAMPAIGN_NOT_FOUND_MESSAGE);
  return found;
}

/**
 * Invited (RUPN, establishment) pairs per campaign, with the status of their bilan; alias `a`. The designations
 * and responses are narrowed with index-friendly conditions (académies, audience years, campaign ids) before
 * they are matched to each campaign.
 */
function invitedPairs(campaigns: ScopedCampaign[], filters: DashboardFilters): Prisma.Sql {
  const ids = campaigns.map((c) => c.id);
  // Frozen audiences are read from CampaignInvitee; only the campaigns not yet sent look at the designations.
  const open = campaigns.filter((c) => !c.audienceFrozen);
  const frozenIds = campaigns.filter((c) => c.audienceFrozen).map((c) => c.id);
  const academies = [...new Set(open.map((c) => c.academyId))];
  const years = [...new Set(open.map((c) => c.audienceYear))];
  return Prisma.sql`
    WITH camp AS (
      SELECT * FROM unnest(${open.map((c) => c.id)}::text[], ${open.map((c) => c.academyId)}::text[],
                           ${open.map((c) => c.audienceYear)}::text[]) AS t(id, academy_id, audience_year)
    ),
    grants AS (
      SELECT ra."userId", ra."establishmentId", ra."academyId", ra."schoolYearId" FROM "RoleAssignment" ra
      WHERE ra."role" = 'RUPN' AND ra."academyId" = ANY(${academies}::text[]) AND ra."establishmentId" IS NOT NULL
        AND (ra."schoolYearId" = ANY(${years}::text[]) OR ra."schoolYearId" IS NULL)
    ),
    resp AS (
      SELECT r.id, r."campaignId", r."establishmentId", r."respondentId", r."status"::text AS status
      FROM "SurveyResponse" r WHERE r."campaignId" = ANY(${ids}::text[])
    ),
    invited AS (
      -- One row per (campaign, person, establishment): a person designated twice (for the year and without a year)
      -- is invited once.
      SELECT camp.id AS campaign_id, g."userId" AS user_id, g."establishmentId" AS establishment_id
      FROM camp JOIN grants g ON g."academyId" = camp.academy_id AND (g."schoolYearId" = camp.audience_year OR g."schoolYearId" IS NULL)
      GROUP BY 1, 2, 3
      UNION ALL
      SELECT ci."campaignId", ci."userId", ci."establishmentId" FROM "CampaignInvitee" ci WHERE ci."campaignId" = ANY(${frozenIds}::text[])
    ),
    -- The invited, with the status of their bilan, plus whoever sent a bilan without being invited: one hash full
    -- join, where a UNION would sort every pair.
    a AS (
      SELECT coalesce(invited.campaign_id, resp."campaignId") AS campaign_id, coalesce(invited.user_id, resp."respondentId") AS user_id,
        coalesce(invited.establishment_id, resp."establishmentId") AS establishment_id, resp.id AS response_id, resp.status
      FROM invited
      FULL JOIN resp ON resp."campaignId" = invited.campaign_id AND resp."establishmentId" = invited.establishment_id
        AND resp."respondentId" = invited.user_id
      ${hasEstablishmentConditions(filters) ? Prisma.sql`JOIN "Establishment" e ON e.id = coalesce(invited.establishment_id, resp."establishmentId")` : Prisma.empty}
      WHERE (invited.campaign_id IS NOT NULL OR resp.status = 'SUBMITTED') ${establishmentConditions(filters)}
    )`;
}

const counts = Prisma.sql`count(*)::int AS invited, count(*) FILTER (WHERE a.status = 'SUBMITTED')::int AS submitted,
  count(*) FILTER (WHERE a.status = 'DRAFT')::int AS drafts`;

export type ParticipationRow = { key: string; label: string; invited: number; submitted: number; drafts: number; notStarted: number; rate: number | null };

function row(key: string, label: string, c: { invited: number; submitted: number; drafts: number }): ParticipationRow {
  return { key, label, ...c, notStarted: notStarted(c), rate: share(c.submitted, c.invited) };
}

export function participationByCampaignSql(campaigns: ScopedCampaign[], filters: DashboardFilters): Prisma.Sql {
  return Prisma.sql`${invitedPairs(campaigns, filters)} SELECT a.campaign_id, ${counts} FROM a GROUP BY a.campaign_id`;
}

/** Invited and answered per campaign of the scope. */
export async function participationByCampaign(campaigns: ScopedCampaign[], filters: DashboardFilters): Promise<ParticipationRow[]> {
  if (campaigns.length === 0) return [];
  const rows = await db.$queryRaw<{ campaign_id: string; invited: number; submitted: number; drafts: number }[]>(participationByCampaignSql(campaigns, filters));
  return campaigns.map((c) => {
    const r = rows.find((x) => x.campaign_id === c.id) ?? { invited: 0, submitted: 0, drafts: 0 };
    return row(c.id, `${c.title} (${c.academyName})`, r);
  });
}

/** One campaign by establishment type and by zone, plus its total. */
export async function campaignParticipation(campaign: ScopedCampaign, filters: DashboardFilters) {
  const zone = filters.zoneLevel === "bassin" ? Prisma.sql`e."basinCode"` : Prisma.sql`e."departmentCode"`;
  const zoneName = filters.zoneLevel === "bassin" ? Prisma.sql`e."basinName"` : Prisma.sql`e."departmentName"`;
  const rows = await db.$queryRaw<{ dim: "type" | "zone" | "all"; type: string | null; zone_code: string | null; zone_name: string | null; invited: number; submitted: number; drafts: number }[]>`
    ${invitedPairs([campaign], filters)}
    SELECT CASE WHEN GROUPING(e."type") = 0 THEN 'type' WHEN GROUPING(${zone}) = 0 THEN 'zone' ELSE 'all' END AS dim,
      e."type"::text AS type, ${zone} AS zone_code, max(${zoneName}) AS zone_name, ${counts}
    FROM a JOIN "Establishment" e ON e.id = a.establishment_id
    GROUP BY GROUPING SETS ((e."type"), (${zone}), ())`;
  const types = Object.keys(ESTABLISHMENT_TYPE_LABELS);
  const total = rows.find((r) => r.dim === "all") ?? { invited: 0, submitted: 0, drafts: 0 };
  return {
    total: row("total", "Ensemble", total),
    byType: rows
      .filter((r) => r.dim === "type")
      .sort((a, b) => types.indexOf(a.type!) - types.indexOf(b.type!))
      .map((r) => row(r.type!, ESTABLISHMENT_TYPE_LABELS[r.type as keyof typeof ESTABLISHMENT_TYPE_LABELS] ?? r.type!, r)),
    byZone: rows
      .filter((r) => r.dim === "zone")
      .map((r) => row(r.zone_code ?? "", r.zone_code ? `${r.zone_name ?? r.zone_code} (${r.zone_code})` : "Zone non renseignée", r))
      .sort((a, b) => (a.key === "" ? 1 : b.key === "" ? -1 : a.label.localeCompare(b.label, "fr"))),
  };
}

export const NON_RESPONDENTS_LIMIT = 500;

export function nonRespondentsSql(campaign: ScopedCampaign, filters: DashboardFilters, limit: number): Prisma.Sql {
  return Prisma.sql`
    ${invitedPairs([campaign], filters)}
    SELECT a.user_id, u."firstName" AS first_name, u."lastName" AS last_name, u.email, e.uai, e.name, e."type"::text AS type,
      ${filters.zoneLevel === "bassin" ? Prisma.sql`e."basinName"` : Prisma.sql`e."departmentName"`} AS zone,
      r."status"::text AS status, r."updatedAt" AS updated_at, (count(*) OVER ())::int AS matching
    -- Only the invited can be missing: read them directly (plain join keys for the planner), not through the full join.
    FROM invited a JOIN "Establishment" e ON e.id = a.establishment_id JOIN "User" u ON u.id = a.user_id
    LEFT JOIN "SurveyResponse" r ON r."campaignId" = a.campaign_id AND r."establishmentId" = a.establishment_id AND r."respondentId" = a.user_id
    WHERE r.status IS DISTINCT FROM 'SUBMITTED' ${establishmentConditions(filters)}
    ORDER BY e.name, u."lastName", u."firstName", a.user_id
    LIMIT ${limit}`;
}

/** Invited people who have not sent their bilan (not started or draft), by establishment then name. */
export async function nonRespondents(campaign: ScopedCampaign, filters: DashboardFilters, limit = NON_RESPONDENTS_LIMIT) {
  const rows = await db.$queryRaw<{
    user_id: string; first_name: string; last_name: string; email: string; uai: string; name: string; type: string;
    zone: string | null; status: string | null; updated_at: Date | null; matching: number;
  }[]>(nonRespondentsSql(campaign, filters, limit));
  return {
    matching: rows[0]?.matching ?? 0,
    rows: rows.map((r) => ({
      key: `${r.user_id}/${r.uai}`, person: `${r.first_name} ${r.last_name}`, email: r.email, uai: r.uai, establishment: r.name,
      type: ESTABLISHMENT_TYPE_LABELS[r.type as keyof typeof ESTABLISHMENT_TYPE_LABELS] ?? r.type, zone: r.zone ?? "—",
      status: r.status === "DRAFT" ? ("DRAFT" as const) : ("NONE" as const), updatedAt: r.updated_at,
    })),
  };
}
