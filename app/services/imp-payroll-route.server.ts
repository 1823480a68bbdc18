// The payroll export as an HTTP response (CSV or XLSX), for the DANE / rectorat of the académie; audited
// (the file carries personal data: names, emails, amounts).
import { requireRole } from "../auth/guards.server.ts";
import { db } from "../db/db.server.ts";
import { audit } from "./audit.server.ts";
import { managedAcademyChoice } from "./imp-rule-set-editor.server.ts";
import { parseImpQuery } from "./imp-query.server.ts";
import { rethrowImpAsHttp } from "./imp-errors.server.ts";
import { payrollCsv, payrollFileName, payrollOf, payrollXlsx } from "./imp-payroll.server.ts";

const CONTENT_TYPES = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

export async function payrollExportResponse(request: Request, format: "csv" | "xlsx", ip: string | null): Promise<Response> {
  const actor = await requireRole(request, ["DANE", "RECTORAT"]);
  try {
    const query = parseImpQuery(new URL(request.url).searchParams);
    const { academy } = await managedAcademyChoice(actor, query.academyId);
    const payroll = await payrollOf(academy, query.schoolYearId);
    const body = format === "csv" ? payrollCsv(payroll) : new Uint8Array(await payrollXlsx(payroll));
    await audit(db, {
      actorId: actor.userId,
      action: "imp.payroll.export",
      entityType: "Academy",
      entityId: academy.id,
      summary: { format, schoolYearId: query.schoolYearId, lines: payroll.lineCount, totalCents: payroll.totalCents },
      ip,
    });
    return new Response(body, {
      headers: {
        "Content-Type": CONTENT_TYPES[format],
        "Content-Disposition": `attachment; filename="${payrollFileName(payroll, format)}"`,
        "Cache-Control": "no-store",
      },
    });
  } catch (error) {
    rethrowImpAsHttp(error);
  }
}
