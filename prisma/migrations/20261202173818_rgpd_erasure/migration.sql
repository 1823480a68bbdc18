-- AlterTable
ALTER TABLE "SurveyResponse" ADD COLUMN     "freeTextClearedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "erasedAt" TIMESTAMP(3),
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;
