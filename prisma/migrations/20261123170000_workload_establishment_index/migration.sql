-- CreateIndex
-- The IMP dashboard joins each letter to the hours reported for its establishment and year (ADR 010).
-- IF NOT EXISTS: development databases got this index from an earlier draft of 20261123150319_dashboards_workload.
CREATE INDEX IF NOT EXISTS "ResponseWorkload_establishmentId_schoolYearId_idx" ON "ResponseWorkload"("establishmentId", "schoolYearId");
