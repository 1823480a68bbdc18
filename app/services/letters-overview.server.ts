// The DANE's follow-up of the lettres de mission (issue 5, point 7; ADR 009b): for one académie and school year,
// every open establishment with its letter's state, envelope, attributed IMP and top-up, totals, and
// reminders to the establishments without a signed letter (outbox, audited, at most one per establishment
// in 24 h whoever sends it).
import type { Prisma } from "../generated/prisma/client.ts";
import type { EstablishmentType } from "../generated/prisma/enums.ts";
import { db } from "../db/db.server.ts";
import type { Actor } from "../domain/permissions.ts";
import {
  LETTER_PROGRESS_LABELS, type LetterProgressStatus, REMINDER_INTERVAL_MS, isSigned, progressTotals, reminderAllowed,
} from "../domain/imp/letter-progress.ts";
import { envelopeFor } from "../domain/imp/rule-set.ts";
import { audit } from "./audit.server.ts";
import { enqueueMail } from "./outbox.server.ts";
import { publishedRuleSetInForce, toDomainRuleSet } from "./imp-rule-sets.server.ts";
import { academyLabel } from "../domain/format/fr.ts";

type Client = Prisma.TransactionClient | typeof db;

export type OverviewFilters = { status?: LetterProgressStatus; type?: EstablishmentType; departmentCode?: string };
export const REMINDER_ACTION = "mission-letter.reminder";

export type OverviewLine = {
  establishment: { id: string; uai: string; name: string; type: EstablishmentType; departmentCode: string | null; departmentName: string | null; email: string | null };
  letter: { id: string; returned: boolean } | null;
  status: LetterProgressStatus;
  envelope: number | null;
  /** Why the envelope is unknown (no letter yet and no computable envelope). */
  envelopeNote: string | null;
  attributed: number;
  topUp: number;
  lastReminderAt: Date | null;
};

async function lastReminders(client: Client, establishmentIds: string[]): Promise<Map<string, Date>> {
  const rows = await client.auditEvent.groupBy({
    by: ["entityId"],
    where: { action: REMINDER_ACTION, entityType: "Establishment", entityId: { in: establishmentIds } },
    _max: { createdAt: true },
  });
  return new Map(rows.filter((r) => r.entityId && r._max.createdAt).map((r) => [r.entityId!, r._max.createdAt!]));
}

/** Every open establishment of the académie for the year; the envelope is the letter's frozen one, else computed. */
export async function overviewLines(client: Client, academyId: string, schoolYearId: string): Promise<OverviewLine[]> {
  // One after the other: `client` may be a transaction, whose single connection must not run two queries at once.
  const establishments = await client.establishment.findMany({
    where: { academyId, closedAt: null },
    orderBy: [{ name: "asc" }, { uai: "asc" }],
    select: {
      id: true, uai: true, name: true, type: true, departmentCode: true, departmentName: true, email: true,
      missionLetters: {
        where: { schoolYearId },
        select: { id: true, status: true, envelopeCents: true, attributedCents: true, topUpCents: true, returnedAt: true },
      },
      years: { where: { schoolYearId }, select: { pupilCount: true } },
    },
  });
  const ruleSet = await publishedRuleSetInForce(client, academyId, schoolYearId);
  const rules = ruleSet ? toDomainRuleSet(ruleSet) : null;
  const reminders = await lastReminders(client, establishments.map((e) => e.id));
  return establishments.map((e) => {
    const letter = e.missionLetters[0] ?? null;
    let envelope = letter?.envelopeCents ?? null;
    let envelopeNote: string | null = null;
    if (envelope === null) {
      if (!rules) envelopeNote = `Aucune règle d'enveloppe IMP publiée pour ${schoolYearId}.`;
      else {
        const result = envelopeFor(rules, { type: e.type, pupilCount: e.years[0]?.pupilCount ?? null, name: e.name });
        if (result.ok) envelope = result.envelope.total;
        else envelopeNote = result.error.message;
      }
    }
    const { missionLetters: _letters, years: _years, ...establishment } = e;
    return {
      establishment,
      letter: letter ? { id: letter.id, returned: letter.status === "DRAFT" && letter.returnedAt !== null } : null,
      status: letter?.status ?? "NONE",
      envelope,
      envelopeNote,
      attributed: letter?.attributedCents ?? 0,
      topUp: letter?.topUpCents ?? 0,
      lastReminderAt: reminders.get(e.id) ?? null,
    };
  });
}

export function applyFilters(lines: OverviewLine[], filters: OverviewFilters): OverviewLine[] {
  return lines.filter(
    (l) =>
      (!filters.status || l.status === filters.status) &&
      (!filters.type || l.establishment.type === filters.type) &&
      (!filters.departmentCode || l.establishment.departmentCode === filters.departmentCode),
  );
}

export async function lettersOverview(academyId: string, schoolYearId: string, filters: OverviewFilters) {
  const lines = await overviewLines(db, academyId, schoolYearId);
  const shown = applyFilters(lines, filters);
  const departments = [...new Map(lines.filter((l) => l.establishment.departmentCode).map((l) => [l.establishment.departmentCode!, l.establishment.departmentName ?? l.establishment.departmentCode!]))]
    .sort(([a], [b]) => a.localeCompare(b));
  return {
    lines: shown,
    academyTotals: progressTotals(lines),
    shownTotals: progressTotals(shown),
    departments,
    pendingReminders: shown.filter((l) => !isSigned(l.status)).length,
  };
}

/** The school years offered by the year filter (newest first), including the one shown. */
export async function schoolYearOptions(shown: string): Promise<string[]> {
  const years = await db.schoolYear.findMany({ orderBy: { id: "desc" }, select: { id: true } });
  return [...new Set([shown, ...years.map((y) => y.id)])].sort().reverse();
}

export type ReminderOutcome = { reminded: number; mails: number; recentlyReminded: number; withoutAddress: string[] };

/**
 * Reminds the establishments of the (filtered) selection whose letter is not signed: one mail to the
 * establishment's address and one to each of its chefs, an audit event per establishment (which also
 * enforces the 24 h rule), all in one transaction under a per-académie lock.
 */
export async function sendLetterReminders(
  actor: Actor,
  academy: { id: string; name: string },
  schoolYearId: string,
  filters: OverviewFilters,
  origin: string,
  ip: string | null = null,
  now = new Date(),
): Promise<ReminderOutcome> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${`letter-reminders:${academy.id}`}))`;
    const targets = applyFilters(await overviewLines(tx, academy.id, schoolYearId), filters).filter((l) => !isSigned(l.status));
    const chefs = await tx.roleAssignment.findMany({
      where: { role: "CHEF", establishmentId: { in: targets.map((t) => t.establishment.id) }, OR: [{ schoolYearId: null }, { schoolYearId }] },
      select: { establishmentId: true, user: { select: { email: true } } },
    });
    const outcome: ReminderOutcome = { reminded: 0, mails: 0, recentlyReminded: 0, withoutAddress: [] };
    for (const line of targets) {
      if (!reminderAllowed(line.lastReminderAt, now)) {
        outcome.recentlyReminded++;
        continue;
      }
      const e = line.establishment;
      const recipients = [...new Set([e.email, ...chefs.filter((c) => c.establishmentId === e.id).map((c) => c.user.email)]
        .filter((v): v is string => Boolean(v?.trim()))
        .map((v) => v.trim().toLowerCase()))];
      if (recipients.length === 0) {
        outcome.withoutAddress.push(`${e.name} (${e.uai})`);
        continue;
      }
      const mail = reminderMail({ academy: academy.name, schoolYearId, establishment: e, status: line.status, origin });
      for (const to of recipients) await enqueueMail(tx, { kind: "mission-letter-reminder", to, ...mail });
      await audit(tx, {
        actorId: actor.userId,
        action: REMINDER_ACTION,
        entityType: "Establishment",
        entityId: e.id,
        summary: { schoolYearId, status: line.status, recipients },
        ip,
      });
      outcome.reminded++;
      outcome.mails += recipients.length;
    }
    await audit(tx, {
      actorId: actor.userId,
      action: "mission-letter.reminders",
      entityType: "Academy",
      entityId: academy.id,
      summary: { schoolYearId, filters, ...outcome },
      ip,
    });
    return outcome;
  });
}

const STATUS_SENTENCES: Record<LetterProgressStatus, string> = {
  NONE: "la lettre n'a pas encore été commencée",
  DRAFT: "la lettre est en brouillon",
  SUBMITTED: "la lettre a été soumise et attend la signature du chef d'établissement",
  SIGNED: "la lettre est signée",
  VALIDATED: "la lettre est validée",
};

export function reminderMail(input: {
  academy: string;
  schoolYearId: string;
  establishment: { name: string; uai: string };
  status: LetterProgressStatus;
  origin: string;
}): { subject: string; text: string } {
  const { academy, schoolYearId, establishment, status, origin } = input;
  return {
    subject: `Rappel : lettre de mission RUPN ${schoolYearId} à compléter et signer — ${establishment.name}`,
    text: [
      "Madame, Monsieur,",
      "",
      `La DANE de l'${academyLabel(academy)} n'a pas encore reçu la lettre de mission RUPN ${schoolYearId} signée de l'établissement ${establishment.name} (${establishment.uai}) : ${STATUS_SENTENCES[status]}.`,
      "",
      "La lettre de mission désigne le ou les référents pour les ressources et usages pédagogiques numériques, répartit leurs missions et indique la reconnaissance attribuée (IMP ou allègement de service). Elle se remplit en ligne, puis le chef d'établissement la signe :",
      `${origin}/lettres`,
      "",
      "Merci de la compléter et de la signer dans les meilleurs délais.",
      "",
      `La DANE de l'${academyLabel(academy)}`,
    ].join("\n"),
  };
}

export { LETTER_PROGRESS_LABELS, REMINDER_INTERVAL_MS };
