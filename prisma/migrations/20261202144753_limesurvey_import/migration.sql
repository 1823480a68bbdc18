-- CreateTable
CREATE TABLE "LimeSurveyImport" (
    "id" TEXT NOT NULL,
    "academyId" TEXT NOT NULL,
    "schoolYearId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "channel" TEXT NOT NULL,
    "actorId" TEXT,
    "sourceSurveyId" TEXT NOT NULL,
    "surveyVersionId" TEXT NOT NULL,
    "campaignId" TEXT,
    "report" JSONB NOT NULL,
    "result" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "LimeSurveyImport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LimeSurveyMapping" (
    "id" TEXT NOT NULL,
    "academyId" TEXT NOT NULL,
    "sourceSurveyId" TEXT NOT NULL,
    "entries" JSONB NOT NULL,
    "confirmedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LimeSurveyMapping_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LimeSurveyImport_academyId_createdAt_idx" ON "LimeSurveyImport"("academyId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "LimeSurveyImport_academyId_checksum_key" ON "LimeSurveyImport"("academyId", "checksum");

-- CreateIndex
CREATE UNIQUE INDEX "LimeSurveyMapping_academyId_sourceSurveyId_key" ON "LimeSurveyMapping"("academyId", "sourceSurveyId");
