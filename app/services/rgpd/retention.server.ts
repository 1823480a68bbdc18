// The retention job (RGPD, ADR 020): purges or anonymises what is past its period (domain/rgpd/retention.ts).
// Idempotent: everything it touches either disappears or is marked (freeTextClearedAt, erasedAt), so a second run
// finds nothing and reports zeros. Each run writes its French report to the audit log ("rgpd.retention").
import type { Prisma } from "../../generated/prisma/client.ts";
import { db } from "../../db/db.server.ts";
import { cutoff, formatDuration, purgeReport, retentionByKind, retentionRules, type PurgeCounts, type RetentionRule } from "../../domain/rgpd/retention.ts";
import { freeTextQuestionNames, withoutFreeText } from "../../domain/rgpd/free-text.ts";
import { audit } from "../audit.server.ts";
import { SIGN_IN_ACTIONS } from "./person-file.server.ts";
import { eraseExpiredPerson } from "./erasure.server.ts";

/** Reads of personal data and exports: the access log proper (the RGPD acts themselves are kept as proof). */
const ACCESS_LOG_ACTIONS = ["view-personal-data", "rgpd.export"];
const BATCH = 500;

/** The rules in force, from the environment of this process. */
export function retentionInForce(): RetentionRule[] {
  return retentionRules(process.env);
}

export type PurgeRun = { counts: PurgeCounts; report: string[]; startedAt: Date; durationMs: number };

export async function runRetention(options: { now?: Date; env?: Record<string, string | undefined> } = {}): Promise<PurgeRun> {
  const now = options.now ?? new Date();
  const started = performance.now();
  const rules = retentionByKind(retentionRules(options.env ?? process.env));
  const before = (kind: keyof typeof rules) => cutoff(rules[kind].period, now);

  const loginTokens = (await db.loginToken.deleteMany({ where: { createdAt: { lt: before("loginTokens") } } })).count;
  const sessions = (await db.session.deleteMany({ where: { OR: [{ createdAt: { lt: before("sessions") } }, { expiresAt: { lt: now } }] } })).count;
  const signInLog = (await db.auditEvent.deleteMany({ where: { action: { in: [...SIGN_IN_ACTIONS] }, createdAt: { lt: before("signInLog") } } })).count;
  const accessLog = (await db.auditEvent.deleteMany({ where: { action: { in: ACCESS_LOG_ACTIONS }, createdAt: { lt: before("accessLog") } } })).count;
  // Mails still to deliver are kept whatever their age; delivered or abandoned ones go.
  const mails = (
    await db.outboxMessage.deleteMany({
      where: { status: { in: ["SENT", "FAILED"] }, OR: [{ sentAt: { lt: before("mails") } }, { sentAt: null, createdAt: { lt: before("mails") } }] },
    })
  ).count;
  const bilanFreeText = await clearOldFreeText(before("bilanFreeText"));
  const departedPeople = await anonymiseDeparted(before("departedPeople"));

  const counts: PurgeCounts = { loginTokens, sessions, signInLog, accessLog, mails, bilanFreeText, departedPeople };
  const report = purgeReport(counts);
  const periods = Object.fromEntries(Object.values(rules).map((r) => [r.kind, formatDuration(r.period)]));
  await audit(db, { actorId: null, action: "rgpd.retention", entityType: "Retention", summary: { counts, report, periods } as Prisma.InputJsonValue });
  return { counts, report, startedAt: now, durationMs: Math.round(performance.now() - started) };
}

/** Free text of the bilans of campaigns closed before the cutoff; each bilan is marked, so it is done once. */
async function clearOldFreeText(before: Date): Promise<number> {
  let done = 0;
  for (;;) {
    const batch = await db.surveyResponse.findMany({
      where: { freeTextClearedAt: null, campaign: { closesAt: { lt: before } } },
      take: BATCH,
      orderBy: { id: "asc" },
      select: { id: true, data: true, draftData: true, surveyVersion: { select: { definition: true } } },
    });
    if (batch.length === 0) return done;
    await db.$transaction(async (tx) => {
      for (const r of batch) {
        const freeText = freeTextQuestionNames(r.surveyVersion.definition);
        await tx.surveyResponse.update({
          where: { id: r.id },
          data: {
            data: withoutFreeText(r.data, freeText).value as Prisma.InputJsonValue,
            draftData: r.draftData === null ? undefined : (withoutFreeText(r.draftData, freeText).value as Prisma.InputJsonValue),
            freeTextClearedAt: new Date(),
          },
        });
        await tx.responseFact.updateMany({ where: { responseId: r.id, question: { in: [...freeText] }, textValue: { not: null } }, data: { textValue: null } });
      }
    }, { timeout: 60_000 });
    done += batch.length;
  }
}

/**
 * People who left the mission: no role without a school year (chef, DANE, rectorat, administrator) and no
 * designation for a school year that ended after the cutoff, and an account older than the cutoff.
 */
async function anonymiseDeparted(before: Date): Promise<number> {
  const people = await db.$queryRaw<{ id: string }[]>`
    SELECT u.id FROM "User" u
    WHERE u."erasedAt" IS NULL AND u."createdAt" < ${before}
      AND NOT EXISTS (
        SELECT 1 FROM "RoleAssignment" r LEFT JOIN "SchoolYear" y ON y.id = r."schoolYearId"
        WHERE r."userId" = u.id AND (r."schoolYearId" IS NULL OR y."endsOn" >= ${before}))
    ORDER BY u.id`;
  for (const { id } of people) {
    await db.$transaction((tx) => eraseExpiredPerson(tx, id, "Fin de la durée de conservation (personne ayant quitté la mission)"), { timeout: 120_000, maxWait: 15_000 });
  }
  return people.length;
}

/** The daily run inside the server process (like the outbox worker); a failure is logged, the next day retries. */
export function startRetentionJob(intervalMs = 24 * 3600_000, log: (m: string) => void = console.log) {
  const run = () =>
    runRetention()
      .then((r) => log(`Conservation des données : ${r.report.join(" ; ")}.`))
      .catch((error) => console.error("Conservation des données :", error instanceof Error ? error.message : error));
  const timer = setInterval(run, intervalMs);
  timer.unref();
  void run();
  return { stop: () => clearInterval(timer) };
}
