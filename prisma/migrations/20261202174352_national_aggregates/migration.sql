-- CreateTable
CREATE TABLE "NationalWorkloadAggregate" (
    "academyId" TEXT NOT NULL,
    "schoolYearId" TEXT NOT NULL,
    "establishmentType" "EstablishmentType" NOT NULL,
    "responses" INTEGER NOT NULL DEFAULT 0,
    "exceed" INTEGER NOT NULL DEFAULT 0,
    "pedagogicalSupport" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "leadershipAdvice" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "assistance" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "onlineServices" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "communication" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "training" DOUBLE PRECISION NOT NULL DEFAULT 0,

    CONSTRAINT "NationalWorkloadAggregate_pkey" PRIMARY KEY ("academyId","schoolYearId","establishmentType")
);

-- CreateTable
CREATE TABLE "NationalImpAggregate" (
    "academyId" TEXT NOT NULL,
    "schoolYearId" TEXT NOT NULL,
    "establishmentType" "EstablishmentType" NOT NULL,
    "status" "MissionLetterStatus" NOT NULL,
    "letters" INTEGER NOT NULL DEFAULT 0,
    "pupils" BIGINT NOT NULL DEFAULT 0,
    "envelopeCents" BIGINT NOT NULL DEFAULT 0,
    "attributedCents" BIGINT NOT NULL DEFAULT 0,
    "topUpCents" BIGINT NOT NULL DEFAULT 0,
    "referents" INTEGER NOT NULL DEFAULT 0,
    "impReferents" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "NationalImpAggregate_pkey" PRIMARY KEY ("academyId","schoolYearId","establishmentType","status")
);

-- CreateIndex
CREATE INDEX "NationalWorkloadAggregate_schoolYearId_idx" ON "NationalWorkloadAggregate"("schoolYearId");

-- CreateIndex
CREATE INDEX "NationalImpAggregate_schoolYearId_idx" ON "NationalImpAggregate"("schoolYearId");

-- Keep "NationalWorkloadAggregate" in step with "ResponseWorkload" (ADR 022): every statement that writes workload
-- rows (the rebuild of ADR 010's trigger, a cascade from a deleted bilan, a bulk load) adds its rows' hours and
-- subtracts the old ones, per (académie, school year, establishment type), in the same transaction. Deltas commute,
-- so concurrent submissions need no lock (the upsert's row lock orders them).
CREATE FUNCTION rupn_workload_national_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "NationalWorkloadAggregate" AS a ("academyId", "schoolYearId", "establishmentType", responses, exceed,
    "pedagogicalSupport", "leadershipAdvice", "assistance", "onlineServices", "communication", "training")
  SELECT d."academyId", d."schoolYearId", d.type, sum(d.sign)::int,
    sum(d.sign * (d.assistance > d."pedagogicalSupport")::int)::int,
    sum(d.sign * d."pedagogicalSupport"),
    sum(d.sign * d."leadershipAdvice"),
    sum(d.sign * d."assistance"),
    sum(d.sign * d."onlineServices"),
    sum(d.sign * d."communication"),
    sum(d.sign * d."training")
  FROM (SELECT 1 AS sign, x."academyId", x."schoolYearId", e.type, x."pedagogicalSupport", x."leadershipAdvice", x.assistance, x."onlineServices", x.communication, x.training FROM new_rows x JOIN "Establishment" e ON e.id = x."establishmentId") d
  GROUP BY 1, 2, 3
  ON CONFLICT ("academyId", "schoolYearId", "establishmentType") DO UPDATE SET
    responses = a.responses + excluded.responses,
    exceed = a.exceed + excluded.exceed,
    "pedagogicalSupport" = a."pedagogicalSupport" + excluded."pedagogicalSupport",
    "leadershipAdvice" = a."leadershipAdvice" + excluded."leadershipAdvice",
    "assistance" = a."assistance" + excluded."assistance",
    "onlineServices" = a."onlineServices" + excluded."onlineServices",
    "communication" = a."communication" + excluded."communication",
    "training" = a."training" + excluded."training";
  RETURN NULL;
END;
$$;

CREATE FUNCTION rupn_workload_national_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "NationalWorkloadAggregate" AS a ("academyId", "schoolYearId", "establishmentType", responses, exceed,
    "pedagogicalSupport", "leadershipAdvice", "assistance", "onlineServices", "communication", "training")
  SELECT d."academyId", d."schoolYearId", d.type, sum(d.sign)::int,
    sum(d.sign * (d.assistance > d."pedagogicalSupport")::int)::int,
    sum(d.sign * d."pedagogicalSupport"),
    sum(d.sign * d."leadershipAdvice"),
    sum(d.sign * d."assistance"),
    sum(d.sign * d."onlineServices"),
    sum(d.sign * d."communication"),
    sum(d.sign * d."training")
  FROM (SELECT -1 AS sign, x."academyId", x."schoolYearId", e.type, x."pedagogicalSupport", x."leadershipAdvice", x.assistance, x."onlineServices", x.communication, x.training FROM old_rows x JOIN "Establishment" e ON e.id = x."establishmentId") d
  GROUP BY 1, 2, 3
  ON CONFLICT ("academyId", "schoolYearId", "establishmentType") DO UPDATE SET
    responses = a.responses + excluded.responses,
    exceed = a.exceed + excluded.exceed,
    "pedagogicalSupport" = a."pedagogicalSupport" + excluded."pedagogicalSupport",
    "leadershipAdvice" = a."leadershipAdvice" + excluded."leadershipAdvice",
    "assistance" = a."assistance" + excluded."assistance",
    "onlineServices" = a."onlineServices" + excluded."onlineServices",
    "communication" = a."communication" + excluded."communication",
    "training" = a."training" + excluded."training";
  RETURN NULL;
END;
$$;

CREATE FUNCTION rupn_workload_national_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "NationalWorkloadAggregate" AS a ("academyId", "schoolYearId", "establishmentType", responses, exceed,
    "pedagogicalSupport", "leadershipAdvice", "assistance", "onlineServices", "communication", "training")
  SELECT d."academyId", d."schoolYearId", d.type, sum(d.sign)::int,
    sum(d.sign * (d.assistance > d."pedagogicalSupport")::int)::int,
    sum(d.sign * d."pedagogicalSupport"),
    sum(d.sign * d."leadershipAdvice"),
    sum(d.sign * d."assistance"),
    sum(d.sign * d."onlineServices"),
    sum(d.sign * d."communication"),
    sum(d.sign * d."training")
  FROM (SELECT 1 AS sign, x."academyId", x."schoolYearId", e.type, x."pedagogicalSupport", x."leadershipAdvice", x.assistance, x."onlineServices", x.communication, x.training FROM new_rows x JOIN "Establishment" e ON e.id = x."establishmentId" UNION ALL SELECT -1 AS sign, x."academyId", x."schoolYearId", e.type, x."pedagogicalSupport", x."leadershipAdvice", x.assistance, x."onlineServices", x.communication, x.training FROM old_rows x JOIN "Establishment" e ON e.id = x."establishmentId") d
  GROUP BY 1, 2, 3
  ON CONFLICT ("academyId", "schoolYearId", "establishmentType") DO UPDATE SET
    responses = a.responses + excluded.responses,
    exceed = a.exceed + excluded.exceed,
    "pedagogicalSupport" = a."pedagogicalSupport" + excluded."pedagogicalSupport",
    "leadershipAdvice" = a."leadershipAdvice" + excluded."leadershipAdvice",
    "assistance" = a."assistance" + excluded."assistance",
    "onlineServices" = a."onlineServices" + excluded."onlineServices",
    "communication" = a."communication" + excluded."communication",
    "training" = a."training" + excluded."training";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "ResponseWorkload_national_insert" AFTER INSERT ON "ResponseWorkload"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_workload_national_insert();
CREATE TRIGGER "ResponseWorkload_national_update" AFTER UPDATE ON "ResponseWorkload"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_workload_national_update();
CREATE TRIGGER "ResponseWorkload_national_delete" AFTER DELETE ON "ResponseWorkload"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_workload_national_delete();

-- "NationalImpAggregate": letters are saved far less often than bilans, and a letter's people live in another table
-- (rewritten at each save, deleted by cascade with the letter), so the (académie, year) groups a statement touches are
-- recomputed from the source rather than patched. The advisory lock (held to commit) orders concurrent writers of a
-- group; under READ COMMITTED the recomputing statement, taken after the lock, sees every committed change.
CREATE FUNCTION rupn_recompute_national_imp(academies TEXT[], years TEXT[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  pair RECORD;
BEGIN
  FOR pair IN SELECT DISTINCT a, y FROM unnest(academies, years) AS t(a, y) WHERE a IS NOT NULL AND y IS NOT NULL ORDER BY 1, 2 LOOP
    PERFORM pg_advisory_xact_lock(hashtext('rupn_national_imp'), hashtext(pair.a || '/' || pair.y));
  END LOOP;
  DELETE FROM "NationalImpAggregate" g
    USING unnest(academies, years) AS t(a, y) WHERE g."academyId" = t.a AND g."schoolYearId" = t.y;
  INSERT INTO "NationalImpAggregate" ("academyId", "schoolYearId", "establishmentType", status, letters, pupils,
    "envelopeCents", "attributedCents", "topUpCents", referents, "impReferents")
  SELECT e."academyId", l."schoolYearId", e.type, l.status, count(*)::int, coalesce(sum(l."pupilCount"), 0),
    coalesce(sum(l."envelopeCents"), 0), sum(l."attributedCents"), sum(l."topUpCents"),
    coalesce(sum(p.people), 0)::int, coalesce(sum(p.imp), 0)::int
  FROM "MissionLetter" l
  JOIN "Establishment" e ON e.id = l."establishmentId"
  JOIN (SELECT DISTINCT a, y FROM unnest(academies, years) AS t(a, y)) t ON t.a = e."academyId" AND t.y = l."schoolYearId"
  LEFT JOIN LATERAL (
    SELECT count(*) AS people, count(*) FILTER (WHERE ia."impCents" IS NOT NULL) AS imp FROM "ImpAttribution" ia WHERE ia."letterId" = l.id
  ) p ON true
  GROUP BY 1, 2, 3, 4;
END;
$$;

CREATE FUNCTION rupn_letters_national_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  academies TEXT[];
  years TEXT[];
BEGIN
  IF TG_OP = 'INSERT' THEN
    SELECT array_agg(e."academyId"), array_agg(x."schoolYearId") INTO academies, years
    FROM (SELECT DISTINCT "establishmentId", "schoolYearId" FROM new_rows) x JOIN "Establishment" e ON e.id = x."establishmentId";
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(e."academyId"), array_agg(x."schoolYearId") INTO academies, years
    FROM (SELECT DISTINCT "establishmentId", "schoolYearId" FROM old_rows) x JOIN "Establishment" e ON e.id = x."establishmentId";
  ELSE
    -- An autosave that changes no summed figure (status, pupils, envelope, attributed, top-up) recomputes nothing.
    SELECT array_agg(e."academyId"), array_agg(x."schoolYearId") INTO academies, years
    FROM (SELECT n."establishmentId", n."schoolYearId" FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.status, o."pupilCount", o."envelopeCents", o."attributedCents", o."topUpCents", o."establishmentId", o."schoolYearId")
              IS DISTINCT FROM (n.status, n."pupilCount", n."envelopeCents", n."attributedCents", n."topUpCents", n."establishmentId", n."schoolYearId")
          UNION SELECT o."establishmentId", o."schoolYearId" FROM new_rows n JOIN old_rows o ON o.id = n.id
            WHERE (o.status, o."pupilCount", o."envelopeCents", o."attributedCents", o."topUpCents", o."establishmentId", o."schoolYearId")
              IS DISTINCT FROM (n.status, n."pupilCount", n."envelopeCents", n."attributedCents", n."topUpCents", n."establishmentId", n."schoolYearId")) x
    JOIN "Establishment" e ON e.id = x."establishmentId";
  END IF;
  IF academies IS NOT NULL THEN
    PERFORM rupn_recompute_national_imp(academies, years);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "MissionLetter_national_insert" AFTER INSERT ON "MissionLetter"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_letters_national_changed();
CREATE TRIGGER "MissionLetter_national_update" AFTER UPDATE ON "MissionLetter"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_letters_national_changed();
CREATE TRIGGER "MissionLetter_national_delete" AFTER DELETE ON "MissionLetter"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_letters_national_changed();
-- A letter's people are rewritten at every save (delete, insert): each statement adds or subtracts its people in the
-- letter's group, under the group's lock (so it serialises with the recomputations above). People deleted with their
-- letter (cascade) find no letter here: the letter's own trigger then recomputes the group.
CREATE FUNCTION rupn_attributions_national_insert() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pair RECORD;
BEGIN
  FOR pair IN SELECT DISTINCT e."academyId" AS a, l."schoolYearId" AS y FROM (SELECT 1 AS sign, "letterId", "impCents" FROM new_rows) d
      JOIN "MissionLetter" l ON l.id = d."letterId" JOIN "Establishment" e ON e.id = l."establishmentId" ORDER BY 1, 2 LOOP
    PERFORM pg_advisory_xact_lock(hashtext('rupn_national_imp'), hashtext(pair.a || '/' || pair.y));
  END LOOP;
  INSERT INTO "NationalImpAggregate" AS g ("academyId", "schoolYearId", "establishmentType", status, referents, "impReferents")
  SELECT e."academyId", l."schoolYearId", e.type, l.status, sum(d.sign)::int, sum(d.sign * (d."impCents" IS NOT NULL)::int)::int
  FROM (SELECT 1 AS sign, "letterId", "impCents" FROM new_rows) d JOIN "MissionLetter" l ON l.id = d."letterId" JOIN "Establishment" e ON e.id = l."establishmentId"
  GROUP BY 1, 2, 3, 4
  ON CONFLICT ("academyId", "schoolYearId", "establishmentType", status) DO UPDATE SET
    referents = g.referents + excluded.referents, "impReferents" = g."impReferents" + excluded."impReferents";
  RETURN NULL;
END;
$$;

CREATE FUNCTION rupn_attributions_national_delete() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pair RECORD;
BEGIN
  FOR pair IN SELECT DISTINCT e."academyId" AS a, l."schoolYearId" AS y FROM (SELECT -1 AS sign, "letterId", "impCents" FROM old_rows) d
      JOIN "MissionLetter" l ON l.id = d."letterId" JOIN "Establishment" e ON e.id = l."establishmentId" ORDER BY 1, 2 LOOP
    PERFORM pg_advisory_xact_lock(hashtext('rupn_national_imp'), hashtext(pair.a || '/' || pair.y));
  END LOOP;
  INSERT INTO "NationalImpAggregate" AS g ("academyId", "schoolYearId", "establishmentType", status, referents, "impReferents")
  SELECT e."academyId", l."schoolYearId", e.type, l.status, sum(d.sign)::int, sum(d.sign * (d."impCents" IS NOT NULL)::int)::int
  FROM (SELECT -1 AS sign, "letterId", "impCents" FROM old_rows) d JOIN "MissionLetter" l ON l.id = d."letterId" JOIN "Establishment" e ON e.id = l."establishmentId"
  GROUP BY 1, 2, 3, 4
  ON CONFLICT ("academyId", "schoolYearId", "establishmentType", status) DO UPDATE SET
    referents = g.referents + excluded.referents, "impReferents" = g."impReferents" + excluded."impReferents";
  RETURN NULL;
END;
$$;

CREATE FUNCTION rupn_attributions_national_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  pair RECORD;
BEGIN
  FOR pair IN SELECT DISTINCT e."academyId" AS a, l."schoolYearId" AS y FROM (SELECT 1 AS sign, "letterId", "impCents" FROM new_rows UNION ALL SELECT -1, "letterId", "impCents" FROM old_rows) d
      JOIN "MissionLetter" l ON l.id = d."letterId" JOIN "Establishment" e ON e.id = l."establishmentId" ORDER BY 1, 2 LOOP
    PERFORM pg_advisory_xact_lock(hashtext('rupn_national_imp'), hashtext(pair.a || '/' || pair.y));
  END LOOP;
  INSERT INTO "NationalImpAggregate" AS g ("academyId", "schoolYearId", "establishmentType", status, referents, "impReferents")
  SELECT e."academyId", l."schoolYearId", e.type, l.status, sum(d.sign)::int, sum(d.sign * (d."impCents" IS NOT NULL)::int)::int
  FROM (SELECT 1 AS sign, "letterId", "impCents" FROM new_rows UNION ALL SELECT -1, "letterId", "impCents" FROM old_rows) d JOIN "MissionLetter" l ON l.id = d."letterId" JOIN "Establishment" e ON e.id = l."establishmentId"
  GROUP BY 1, 2, 3, 4
  ON CONFLICT ("academyId", "schoolYearId", "establishmentType", status) DO UPDATE SET
    referents = g.referents + excluded.referents, "impReferents" = g."impReferents" + excluded."impReferents";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "ImpAttribution_national_insert" AFTER INSERT ON "ImpAttribution"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_attributions_national_insert();
CREATE TRIGGER "ImpAttribution_national_update" AFTER UPDATE ON "ImpAttribution"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_attributions_national_update();
CREATE TRIGGER "ImpAttribution_national_delete" AFTER DELETE ON "ImpAttribution"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_attributions_national_delete();

-- An establishment whose type (or académie) changes, as an Annuaire import may do: its bilans' hours move to the
-- new type's group, and its académies' letter groups are recomputed.
CREATE FUNCTION rupn_establishments_national_changed() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  academies TEXT[];
  years TEXT[];
BEGIN
  IF NOT EXISTS (SELECT 1 FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.type <> n.type OR o."academyId" <> n."academyId") THEN
    RETURN NULL;
  END IF;
  INSERT INTO "NationalWorkloadAggregate" AS a ("academyId", "schoolYearId", "establishmentType", responses, exceed,
    "pedagogicalSupport", "leadershipAdvice", "assistance", "onlineServices", "communication", "training")
  SELECT d."academyId", d."schoolYearId", d.type, sum(d.sign)::int,
    sum(d.sign * (d.assistance > d."pedagogicalSupport")::int)::int,
    sum(d.sign * d."pedagogicalSupport"),
    sum(d.sign * d."leadershipAdvice"),
    sum(d.sign * d."assistance"),
    sum(d.sign * d."onlineServices"),
    sum(d.sign * d."communication"),
    sum(d.sign * d."training")
  FROM (SELECT s.sign, w."academyId", w."schoolYearId", s.type, w."pedagogicalSupport", w."leadershipAdvice", w.assistance, w."onlineServices", w.communication, w.training
    FROM (SELECT n.id, 1 AS sign, n.type FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.type <> n.type
          UNION ALL SELECT o.id, -1, o.type FROM new_rows n JOIN old_rows o ON o.id = n.id WHERE o.type <> n.type) s
    JOIN "ResponseWorkload" w ON w."establishmentId" = s.id) d
  GROUP BY 1, 2, 3
  ON CONFLICT ("academyId", "schoolYearId", "establishmentType") DO UPDATE SET
    responses = a.responses + excluded.responses,
    exceed = a.exceed + excluded.exceed,
    "pedagogicalSupport" = a."pedagogicalSupport" + excluded."pedagogicalSupport",
    "leadershipAdvice" = a."leadershipAdvice" + excluded."leadershipAdvice",
    "assistance" = a."assistance" + excluded."assistance",
    "onlineServices" = a."onlineServices" + excluded."onlineServices",
    "communication" = a."communication" + excluded."communication",
    "training" = a."training" + excluded."training";
  SELECT array_agg(x.a), array_agg(x.y) INTO academies, years FROM (
    SELECT DISTINCT c.a, l."schoolYearId" AS y
    FROM new_rows n JOIN old_rows o ON o.id = n.id
    CROSS JOIN LATERAL (VALUES (n."academyId"), (o."academyId")) c(a)
    JOIN "MissionLetter" l ON l."establishmentId" = n.id
    WHERE o.type <> n.type OR o."academyId" <> n."academyId") x;
  IF academies IS NOT NULL THEN
    PERFORM rupn_recompute_national_imp(academies, years);
  END IF;
  RETURN NULL;
END;
$$;

CREATE TRIGGER "Establishment_national_update" AFTER UPDATE ON "Establishment"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rupn_establishments_national_changed();

-- Rebuild both tables from the source rows (this migration; by hand after a repair: SELECT rupn_rebuild_national_aggregates()).
CREATE FUNCTION rupn_rebuild_national_aggregates() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM "NationalWorkloadAggregate";
  INSERT INTO "NationalWorkloadAggregate" AS a ("academyId", "schoolYearId", "establishmentType", responses, exceed,
    "pedagogicalSupport", "leadershipAdvice", "assistance", "onlineServices", "communication", "training")
  SELECT d."academyId", d."schoolYearId", d.type, sum(d.sign)::int,
    sum(d.sign * (d.assistance > d."pedagogicalSupport")::int)::int,
    sum(d.sign * d."pedagogicalSupport"),
    sum(d.sign * d."leadershipAdvice"),
    sum(d.sign * d."assistance"),
    sum(d.sign * d."onlineServices"),
    sum(d.sign * d."communication"),
    sum(d.sign * d."training")
  FROM (SELECT 1 AS sign, x."academyId", x."schoolYearId", e.type, x."pedagogicalSupport", x."leadershipAdvice", x.assistance, x."onlineServices", x.communication, x.training FROM "ResponseWorkload" x JOIN "Establishment" e ON e.id = x."establishmentId") d
  GROUP BY 1, 2, 3
  ON CONFLICT ("academyId", "schoolYearId", "establishmentType") DO UPDATE SET
    responses = a.responses + excluded.responses,
    exceed = a.exceed + excluded.exceed,
    "pedagogicalSupport" = a."pedagogicalSupport" + excluded."pedagogicalSupport",
    "leadershipAdvice" = a."leadershipAdvice" + excluded."leadershipAdvice",
    "assistance" = a."assistance" + excluded."assistance",
    "onlineServices" = a."onlineServices" + excluded."onlineServices",
    "communication" = a."communication" + excluded."communication",
    "training" = a."training" + excluded."training";
  PERFORM rupn_recompute_national_imp(x.a, x.y) FROM (
    SELECT array_agg(s.academy) AS a, array_agg(s.year) AS y FROM (
      SELECT DISTINCT e."academyId" AS academy, l."schoolYearId" AS year FROM "MissionLetter" l JOIN "Establishment" e ON e.id = l."establishmentId") s) x;
END;
$$;

SELECT rupn_rebuild_national_aggregates();
