-- CreateTable
CREATE TABLE "ResponseWorkload" (
    "responseId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "academyId" TEXT NOT NULL,
    "schoolYearId" TEXT NOT NULL,
    "establishmentId" TEXT NOT NULL,
    "pedagogicalSupport" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "leadershipAdvice" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "assistance" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "onlineServices" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "communication" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "training" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "referentCount" DOUBLE PRECISION,

    CONSTRAINT "ResponseWorkload_pkey" PRIMARY KEY ("responseId")
);

-- CreateIndex
CREATE INDEX "ResponseWorkload_academyId_schoolYearId_idx" ON "ResponseWorkload"("academyId", "schoolYearId");

-- CreateIndex
CREATE INDEX "ResponseWorkload_campaignId_idx" ON "ResponseWorkload"("campaignId");

-- CreateIndex
CREATE INDEX "RoleAssignment_academyId_role_schoolYearId_idx" ON "RoleAssignment"("academyId", "role", "schoolYearId");

-- AddForeignKey
ALTER TABLE "ResponseWorkload" ADD CONSTRAINT "ResponseWorkload_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "SurveyResponse"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Keep "ResponseWorkload" in step with the facts of each bilan (ADR 010): every statement that inserts, updates or
-- deletes "ResponseFact" rows rebuilds the workload rows of the bilans it touched, whoever runs it (the
-- submission, the demo seed, a bulk load). One statement-level trigger per operation, with transition tables.
CREATE FUNCTION rupn_rebuild_response_workload(ids TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "ResponseWorkload" WHERE "responseId" = ANY(ids);
  INSERT INTO "ResponseWorkload" ("responseId", "campaignId", "academyId", "schoolYearId", "establishmentId",
    "pedagogicalSupport", "leadershipAdvice", "assistance", "onlineServices", "communication", "training", "referentCount")
  SELECT f."responseId", c.id, c."academyId", c."schoolYearId", min(f."establishmentId"),
    coalesce(sum(f."numericValue") FILTER (WHERE f.indicator = 'workload.pedagogical_support'), 0),
    coalesce(sum(f."numericValue") FILTER (WHERE f.indicator = 'workload.leadership_advice'), 0),
    coalesce(sum(f."numericValue") FILTER (WHERE f.indicator = 'workload.assistance'), 0),
    coalesce(sum(f."numericValue") FILTER (WHERE f.indicator = 'workload.online_services'), 0),
    coalesce(sum(f."numericValue") FILTER (WHERE f.indicator = 'workload.communication'), 0),
    coalesce(sum(f."numericValue") FILTER (WHERE f.indicator = 'workload.training'), 0),
    max(f."numericValue") FILTER (WHERE f.indicator = 'context.referent_count')
  FROM "ResponseFact" f JOIN "Campaign" c ON c.id = f."campaignId"
  WHERE f."responseId" = ANY(ids) AND f.indicator LIKE 'workload.%'
     OR f."responseId" = ANY(ids) AND f.indicator = 'context.referent_count'
  GROUP BY f."responseId", c.id, c."academyId", c."schoolYearId"
  -- A bilan whose facts hold no hour at all has no workload row.
  HAVING count(*) FILTER (WHERE f.indicator LIKE 'workload.%') > 0;
END;
$$;

CREATE FUNCTION rupn_response_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids TEXT[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT "responseId") INTO ids FROM new_facts
    WHERE indicator LIKE 'workload.%' OR indicator = 'context.referent_count';
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT "responseId") INTO ids FROM old_facts
    WHERE indicator LIKE 'workload.%' OR indicator = 'context.referent_count';
  ELSE
    SELECT array_agg(DISTINCT id) INTO ids FROM (
      SELECT "responseId" AS id FROM old_facts WHERE indicator LIKE 'workload.%' OR indicator = 'context.referent_count'
      UNION SELECT "responseId" FROM new_facts WHERE indicator LIKE 'workload.%' OR indicator = 'context.referent_count'
    ) t;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM rupn_rebuild_response_workload(ids);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "ResponseFact_workload_insert" AFTER INSERT ON "ResponseFact"
  REFERENCING NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION rupn_response_facts_changed();
CREATE TRIGGER "ResponseFact_workload_update" AFTER UPDATE ON "ResponseFact"
  REFERENCING OLD TABLE AS old_facts NEW TABLE AS new_facts FOR EACH STATEMENT EXECUTE FUNCTION rupn_response_facts_changed();
CREATE TRIGGER "ResponseFact_workload_delete" AFTER DELETE ON "ResponseFact"
  REFERENCING OLD TABLE AS old_facts FOR EACH STATEMENT EXECUTE FUNCTION rupn_response_facts_changed();

-- The bilans submitted before this migration.
SELECT rupn_rebuild_response_workload(ARRAY(SELECT DISTINCT "responseId" FROM "ResponseFact" WHERE indicator LIKE 'workload.%'));
