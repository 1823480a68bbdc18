// XLSX workbook of one campaign: the submitted responses (one column per question, French labels) and one sheet
// per dashboard table, written with exceljs' streaming writer so that memory does not grow with the campaign.
import { PassThrough, Readable } from "node:stream";
import ExcelJS from "exceljs";
import { db } from "../db/db.server.ts";
import type { Actor } from "../domain/permissions.ts";
import { formatDateTime, RESPONSE_STATUS_LABELS } from "../domain/campaigns.ts";
import { ESTABLISHMENT_TYPE_LABELS } from "../domain/labels.ts";
import { parseDashboardFilters } from "../domain/dashboards/filters.ts";
import { histogramTable, participationTable, workloadTable } from "../domain/dashboards/charts.ts";
import type { Cell, PanelTable } from "../domain/dashboards/table.ts";
import { allQuestions, buildModel, questionTitle, type SurveyDefinition } from "../surveys/model.ts";
import { getCampaign } from "./campaigns.server.ts";
import { answerText } from "./campaign-responses.server.ts";
import { loadDashboard } from "./dashboards-load.server.ts";
import { campaignParticipation, nonRespondents, pickCampaign, scopedCampaigns } from "./dashboards-participation.server.ts";
import { resolveDashboardScope } from "./dashboards-scope.server.ts";

const PAGE = 200;

function writeTable(workbook: ExcelJS.stream.xlsx.WorkbookWriter, name: string, table: PanelTable) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = table.columns.map((header, i) => ({ header, key: String(i), width: i === 0 ? 40 : Math.max(12, Math.min(40, header.length + 2)) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row.cells.map((c: Cell) => c ?? "")).commit();
  sheet.commit();
}

async function writeResponses(workbook: ExcelJS.stream.xlsx.WorkbookWriter, campaignId: string, definition: SurveyDefinition) {
  const model = buildModel(definition);
  const questions = allQuestions(model).filter((q) => q.getType() !== "html");
  const sheet = workbook.addWorksheet("Réponses", { views: [{ state: "frozen", ySplit: 1, xSplit: 2 }] });
  const header = ["UAI", "Établissement", "Type", "Commune", "Référent·e", "Adresse électronique", "Envoyé le", ...questions.map(questionTitle)];
  sheet.columns = header.map((h, i) => ({ header: h, key: String(i), width: i < 7 ? 22 : 30 }));
  sheet.getRow(1).font = { bold: true };
  let cursor: string | undefined;
  for (;;) {
    const page = await db.surveyResponse.findMany({
      where: { campaignId, status: "SUBMITTED" },
      orderBy: { id: "asc" },
      take: PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      select: {
        id: true, data: true, submittedAt: true,
        establishment: { select: { uai: true, name: true, type: true, commune: true } },
        respondent: { select: { firstName: true, lastName: true, email: true } },
      },
    });
    if (page.length === 0) break;
    cursor = page[page.length - 1].id;
    for (const r of page) {
      model.clear(true, true);
      model.data = r.data as Record<string, unknown>;
      sheet.addRow([
        r.establishment.uai, r.establishment.name, ESTABLISHMENT_TYPE_LABELS[r.establishment.type], r.establishment.commune ?? "",
        `${r.respondent.firstName} ${r.respondent.lastName}`, r.respondent.email, r.submittedAt ? formatDateTime(r.submittedAt) : "",
        ...questions.map((q) => {
          const v = q.value;
          return typeof v === "number" && q.getType() === "text" ? v : answerText(q);
        }),
      ]).commit();
    }
  }
  sheet.commit();
}

/** The workbook of a campaign the actor runs (404 otherwise), as a stream. */
export async function campaignWorkbook(actor: Actor, campaignId: string): Promise<{ filename: string; stream: ReadableStream<Uint8Array> }> {
  const campaign = await getCampaign(actor, campaignId);
  const version = await db.surveyVersion.findUniqueOrThrow({ where: { id: campaign.surveyVersionId }, select: { definition: true } });
  const scope = await resolveDashboardScope(actor, campaign.academyId);
  const scoped = pickCampaign(await scopedCampaigns(scope), campaign.id)!;
  const filters = parseDashboardFilters(new URLSearchParams());
  const [load, participation, missing] = await Promise.all([
    loadDashboard(scope, { filters, schoolYears: [campaign.schoolYearId], campaignId: campaign.id }, "ecart", 100_000),
    campaignParticipation(scoped, filters),
    nonRespondents(scoped, filters, 100_000),
  ]);
  const output = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = "Plateforme RUPN";
  workbook.title = campaign.title;
  (async () => {
    await writeResponses(workbook, campaign.id, version.definition as SurveyDefinition);
    writeTable(workbook, "Charge par type", workloadTable(load.byType, "Type d'établissement"));
    writeTable(workbook, "Charge par département", workloadTable(load.byZone, "Département"));
    writeTable(workbook, "Charge public-privé", workloadTable(load.bySector, "Secteur"));
    writeTable(workbook, "Part de l'assistance", histogramTable(load.histogram));
    writeTable(workbook, "Assistance sup. accomp.", {
      columns: ["Établissement", "UAI", "Type", "Zone", "Année", "Bilans", "Assistance (h/semaine)", "Accompagnement (h/semaine)", "Écart (h/semaine)", "Part de l'assistance (%)"],
      rows: load.exceeding.rows.map((r) => ({
        key: r.establishmentId,
        cells: [r.name, r.uai, ESTABLISHMENT_TYPE_LABELS[r.type as keyof typeof ESTABLISHMENT_TYPE_LABELS] ?? r.type, r.zone, r.schoolYearId, r.referents, r.assistance, r.pedagogical, r.gap, r.assistanceShare === null ? null : Math.round(r.assistanceShare * 1000) / 10],
      })),
    });
    writeTable(workbook, "Participation par type", participationTable([...participation.byType, participation.total], "Type d'établissement"));
    writeTable(workbook, "Participation par département", participationTable(participation.byZone, "Département"));
    writeTable(workbook, "Non-répondants", {
      columns: ["Établissement", "UAI", "Type", "Zone", "Référent·e", "Adresse électronique", "Bilan"],
      rows: missing.rows.map((r) => ({ key: r.key, cells: [r.establishment, r.uai, r.type, r.zone, r.person, r.email, RESPONSE_STATUS_LABELS[r.status]] })),
    });
    await workbook.commit();
  })().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return {
    filename: `classeur-${campaign.schoolYearId}-${campaign.id}.xlsx`,
    stream: Readable.toWeb(output) as unknown as ReadableStream<Uint8Array>,
  };
}
