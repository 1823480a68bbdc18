-- CreateEnum
CREATE TYPE "PupilCountScope" AS ENUM ('TOTAL', 'PARTIAL');

-- CreateEnum
CREATE TYPE "ImportKind" AS ENUM ('ANNUAIRE', 'EFFECTIFS');

-- CreateEnum
CREATE TYPE "ImportStatus" AS ENUM ('RUNNING', 'SUCCEEDED', 'FAILED');

-- AlterTable
ALTER TABLE "Establishment" ADD COLUMN     "ministry" TEXT,
ADD COLUMN     "natureLabel" TEXT;

-- AlterTable
ALTER TABLE "EstablishmentYear" ADD COLUMN     "scope" "PupilCountScope" NOT NULL DEFAULT 'TOTAL';

-- CreateTable
CREATE TABLE "ImportRun" (
    "id" TEXT NOT NULL,
    "kind" "ImportKind" NOT NULL,
    "fileName" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "academyCode" TEXT,
    "actorId" TEXT,
    "channel" TEXT NOT NULL,
    "status" "ImportStatus" NOT NULL DEFAULT 'RUNNING',
    "created" INTEGER NOT NULL DEFAULT 0,
    "updated" INTEGER NOT NULL DEFAULT 0,
    "unchanged" INTEGER NOT NULL DEFAULT 0,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "ignored" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB,
    "startedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" TIMESTAMP(3),

    CONSTRAINT "ImportRun_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ImportRun_startedAt_idx" ON "ImportRun"("startedAt");

-- CreateIndex
CREATE INDEX "Establishment_academyId_type_idx" ON "Establishment"("academyId", "type");

-- CreateIndex
CREATE INDEX "Establishment_academyId_departmentCode_idx" ON "Establishment"("academyId", "departmentCode");

-- CreateIndex
CREATE INDEX "EstablishmentYear_schoolYearId_idx" ON "EstablishmentYear"("schoolYearId");
