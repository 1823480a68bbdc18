// What the DANE reads of a campaign: the responses (filters), one response read-only, the CSV export.
import type { Prisma } from "../generated/prisma/client.ts";
import type { Question } from "survey-core";
import { db } from "../db/db.server.ts";
import type { Actor } from "../domain/permissions.ts";
import { formatDateTime, RESPONSE_STATUS_LABELS } from "../domain/campaigns.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../domain/labels.ts";
import { allQuestions, buildModel, questionTitle, type SurveyDefinition } from "../surveys/model.ts";
import { getCampaign } from "./campaigns.server.ts";
import { SurveyServiceError } from "./survey-errors.server.ts";

export type ResponseFilters = { status?: "DRAFT" | "SUBMITTED"; type?: string; q?: string };

export async function listCampaignResponses(actor: Actor, campaignId: string, filters: ResponseFilters) {
  const campaign = await getCampaign(actor, campaignId);
  const q = filters.q?.trim();
  const where: Prisma.SurveyResponseWhereInput = {
    campaignId: campaign.id,
    ...(filters.status ? { status: filters.status } : {}),
    establishment: {
      ...(filters.type ? { type: filters.type as never } : {}),
      ...(q ? { OR: [{ name: { contains: q, mode: "insensitive" } }, { uai: { startsWith: q.toUpperCase() } }, { commune: { contains: q, mode: "insensitive" } }] } : {}),
    },
  };
  const rows = await db.surveyResponse.findMany({
    where,
    orderBy: [{ establishment: { name: "asc" } }, { createdAt: "asc" }],
    take: 500,
    select: {
      id: true, status: true, submittedAt: true, updatedAt: true,
      establishment: { select: { uai: true, name: true, type: true, commune: true } },
      respondent: { select: { firstName: true, lastName: true } },
    },
  });
  return { campaign, rows };
}

export async function getResponseForManager(actor: Actor, campaignId: string, responseId: string) {
  const campaign = await getCampaign(actor, campaignId);
  const response = await db.surveyResponse.findFirst({
    where: { id: responseId, campaignId: campaign.id },
    include: {
      surveyVersion: { select: { id: true, version: true, definition: true } },
      establishment: { select: { uai: true, name: true, type: true, commune: true } },
      respondent: { select: { firstName: true, lastName: true, email: true } },
    },
  });
  if (!response) throw new SurveyServiceError(404, "Cette réponse n'existe pas ou vous n'y avez pas accès.");
  return { campaign, response };
}

const SEPARATOR = ";";

/** RFC 4180 field, safe for spreadsheets: quotes doubled, and formula-looking cells neutralised. */
export function csvField(value: unknown): string {
  let text = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const csvLine = (fields: unknown[]) => fields.map(csvField).join(SEPARATOR) + "\r\n";

export function answerText(question: Question): string {
  if (question.isEmpty()) return "";
  const type = question.getType();
  if (type === "boolean") return question.value ? "Oui" : "Non";
  let text = String(question.displayValue ?? "");
  if (Array.isArray(question.value)) text = (question.displayValue as unknown as string[] | string).toString().replace(/,\s*/g, " ; ");
  if (question.hasOther && question.comment) text += ` (${question.comment})`;
  return text;
}

/**
 * CSV of the submitted responses of a campaign: fixed columns, then one column per question of the version
 * (French titles). Streams in pages of 100 so that memory does not grow with the campaign.
 */
export async function campaignCsvStream(actor: Actor, campaignId: string): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  const campaign = await getCampaign(actor, campaignId);
  const version = await db.surveyVersion.findUniqueOrThrow({ where: { id: campaign.surveyVersionId }, select: { definition: true } });
  const model = buildModel(version.definition as SurveyDefinition);
  const questions = allQuestions(model).filter((q) => q.getType() !== "html");
  const header = ["UAI", "Établissement", "Type", "Commune", "Référent·e", "Adresse électronique", "Envoyé le", ...questions.map(questionTitle)];
  const encoder = new TextEncoder();
  let cursor: string | undefined;
  let started = false;
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode("\uFEFF" + csvLine(header)));
        return;
      }
      const page = await db.surveyResponse.findMany({
        where: { campaignId: campaign.id, status: "SUBMITTED" },
        orderBy: { id: "asc" },
        take: 100,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
        select: {
          id: true, data: true, submittedAt: true,
          establishment: { select: { uai: true, name: true, type: true, commune: true } },
          respondent: { select: { firstName: true, lastName: true, email: true } },
        },
      });
      if (page.length === 0) return controller.close();
      cursor = page[page.length - 1].id;
      let chunk = "";
      for (const r of page) {
        model.clear(true, true);
        model.data = r.data as Record<string, unknown>;
        chunk += csvLine([
          r.establishment.uai, r.establishment.name, ESTABLISHMENT_TYPE_LABELS[r.establishment.type], r.establishment.commune,
          `${r.respondent.firstName} ${r.respondent.lastName}`, r.respondent.email, r.submittedAt ? formatDateTime(r.submittedAt) : "",
          ...questions.map(answerText),
        ]);
      }
      controller.enqueue(encoder.encode(chunk));
    },
  });
  return { filename: `bilans-${campaign.schoolYearId}-${campaign.id}.csv`, stream };
}

export { RESPONSE_STATUS_LABELS };
