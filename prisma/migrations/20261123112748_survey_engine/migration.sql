-- CreateEnum
CREATE TYPE "ResponseStatus" AS ENUM ('DRAFT', 'SUBMITTED');

-- CreateTable
CREATE TABLE "SurveyVersion" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "schoolYearId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "checksum" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "definition" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SurveyVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Campaign" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "academyId" TEXT NOT NULL,
    "schoolYearId" TEXT NOT NULL,
    "surveyVersionId" TEXT NOT NULL,
    "opensAt" TIMESTAMP(3) NOT NULL,
    "closesAt" TIMESTAMP(3) NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Campaign_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SurveyResponse" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "surveyVersionId" TEXT NOT NULL,
    "establishmentId" TEXT NOT NULL,
    "respondentId" TEXT NOT NULL,
    "status" "ResponseStatus" NOT NULL DEFAULT 'DRAFT',
    "data" JSONB NOT NULL,
    "draftData" JSONB,
    "version" INTEGER NOT NULL DEFAULT 1,
    "submittedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SurveyResponse_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ResponseFact" (
    "id" TEXT NOT NULL,
    "responseId" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "establishmentId" TEXT NOT NULL,
    "indicator" TEXT NOT NULL,
    "question" TEXT NOT NULL,
    "numericValue" DOUBLE PRECISION,
    "textValue" TEXT,

    CONSTRAINT "ResponseFact_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SurveyVersion_key_schoolYearId_checksum_idx" ON "SurveyVersion"("key", "schoolYearId", "checksum");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyVersion_key_schoolYearId_version_key" ON "SurveyVersion"("key", "schoolYearId", "version");

-- CreateIndex
CREATE INDEX "Campaign_academyId_opensAt_idx" ON "Campaign"("academyId", "opensAt");

-- CreateIndex
CREATE INDEX "SurveyResponse_campaignId_status_idx" ON "SurveyResponse"("campaignId", "status");

-- CreateIndex
CREATE INDEX "SurveyResponse_respondentId_idx" ON "SurveyResponse"("respondentId");

-- CreateIndex
CREATE UNIQUE INDEX "SurveyResponse_campaignId_establishmentId_respondentId_key" ON "SurveyResponse"("campaignId", "establishmentId", "respondentId");

-- CreateIndex
CREATE INDEX "ResponseFact_campaignId_indicator_idx" ON "ResponseFact"("campaignId", "indicator");

-- CreateIndex
CREATE INDEX "ResponseFact_responseId_idx" ON "ResponseFact"("responseId");

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_academyId_fkey" FOREIGN KEY ("academyId") REFERENCES "Academy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_schoolYearId_fkey" FOREIGN KEY ("schoolYearId") REFERENCES "SchoolYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Campaign" ADD CONSTRAINT "Campaign_surveyVersionId_fkey" FOREIGN KEY ("surveyVersionId") REFERENCES "SurveyVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_surveyVersionId_fkey" FOREIGN KEY ("surveyVersionId") REFERENCES "SurveyVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_establishmentId_fkey" FOREIGN KEY ("establishmentId") REFERENCES "Establishment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SurveyResponse" ADD CONSTRAINT "SurveyResponse_respondentId_fkey" FOREIGN KEY ("respondentId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ResponseFact" ADD CONSTRAINT "ResponseFact_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "SurveyResponse"("id") ON DELETE CASCADE ON UPDATE CASCADE;
