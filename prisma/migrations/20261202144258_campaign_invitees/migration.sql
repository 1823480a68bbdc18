-- AlterTable
ALTER TABLE "Campaign" ADD COLUMN     "audienceFrozenAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "CampaignInvitee" (
    "id" TEXT NOT NULL,
    "campaignId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "establishmentId" TEXT NOT NULL,
    "invitedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lateAddition" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "CampaignInvitee_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CampaignInvitee_userId_idx" ON "CampaignInvitee"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "CampaignInvitee_campaignId_userId_establishmentId_key" ON "CampaignInvitee"("campaignId", "userId", "establishmentId");

-- AddForeignKey
ALTER TABLE "CampaignInvitee" ADD CONSTRAINT "CampaignInvitee_campaignId_fkey" FOREIGN KEY ("campaignId") REFERENCES "Campaign"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignInvitee" ADD CONSTRAINT "CampaignInvitee_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CampaignInvitee" ADD CONSTRAINT "CampaignInvitee_establishmentId_fkey" FOREIGN KEY ("establishmentId") REFERENCES "Establishment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
