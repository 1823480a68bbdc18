// Account linking for ProConnect sign-ins (ADR 014): an identity already linked signs in by (idp, idpId, uid); a new
// one links to the account with the same address, once. Nobody is created, and no role comes from the claims.
import { db } from "../db/db.server.ts";
import { createSession } from "../auth/session.server.ts";
import { audit } from "./audit.server.ts";
import type { ProConnectIdentity } from "../auth/proconnect.server.ts";

export const PROCONNECT_IDP = "proconnect";

export type ProConnectOutcome =
  | { kind: "signed-in"; userId: string; cookie: string; linked: boolean }
  | { kind: "no-account"; email: string }
  | { kind: "other-identity"; email: string };

/** Spacing and case do not distinguish two addresses. */
export function comparableEmail(email: string) {
  return email.replace(/\s+/g, "").toLowerCase();
}

export async function signInWithProConnect(identity: ProConnectIdentity, ip: string | null): Promise<ProConnectOutcome> {
  const email = comparableEmail(identity.email);
  return db.$transaction(async (tx) => {
    const summary = { method: PROCONNECT_IDP, idpId: identity.idpId, siret: identity.siret };
    const known = await tx.linkedIdentity.findUnique({
      where: { idp_idpId_uid: { idp: PROCONNECT_IDP, idpId: identity.idpId, uid: identity.uid } },
    });
    let userId: string;
    let linked = false;
    if (known) {
      userId = known.userId;
      await tx.linkedIdentity.update({
        where: { id: known.id },
        data: { lastEmail: email, siret: identity.siret, sub: identity.sub, lastUsedAt: new Date() },
      });
    } else {
      const user = await tx.user.findFirst({ where: { email: { equals: email, mode: "insensitive" } }, select: { id: true } });
      if (!user) {
        await audit(tx, { actorId: null, action: "sign-in-refused", entityType: "User", summary: { ...summary, reason: "no-account", email }, ip });
        return { kind: "no-account" as const, email };
      }
      const other = await tx.linkedIdentity.count({ where: { userId: user.id, idp: PROCONNECT_IDP } });
      if (other > 0) {
        // A second identity on the same account needs an administrator: the old link is removed first.
        await audit(tx, { actorId: null, action: "sign-in-refused", entityType: "User", entityId: user.id, summary: { ...summary, reason: "other-identity" }, ip });
        return { kind: "other-identity" as const, email };
      }
      const created = await tx.linkedIdentity.create({
        data: {
          userId: user.id,
          idp: PROCONNECT_IDP,
          idpId: identity.idpId,
          uid: identity.uid,
          sub: identity.sub,
          siret: identity.siret,
          linkEmail: email,
          lastEmail: email,
          lastUsedAt: new Date(),
        },
      });
      await audit(tx, { actorId: user.id, action: "identity-linked", entityType: "LinkedIdentity", entityId: created.id, summary, ip });
      userId = user.id;
      linked = true;
    }
    const cookie = await createSession(userId, { method: "proconnect", idToken: identity.idToken }, tx);
    await audit(tx, { actorId: userId, action: "sign-in", entityType: "User", entityId: userId, summary, ip });
    return { kind: "signed-in" as const, userId, cookie, linked };
  });
}
