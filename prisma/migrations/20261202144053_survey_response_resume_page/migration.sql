-- AlterTable
ALTER TABLE "SurveyResponse" ADD COLUMN     "resumePage" TEXT;
