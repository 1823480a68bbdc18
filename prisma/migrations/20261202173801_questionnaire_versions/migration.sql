-- CreateEnum
CREATE TYPE "SurveyVersionStatus" AS ENUM ('DRAFT', 'PUBLISHED');

-- AlterTable
ALTER TABLE "SurveyVersion" ADD COLUMN     "academyId" TEXT,
ADD COLUMN     "createdById" TEXT,
ADD COLUMN     "derivedFromId" TEXT,
ADD COLUMN     "nationalModelId" TEXT,
ADD COLUMN     "publishedAt" TIMESTAMP(3),
ADD COLUMN     "revision" INTEGER NOT NULL DEFAULT 1,
ADD COLUMN     "status" "SurveyVersionStatus" NOT NULL DEFAULT 'PUBLISHED',
ADD COLUMN     "updatedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;

-- CreateIndex
CREATE INDEX "SurveyVersion_academyId_key_schoolYearId_idx" ON "SurveyVersion"("academyId", "key", "schoolYearId");
