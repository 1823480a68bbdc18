// Mapping LimeSurvey response columns to the platform's indicators (weekly hours by activity, number of referents),
// with explicit numeric conversions. Proposed from the codes and titles, confirmed by the DANE, reused next year.
import type { FieldTarget, ResponseField } from "./fields.ts";
import type { LsSurvey } from "./structure.ts";
import { htmlToText } from "./text.ts";

export const MAPPABLE_INDICATORS = [
  { indicator: "workload.pedagogical_support", label: "Accompagnement pédagogique", keywords: ["pedagog", "accompagn", "usages", "pratiques"] },
  { indicator: "workload.leadership_advice", label: "Conseil à la direction", keywords: ["direction", "conseil", "chef"] },
  { indicator: "workload.assistance", label: "Assistance et maintenance de niveau 1", keywords: ["assistance", "maintenance", "depann", "ticket", "support", "mot de passe", "materiel"] },
  { indicator: "workload.online_services", label: "Administration des services en ligne", keywords: ["ent", "gar", "pix", "services en ligne", "administration", "comptes"] },
  { indicator: "workload.communication", label: "Communication", keywords: ["communication", "site", "information"] },
  { indicator: "workload.training", label: "Formation suivie", keywords: ["formation", "se former", "formé"] },
  { indicator: "context.referent_count", label: "Nombre de référents", keywords: ["nombre de referents", "nombre de rupn", "combien de referents", "referents"] },
] as const;
export type MappableIndicator = (typeof MAPPABLE_INDICATORS)[number]["indicator"];

export const UNITS = {
  hours_per_week: { label: "heures par semaine", toWeekly: (v: number) => v },
  hours_per_month: { label: "heures par mois (÷ 4 semaines)", toWeekly: (v: number) => v / 4 },
  hours_per_year: { label: "heures par année scolaire (÷ 36 semaines)", toWeekly: (v: number) => v / 36 },
  count: { label: "nombre (sans conversion)", toWeekly: (v: number) => v },
} as const;
export type Unit = keyof typeof UNITS;

export type MappingEntry = { column: string; indicator: MappableIndicator; unit: Unit };
export type MappingProposal = MappingEntry & { title: string; reason: string };

const fold = (s: string) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

/** Numeric-looking columns, with their titles, matched against each indicator's keywords. */
export function proposeMapping(survey: LsSurvey, fields: ResponseField[]): MappingProposal[] {
  const titles = new Map<string, string>();
  for (const q of survey.questions) {
    const title = htmlToText(Object.values(q.texts)[0] ?? "");
    titles.set(q.code, `${q.code} ${title}`);
    for (const s of q.subquestions) titles.set(`${q.code}_${s.code}`, `${q.code}_${s.code} ${title} ${htmlToText(Object.values(s.texts)[0] ?? "")}`);
  }
  const numericTypes = new Set(survey.questions.filter((q) => ["N", "K", ":", ";", "S", "L", "!"].includes(q.type)).map((q) => q.code));
  const out: MappingProposal[] = [];
  const used = new Set<string>();
  for (const f of fields) {
    const column = f.names.find((n) => !/^\d+X\d+X/.test(n) && !n.includes("[")) ?? f.names[0];
    const base = column.split("_")[0];
    if (!numericTypes.has(base) || !["value", "item", "cell"].includes(f.target.kind)) continue;
    const text = fold(titles.get(column) ?? titles.get(base) ?? column);
    const hit = MAPPABLE_INDICATORS.find((i) => !used.has(i.indicator) && i.keywords.some((k) => new RegExp(`\\b${fold(k)}`).test(text)));
    if (!hit) continue;
    used.add(hit.indicator);
    const unit: Unit = hit.indicator === "context.referent_count" ? "count" : /\b(an|annee|annuel)/.test(text) ? "hours_per_year" : /\bmois\b/.test(text) ? "hours_per_month" : "hours_per_week";
    out.push({ column, indicator: hit.indicator, unit, title: titles.get(column) ?? column, reason: `mot-clé « ${hit.keywords.find((k) => new RegExp(`\\b${fold(k)}`).test(text))} »` });
  }
  return out;
}

/** "3", "3,5", "2-4", "2 à 4", "plus de 10", "10+": a number of hours, or null. A range counts as its middle. */
export function parseQuantity(raw: unknown): number | null {
  if (typeof raw === "number") return Number.isFinite(raw) ? raw : null;
  if (typeof raw !== "string") return null;
  const s = fold(raw).replace(/,/g, ".").replace(/\s*h(eures?)?\b/g, "").trim();
  const range = /^(\d+(?:\.\d+)?)\s*(?:-|a|–)\s*(\d+(?:\.\d+)?)$/.exec(s);
  if (range) return (Number(range[1]) + Number(range[2])) / 2;
  const atLeast = /^(?:plus de|>|>=)\s*(\d+(?:\.\d+)?)$|^(\d+(?:\.\d+)?)\s*\+$/.exec(s);
  if (atLeast) return Number(atLeast[1] ?? atLeast[2]);
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : null;
}

/** The value of one response column in the converted answers. */
export function valueAt(data: Record<string, unknown>, target: FieldTarget): unknown {
  const q = data[target.question] as Record<string, unknown> | undefined;
  if (target.kind === "value") return data[target.question];
  if (target.kind === "item") return q?.[target.key];
  if (target.kind === "cell") return (q?.[target.row] as Record<string, unknown> | undefined)?.[target.column];
  return undefined;
}

export type MappedFact = { indicator: string; question: string; numericValue: number | null; textValue: string | null };

/** Facts of one response through a confirmed mapping, numbers converted to weekly hours; unreadable values listed. */
export function factsOf(data: Record<string, unknown>, entries: MappingEntry[], index: Map<string, FieldTarget>): { facts: MappedFact[]; unreadable: string[] } {
  const facts: MappedFact[] = [];
  const unreadable: string[] = [];
  for (const e of entries) {
    const target = index.get(e.column);
    if (!target) continue;
    const raw = valueAt(data, target);
    if (raw === undefined || raw === null || raw === "") continue;
    const n = parseQuantity(raw);
    if (n === null) { unreadable.push(`${e.column} : « ${String(raw)} » n'est pas un nombre`); continue; }
    const value = Math.round(UNITS[e.unit].toWeekly(n) * 100) / 100;
    facts.push({ indicator: e.indicator, question: target.question, numericValue: value, textValue: null });
  }
  return { facts, unreadable };
}

/** Checks a mapping read from a file or a form; French errors naming the entry. */
export function parseMapping(input: unknown): { ok: true; entries: MappingEntry[] } | { ok: false; errors: string[] } {
  const list = Array.isArray(input) ? input : input && typeof input === "object" && Array.isArray((input as { entries?: unknown }).entries) ? (input as { entries: unknown[] }).entries : null;
  if (!list) return { ok: false, errors: ["correspondance attendue : une liste d'objets { column, indicator, unit }"] };
  const errors: string[] = [];
  const entries: MappingEntry[] = [];
  list.forEach((e, i) => {
    const { column, indicator, unit } = (e ?? {}) as Record<string, unknown>;
    if (typeof column !== "string" || !column) errors.push(`entrée ${i + 1} : colonne manquante`);
    else if (!MAPPABLE_INDICATORS.some((m) => m.indicator === indicator)) errors.push(`entrée ${i + 1} (${column}) : indicateur inconnu « ${String(indicator)} »`);
    else if (typeof unit !== "string" || !(unit in UNITS)) errors.push(`entrée ${i + 1} (${column}) : unité inconnue « ${String(unit)} » (attendu : ${Object.keys(UNITS).join(", ")})`);
    else entries.push({ column, indicator: indicator as MappableIndicator, unit: unit as Unit });
  });
  return errors.length ? { ok: false, errors } : { ok: true, entries };
}
