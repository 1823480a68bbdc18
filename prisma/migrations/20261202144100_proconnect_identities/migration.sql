-- AlterTable
ALTER TABLE "Session" ADD COLUMN     "idToken" TEXT,
ADD COLUMN     "method" TEXT NOT NULL DEFAULT 'email-link';

-- CreateTable
CREATE TABLE "LinkedIdentity" (
    "id" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "idp" TEXT NOT NULL,
    "idpId" TEXT NOT NULL,
    "uid" TEXT NOT NULL,
    "sub" TEXT NOT NULL,
    "siret" TEXT,
    "linkEmail" TEXT NOT NULL,
    "lastEmail" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lastUsedAt" TIMESTAMP(3),

    CONSTRAINT "LinkedIdentity_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LinkedIdentity_userId_idx" ON "LinkedIdentity"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "LinkedIdentity_idp_idpId_uid_key" ON "LinkedIdentity"("idp", "idpId", "uid");

-- AddForeignKey
ALTER TABLE "LinkedIdentity" ADD CONSTRAINT "LinkedIdentity_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
