// Filters of the access log view (ADR 020), parsed from the query string with French messages. Pure.
import { z } from "../zod-fr.ts";

const text = (label: string) => z.string().trim().max(100, { error: `${label} : 100 caractères au plus.` }).optional().transform((v) => (v ? v : undefined));
const day = (label: string) =>
  z.string().trim().optional().transform((v) => (v ? v : undefined)).pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${label} : une date au format AAAA-MM-JJ est attendue.` }).refine((v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)), { error: `${label} : cette date n'existe pas.` }).optional());

export const accessLogFiltersSchema = z
  .object({
    personne: text("Personne"),
    personneId: z.string().trim().regex(/^[A-Za-z0-9_-]{1,60}$/, { error: "Personne inconnue." }).optional(),
    etablissement: text("Établissement"),
    auteur: text("Consulté par"),
    du: day("Du"),
    au: day("Au"),
    page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
  })
  .refine((f) => !f.du || !f.au || f.du <= f.au, { error: "La date de début doit précéder la date de fin.", path: ["au"] });

export type AccessLogFilters = { personne?: string; personneId?: string; etablissement?: string; auteur?: string; du?: string; au?: string; page: number };

export function parseAccessLogFilters(params: URLSearchParams): { filters: AccessLogFilters; error: string | null } {
  const raw = Object.fromEntries([...params.entries()].filter(([k]) => ["personne", "personneId", "etablissement", "auteur", "du", "au", "page"].includes(k)));
  const parsed = accessLogFiltersSchema.safeParse(raw);
  if (parsed.success) return { filters: parsed.data, error: null };
  return { filters: { page: 1 }, error: parsed.error.issues[0].message };
}

/** The filters as a query string (pagination links, the CSV link). */
export function accessLogQuery(filters: AccessLogFilters, page?: number): string {
  const entries = Object.entries({ ...filters, page: page ?? undefined }).filter(([k, v]) => v !== undefined && v !== "" && !(k === "page" && v === 1));
  return new URLSearchParams(entries.map(([k, v]) => [k, String(v)])).toString();
}
