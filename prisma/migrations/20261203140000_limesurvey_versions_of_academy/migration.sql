-- Issue 15 (ADR 015): a questionnaire imported from LimeSurvey belongs to the académie that imported it. Until now it
-- was stored like a national model (academyId NULL): every académie saw it among the national models and could start
-- a campaign with it, and its own académie could not open it in the questionnaire editor. Each such version goes to
-- the académie of its first import; another académie that imported the same definition gets its own copy (next
-- version number of the key and year), and its imports, campaigns and responses point to that copy.
DO $$
DECLARE
  r RECORD;
  copy_id TEXT;
BEGIN
  FOR r IN
    SELECT i."academyId", i."surveyVersionId", min(i."createdAt") AS first_import
    FROM "LimeSurveyImport" i JOIN "SurveyVersion" v ON v."id" = i."surveyVersionId"
    WHERE v."academyId" IS NULL AND v."key" LIKE 'limesurvey-%'
    GROUP BY i."academyId", i."surveyVersionId"
    ORDER BY i."surveyVersionId", first_import, i."academyId"
  LOOP
    IF (SELECT "academyId" FROM "SurveyVersion" WHERE "id" = r."surveyVersionId") IS NULL THEN
      UPDATE "SurveyVersion" SET "academyId" = r."academyId", "publishedAt" = "createdAt" WHERE "id" = r."surveyVersionId";
    ELSE
      copy_id := 'lsv' || md5(r."surveyVersionId" || ':' || r."academyId");
      INSERT INTO "SurveyVersion" ("id", "key", "schoolYearId", "version", "checksum", "title", "definition", "createdAt", "academyId", "status", "publishedAt", "revision", "updatedAt")
      SELECT copy_id, v."key", v."schoolYearId",
             (SELECT max(o."version") + 1 FROM "SurveyVersion" o WHERE o."key" = v."key" AND o."schoolYearId" = v."schoolYearId"),
             v."checksum", v."title", v."definition", v."createdAt", r."academyId", 'PUBLISHED', v."createdAt", 1, now()
      FROM "SurveyVersion" v WHERE v."id" = r."surveyVersionId";
      UPDATE "LimeSurveyImport" SET "surveyVersionId" = copy_id WHERE "academyId" = r."academyId" AND "surveyVersionId" = r."surveyVersionId";
      UPDATE "SurveyResponse" SET "surveyVersionId" = copy_id
        WHERE "surveyVersionId" = r."surveyVersionId" AND "campaignId" IN (SELECT "id" FROM "Campaign" WHERE "academyId" = r."academyId");
      UPDATE "Campaign" SET "surveyVersionId" = copy_id WHERE "academyId" = r."academyId" AND "surveyVersionId" = r."surveyVersionId";
    END IF;
  END LOOP;
END $$;

-- A questionnaire nothing was answered on (imported alone, or a lettre de mission file, whose letters are written on the
-- platform's own letter form) is a draft the DANE may still edit and publish.
UPDATE "SurveyVersion" v SET "status" = 'DRAFT', "publishedAt" = NULL
WHERE v."key" LIKE 'limesurvey-%' AND v."academyId" IS NOT NULL
  AND EXISTS (SELECT 1 FROM "LimeSurveyImport" i WHERE i."surveyVersionId" = v."id")
  AND NOT EXISTS (SELECT 1 FROM "LimeSurveyImport" i WHERE i."surveyVersionId" = v."id" AND i."campaignId" IS NOT NULL)
  AND NOT EXISTS (SELECT 1 FROM "Campaign" c WHERE c."surveyVersionId" = v."id")
  AND NOT EXISTS (SELECT 1 FROM "SurveyResponse" s WHERE s."surveyVersionId" = v."id");
