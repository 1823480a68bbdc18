-- CreateEnum
CREATE TYPE "ImpRuleSetStatus" AS ENUM ('DRAFT', 'PUBLISHED');

-- CreateEnum
CREATE TYPE "MissionLetterStatus" AS ENUM ('DRAFT', 'SUBMITTED', 'SIGNED', 'VALIDATED');

-- CreateTable
CREATE TABLE "ImpRuleSet" (
    "id" TEXT NOT NULL,
    "academyId" TEXT NOT NULL,
    "schoolYearId" TEXT NOT NULL,
    "effectiveFrom" DATE NOT NULL,
    "status" "ImpRuleSetStatus" NOT NULL DEFAULT 'DRAFT',
    "source" TEXT,
    "legalRatesCents" INTEGER[],
    "version" INTEGER NOT NULL DEFAULT 1,
    "publishedAt" TIMESTAMP(3),
    "publishedById" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ImpRuleSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImpEnvelopeRule" (
    "id" TEXT NOT NULL,
    "ruleSetId" TEXT NOT NULL,
    "type" "EstablishmentType" NOT NULL,
    "minPupils" INTEGER NOT NULL,
    "maxPupils" INTEGER,
    "units" INTEGER NOT NULL,
    "unitRateCents" INTEGER NOT NULL,

    CONSTRAINT "ImpEnvelopeRule_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MissionLetter" (
    "id" TEXT NOT NULL,
    "establishmentId" TEXT NOT NULL,
    "schoolYearId" TEXT NOT NULL,
    "surveyVersionId" TEXT NOT NULL,
    "status" "MissionLetterStatus" NOT NULL DEFAULT 'DRAFT',
    "data" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "pupilCount" INTEGER,
    "ruleSetId" TEXT,
    "envelopeCents" INTEGER,
    "topUpCents" INTEGER NOT NULL DEFAULT 0,
    "attributedCents" INTEGER NOT NULL DEFAULT 0,
    "submittedAt" TIMESTAMP(3),
    "submittedById" TEXT,
    "signedAt" TIMESTAMP(3),
    "signedById" TEXT,
    "signerName" TEXT,
    "validatedAt" TIMESTAMP(3),
    "validatedById" TEXT,
    "returnedAt" TIMESTAMP(3),
    "returnComment" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MissionLetter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ImpAttribution" (
    "id" TEXT NOT NULL,
    "letterId" TEXT NOT NULL,
    "establishmentId" TEXT NOT NULL,
    "schoolYearId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "firstName" TEXT NOT NULL,
    "lastName" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "staffStatus" TEXT NOT NULL,
    "discipline" TEXT,
    "newcomer" BOOLEAN NOT NULL DEFAULT false,
    "impCents" INTEGER,
    "reliefHours" DOUBLE PRECISION,
    "startsOn" DATE,
    "endsOn" DATE,
    "replacesEmail" TEXT,

    CONSTRAINT "ImpAttribution_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MissionLetterDocument" (
    "letterId" TEXT NOT NULL,
    "letterVersion" INTEGER NOT NULL,
    "pdf" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MissionLetterDocument_pkey" PRIMARY KEY ("letterId")
);

-- CreateIndex
CREATE INDEX "ImpRuleSet_academyId_schoolYearId_status_idx" ON "ImpRuleSet"("academyId", "schoolYearId", "status");

-- CreateIndex
CREATE INDEX "ImpEnvelopeRule_ruleSetId_idx" ON "ImpEnvelopeRule"("ruleSetId");

-- CreateIndex
CREATE INDEX "MissionLetter_schoolYearId_status_idx" ON "MissionLetter"("schoolYearId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "MissionLetter_establishmentId_schoolYearId_key" ON "MissionLetter"("establishmentId", "schoolYearId");

-- CreateIndex
CREATE INDEX "ImpAttribution_establishmentId_schoolYearId_idx" ON "ImpAttribution"("establishmentId", "schoolYearId");

-- CreateIndex
CREATE INDEX "ImpAttribution_schoolYearId_idx" ON "ImpAttribution"("schoolYearId");

-- CreateIndex
CREATE UNIQUE INDEX "ImpAttribution_letterId_email_key" ON "ImpAttribution"("letterId", "email");

-- AddForeignKey
ALTER TABLE "ImpRuleSet" ADD CONSTRAINT "ImpRuleSet_academyId_fkey" FOREIGN KEY ("academyId") REFERENCES "Academy"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImpRuleSet" ADD CONSTRAINT "ImpRuleSet_schoolYearId_fkey" FOREIGN KEY ("schoolYearId") REFERENCES "SchoolYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImpEnvelopeRule" ADD CONSTRAINT "ImpEnvelopeRule_ruleSetId_fkey" FOREIGN KEY ("ruleSetId") REFERENCES "ImpRuleSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissionLetter" ADD CONSTRAINT "MissionLetter_establishmentId_fkey" FOREIGN KEY ("establishmentId") REFERENCES "Establishment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissionLetter" ADD CONSTRAINT "MissionLetter_schoolYearId_fkey" FOREIGN KEY ("schoolYearId") REFERENCES "SchoolYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissionLetter" ADD CONSTRAINT "MissionLetter_surveyVersionId_fkey" FOREIGN KEY ("surveyVersionId") REFERENCES "SurveyVersion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImpAttribution" ADD CONSTRAINT "ImpAttribution_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "MissionLetter"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ImpAttribution" ADD CONSTRAINT "ImpAttribution_establishmentId_fkey" FOREIGN KEY ("establishmentId") REFERENCES "Establishment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "MissionLetterDocument" ADD CONSTRAINT "MissionLetterDocument_letterId_fkey" FOREIGN KEY ("letterId") REFERENCES "MissionLetter"("id") ON DELETE CASCADE ON UPDATE CASCADE;
