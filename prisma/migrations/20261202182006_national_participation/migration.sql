-- CreateTable
CREATE TABLE "NationalParticipationAggregate" (
    "campaignId" TEXT NOT NULL,
    "academyId" TEXT NOT NULL,
    "schoolYearId" TEXT NOT NULL,
    "invited" INTEGER NOT NULL DEFAULT 0,
    "submitted" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "NationalParticipationAggregate_pkey" PRIMARY KEY ("campaignId")
);

-- CreateIndex
CREATE INDEX "NationalParticipationAggregate_schoolYearId_idx" ON "NationalParticipationAggregate"("schoolYearId");

-- Participation per campaign for the national view (ADR 022), counted as the participation dashboard counts it
-- (dashboards-participation.server.ts): recomputed per campaign, under an advisory lock per campaign (the same
-- argument as the IMP groups: the recomputing statement starts after the lock, so it sees every committed change).
CREATE FUNCTION rupn_recompute_national_participation(ids TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  one TEXT;
BEGIN
  FOR one IN SELECT DISTINCT x FROM unnest(ids) x WHERE x IS NOT NULL ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(hashtext('rupn_national_participation'), hashtext(one));
  END LOOP;
  DELETE FROM "NationalParticipationAggregate" WHERE "campaignId" = ANY(ids);
  INSERT INTO "NationalParticipationAggregate" ("campaignId", "academyId", "schoolYearId", invited, submitted)
  WITH camp AS (
    SELECT id, "academyId", "schoolYearId", "audienceFrozenAt" FROM "Campaign" WHERE id = ANY(ids)
  ),
  invited AS (
    SELECT c.id AS campaign_id, g."userId" AS user_id, g."establishmentId" AS establishment_id
    FROM camp c JOIN "RoleAssignment" g ON g."academyId" = c."academyId" AND g.role = 'RUPN' AND g."establishmentId" IS NOT NULL
      AND (g."schoolYearId" = c."schoolYearId" OR g."schoolYearId" IS NULL)
    WHERE c."audienceFrozenAt" IS NULL
    UNION
    SELECT ci."campaignId", ci."userId", ci."establishmentId" FROM "CampaignInvitee" ci JOIN camp c ON c.id = ci."campaignId"
    WHERE c."audienceFrozenAt" IS NOT NULL
  ),
  resp AS (
    SELECT r."campaignId", r."respondentId", r."establishmentId", r.status::text AS status FROM "SurveyResponse" r WHERE r."campaignId" = ANY(ids)
  ),
  a AS (
    SELECT coalesce(i.campaign_id, r."campaignId") AS campaign_id, r.status
    FROM invited i FULL JOIN resp r ON r."campaignId" = i.campaign_id AND r."respondentId" = i.user_id AND r."establishmentId" = i.establishment_id
    WHERE i.campaign_id IS NOT NULL OR r.status = 'SUBMITTED'
  )
  SELECT c.id, c."academyId", c."schoolYearId", count(a.campaign_id)::int, (count(*) FILTER (WHERE a.status = 'SUBMITTED'))::int
  FROM camp c LEFT JOIN a ON a.campaign_id = c.id
  GROUP BY c.id, c."academyId", c."schoolYearId";
END;
$$;

-- Responses: a new or deleted bilan, or one whose owner changes, recomputes its campaign. A bilan submitted (or sent
-- back to draft) is the hot path, one per submission: a delta instead — +1 answered, and +1 invited when the person
-- was not invited (an uninvited bilan counts once sent) — under the same lock, so it serialises with the
-- recomputations (whichever runs second sees the other's committed work). An autosave changes none of these.
CREATE FUNCTION rupn_responses_participation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids TEXT[];
  one TEXT;
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT "campaignId") INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT "campaignId") INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT x) INTO ids FROM (
      SELECT n."campaignId" AS x FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (o."campaignId", o."respondentId", o."establishmentId") IS DISTINCT FROM (n."campaignId", n."respondentId", n."establishmentId")
      UNION SELECT o."campaignId" FROM new_rows n JOIN old_rows o ON o.id = n.id
      WHERE (o."campaignId", o."respondentId", o."establishmentId") IS DISTINCT FROM (n."campaignId", n."respondentId", n."establishmentId")) t;
    FOR one IN SELECT DISTINCT n."campaignId" FROM new_rows n JOIN old_rows o ON o.id = n.id
        WHERE o.status IS DISTINCT FROM n.status AND NOT (n."campaignId" = ANY(coalesce(ids, '{}'))) ORDER BY 1 LOOP
      PERFORM pg_advisory_xact_lock(hashtext('rupn_national_participation'), hashtext(one));
    END LOOP;
    UPDATE "NationalParticipationAggregate" a SET invited = a.invited + d.di, submitted = a.submitted + d.ds
    FROM (
      SELECT f.c, sum((f.invited OR f.new_s = 'SUBMITTED')::int - (f.invited OR f.old_s = 'SUBMITTED')::int) AS di,
        sum((f.new_s = 'SUBMITTED')::int - (f.old_s = 'SUBMITTED')::int) AS ds
      FROM (
        SELECT n."campaignId" AS c, o.status::text AS old_s, n.status::text AS new_s,
          CASE WHEN cp."audienceFrozenAt" IS NOT NULL THEN EXISTS (
                 SELECT 1 FROM "CampaignInvitee" ci WHERE ci."campaignId" = n."campaignId" AND ci."userId" = n."respondentId" AND ci."establishmentId" = n."establishmentId")
               ELSE EXISTS (
                 SELECT 1 FROM "RoleAssignment" g WHERE g."userId" = n."respondentId" AND g."establishmentId" = n."establishmentId" AND g.role = 'RUPN'
                   AND g."academyId" = cp."academyId" AND (g."schoolYearId" = cp."schoolYearId" OR g."schoolYearId" IS NULL)) END AS invited
        FROM new_rows n JOIN old_rows o ON o.id = n.id JOIN "Campaign" cp ON cp.id = n."campaignId"
        WHERE o.status IS DISTINCT FROM n.status AND NOT (n."campaignId" = ANY(coalesce(ids, '{}')))
      ) f GROUP BY f.c
    ) d
    WHERE a."campaignId" = d.c;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM rupn_recompute_national_participation(ids);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "SurveyResponse_participation_insert" AFTER INSERT ON "SurveyResponse"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_responses_participation_changed();
CREATE TRIGGER "SurveyResponse_participation_update" AFTER UPDATE ON "SurveyResponse"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_responses_participation_changed();
CREATE TRIGGER "SurveyResponse_participation_delete" AFTER DELETE ON "SurveyResponse"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_responses_participation_changed();

-- Campaigns (new, deleted, audience frozen, moved) and their frozen invitees.
CREATE FUNCTION rupn_campaigns_participation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids TEXT[];
  key TEXT := CASE WHEN TG_TABLE_NAME = 'Campaign' THEN 'id' ELSE 'campaignId' END;
BEGIN
  IF TG_OP = 'INSERT' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %I) FROM new_rows', key) INTO ids;
  ELSIF TG_OP = 'DELETE' THEN
    EXECUTE format('SELECT array_agg(DISTINCT %I) FROM old_rows', key) INTO ids;
  ELSE
    EXECUTE format('SELECT array_agg(DISTINCT x) FROM (SELECT %1$I AS x FROM new_rows UNION SELECT %1$I FROM old_rows) t', key) INTO ids;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM rupn_recompute_national_participation(ids);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Campaign_participation_insert" AFTER INSERT ON "Campaign"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_campaigns_participation_changed();
CREATE TRIGGER "Campaign_participation_update" AFTER UPDATE ON "Campaign"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_campaigns_participation_changed();
CREATE TRIGGER "Campaign_participation_delete" AFTER DELETE ON "Campaign"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_campaigns_participation_changed();
CREATE TRIGGER "CampaignInvitee_participation_insert" AFTER INSERT ON "CampaignInvitee"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_campaigns_participation_changed();
CREATE TRIGGER "CampaignInvitee_participation_update" AFTER UPDATE ON "CampaignInvitee"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_campaigns_participation_changed();
CREATE TRIGGER "CampaignInvitee_participation_delete" AFTER DELETE ON "CampaignInvitee"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_campaigns_participation_changed();

-- RUPN designations: the campaigns of their académie whose audience is not frozen yet, for the designation's year
-- (every year for a designation without one).
CREATE FUNCTION rupn_designations_participation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids TEXT[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT c.id) INTO ids FROM "Campaign" c
    JOIN (SELECT DISTINCT "academyId", "schoolYearId" FROM new_rows WHERE role = 'RUPN') g
      ON g."academyId" = c."academyId" AND (g."schoolYearId" IS NULL OR g."schoolYearId" = c."schoolYearId")
    WHERE c."audienceFrozenAt" IS NULL;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT c.id) INTO ids FROM "Campaign" c
    JOIN (SELECT DISTINCT "academyId", "schoolYearId" FROM old_rows WHERE role = 'RUPN') g
      ON g."academyId" = c."academyId" AND (g."schoolYearId" IS NULL OR g."schoolYearId" = c."schoolYearId")
    WHERE c."audienceFrozenAt" IS NULL;
  ELSE
    SELECT array_agg(DISTINCT c.id) INTO ids FROM "Campaign" c
    JOIN (SELECT DISTINCT "academyId", "schoolYearId" FROM new_rows WHERE role = 'RUPN'
          UNION SELECT DISTINCT "academyId", "schoolYearId" FROM old_rows WHERE role = 'RUPN') g
      ON g."academyId" = c."academyId" AND (g."schoolYearId" IS NULL OR g."schoolYearId" = c."schoolYearId")
    WHERE c."audienceFrozenAt" IS NULL;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM rupn_recompute_national_participation(ids);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "RoleAssignment_participation_insert" AFTER INSERT ON "RoleAssignment"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_designations_participation_changed();
CREATE TRIGGER "RoleAssignment_participation_update" AFTER UPDATE ON "RoleAssignment"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_designations_participation_changed();
CREATE TRIGGER "RoleAssignment_participation_delete" AFTER DELETE ON "RoleAssignment"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_designations_participation_changed();

SELECT rupn_recompute_national_participation(ARRAY(SELECT id FROM "Campaign"));
