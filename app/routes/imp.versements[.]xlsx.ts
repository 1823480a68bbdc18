// XLSX export of the IMP payments of the académie's validated lettres de mission (ADR 009b).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { payrollExportResponse } from "../services/imp-payroll-route.server.ts";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return payrollExportResponse(request, "xlsx", context.clientIp ?? null);
}
