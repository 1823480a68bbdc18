// The writes of a bilan, each one SQL statement (ADR 011): a statement is its own transaction, so nothing
// partial is ever written, and a submission costs one round trip instead of five (BEGIN, UPDATE, INSERT facts,
// INSERT audit, COMMIT) plus the query planning of a Prisma createMany of varying size on every call.
// Every write re-checks, in its WHERE, everything the answers were validated against: the response is the
// actor's own (respondent and current RUPN establishments), still at the version the client read, answered
// with the survey version and definition checksum validated against, in a campaign open at `now`.
// A write that matches no row changed nothing: the caller finds out why with a read (responses.server.ts).
import { Prisma } from "../generated/prisma/client.ts";
import { db } from "../db/db.server.ts";
import type { Fact } from "../surveys/facts.ts";

export type WriteGuard = {
  id: string;
  respondentId: string;
  establishmentIds: string[];
  version: number;
  surveyVersionId: string;
  checksum: string;
  now: Date;
};

function guarded(g: WriteGuard) {
  return Prisma.sql`r.id = ${g.id}::text AND r."respondentId" = ${g.respondentId}::text AND r."establishmentId" = ANY(${g.establishmentIds}::text[])
    AND r.version = ${g.version}::int AND r."surveyVersionId" = ${g.surveyVersionId}::text
    AND v.id = r."surveyVersionId" AND v.checksum = ${g.checksum}::text
    AND c.id = r."campaignId" AND c."opensAt" <= ${g.now}::timestamp(3) AND c."closesAt" > ${g.now}::timestamp(3)`;
}

/**
 * Autosave: the answers while a draft, set aside in draftData once submitted, and the page the respondent is on
 * (kept as it was when null). The status, or null if no row matched.
 */
export async function writeDraft(g: WriteGuard, data: unknown, page: string | null = null): Promise<"DRAFT" | "SUBMITTED" | null> {
  const json = JSON.stringify(data);
  const rows = await db.$queryRaw<{ status: "DRAFT" | "SUBMITTED" }[]>`
    UPDATE "SurveyResponse" AS r SET
      data = CASE WHEN r.status = 'SUBMITTED' THEN r.data ELSE ${json}::jsonb END,
      "draftData" = CASE WHEN r.status = 'SUBMITTED' THEN ${json}::jsonb ELSE r."draftData" END,
      "resumePage" = COALESCE(${page}::text, r."resumePage"),
      version = r.version + 1, "updatedAt" = ${g.now}::timestamp(3)
    FROM "Campaign" c, "SurveyVersion" v
    WHERE ${guarded(g)}
    RETURNING r.status::text AS status`;
  return rows[0]?.status ?? null;
}

export type SubmissionAudit = { actorId: string; action: string; summary: Prisma.InputJsonValue; ip: string | null };

/**
 * Submission of a response in the given status (a draft, or an already submitted one being updated): answers,
 * status and date, its facts replaced, the audit event. False if no row matched (nothing written).
 */
export async function writeSubmission(
  g: WriteGuard,
  currentStatus: "DRAFT" | "SUBMITTED",
  data: unknown,
  facts: Fact[],
  audit: SubmissionAudit,
): Promise<boolean> {
  // Sibling statements of one WITH see the same snapshot: the DELETE removes only the facts that existed before.
  const rows = await db.$queryRaw<{ written: number }[]>`
    WITH updated AS (
      UPDATE "SurveyResponse" AS r SET
        data = ${JSON.stringify(data)}::jsonb, "draftData" = NULL, status = 'SUBMITTED',
        "submittedAt" = ${g.now}::timestamp(3), version = r.version + 1, "updatedAt" = ${g.now}::timestamp(3)
      FROM "Campaign" c, "SurveyVersion" v
      WHERE ${guarded(g)} AND r.status = ${currentStatus}::"ResponseStatus"
      RETURNING r.id, r."campaignId", r."establishmentId"
    ), removed AS (
      DELETE FROM "ResponseFact" f USING updated u WHERE f."responseId" = u.id
    ), inserted AS (
      INSERT INTO "ResponseFact" (id, "responseId", "campaignId", "establishmentId", indicator, question, "numericValue", "textValue")
      SELECT gen_random_uuid()::text, u.id, u."campaignId", u."establishmentId", f.indicator, f.question, f."numericValue", f."textValue"
      FROM updated u CROSS JOIN jsonb_to_recordset(${JSON.stringify(facts)}::jsonb)
        AS f(indicator text, question text, "numericValue" double precision, "textValue" text)
    ), audited AS (
      INSERT INTO "AuditEvent" (id, "actorId", action, "entityType", "entityId", summary, ip, "createdAt")
      SELECT gen_random_uuid()::text, ${audit.actorId}::text, ${audit.action}::text, 'SurveyResponse', u.id,
        ${JSON.stringify(audit.summary)}::jsonb, ${audit.ip}::text, ${g.now}::timestamp(3)
      FROM updated u
    )
    SELECT count(*)::int AS written FROM updated`;
  return rows[0]?.written === 1;
}
