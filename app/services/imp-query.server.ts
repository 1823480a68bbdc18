// Query parameters shared by the letters overview and the payroll exports: académie, school year, filters.
// Validated at the boundary, French messages.
import { z } from "../domain/zod-fr.ts";
import { currentSchoolYearId } from "../auth/guards.server.ts";
import { LETTER_PROGRESS_STATUSES, type LetterProgressStatus } from "../domain/imp/letter-progress.ts";
import { ImpServiceError } from "./imp-errors.server.ts";
import type { OverviewFilters } from "./letters-overview.server.ts";

const empty = (v: unknown) => (v === "" || v === null ? undefined : v);
const schema = z.object({
  academie: z.preprocess(empty, z.string().max(40, "Académie invalide.").optional()),
  annee: z.preprocess(empty, z.string().regex(/^\d{4}-\d{4}$/, "Année scolaire invalide (attendu : 2025-2026).").optional()),
  statut: z.preprocess(empty, z.enum(LETTER_PROGRESS_STATUSES as [LetterProgressStatus, ...LetterProgressStatus[]], { error: "État de lettre inconnu." }).optional()),
  type: z.preprocess(empty, z.enum(["COLLEGE", "LYCEE", "LYCEE_PRO", "EREA", "OTHER"], { error: "Type d'établissement inconnu." }).optional()),
  departement: z.preprocess(empty, z.string().max(3, "Département invalide.").optional()),
});

export type ImpQuery = { academyId: string | null; schoolYearId: string; filters: OverviewFilters; params: Record<string, string> };

export function parseImpQuery(params: URLSearchParams | FormData): ImpQuery {
  const raw: Record<string, string> = {};
  for (const key of ["academie", "annee", "statut", "type", "departement"]) {
    const value = params.get(key);
    if (typeof value === "string" && value !== "") raw[key] = value;
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ImpServiceError(400, parsed.error.issues[0].message);
  const q = parsed.data;
  return {
    academyId: q.academie ?? null,
    schoolYearId: q.annee ?? currentSchoolYearId(),
    filters: { status: q.statut, type: q.type, departmentCode: q.departement },
    params: raw,
  };
}
