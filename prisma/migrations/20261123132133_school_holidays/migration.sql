-- CreateEnum
CREATE TYPE "SchoolHolidayZone" AS ENUM ('A', 'B', 'C');

-- AlterTable
ALTER TABLE "Academy" ADD COLUMN     "zone" "SchoolHolidayZone";

-- CreateTable
CREATE TABLE "SchoolHoliday" (
    "id" TEXT NOT NULL,
    "zone" "SchoolHolidayZone" NOT NULL,
    "schoolYearId" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "firstDay" DATE NOT NULL,
    "lastDay" DATE NOT NULL,
    "source" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "updatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SchoolHoliday_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SchoolHoliday_zone_firstDay_idx" ON "SchoolHoliday"("zone", "firstDay");

-- CreateIndex
CREATE UNIQUE INDEX "SchoolHoliday_zone_schoolYearId_label_key" ON "SchoolHoliday"("zone", "schoolYearId", "label");

-- AddForeignKey
ALTER TABLE "SchoolHoliday" ADD CONSTRAINT "SchoolHoliday_schoolYearId_fkey" FOREIGN KEY ("schoolYearId") REFERENCES "SchoolYear"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Data: the holiday zone of the académies already known, by their Annuaire code (Code_academie).
-- Same table as app/domain/trainings/school-holidays.ts (ACADEMY_ZONES); Corse and outre-mer stay null.
UPDATE "Academy" SET "zone" = 'A' WHERE "zone" IS NULL AND "code" IN ('03', '04', '06', '07', '08', '10', '13', '22');
UPDATE "Academy" SET "zone" = 'B' WHERE "zone" IS NULL AND "code" IN ('02', '05', '09', '12', '14', '15', '17', '18', '19', '20', '21', '23', '70');
UPDATE "Academy" SET "zone" = 'C' WHERE "zone" IS NULL AND "code" IN ('01', '11', '16', '24', '25');
