// The conversion report as French text (CLI output, downloadable file).
import type { ConversionReport, ConversionStatus } from "./convert.ts";

export const STATUS_LABELS: Record<ConversionStatus, string> = { exact: "convertie à l'identique", approximated: "approchée", dropped: "non reprise" };

const plural = (n: number, one: string, many: string) => `${n} ${n > 1 ? many : one}`;

export function reportSummary(report: ConversionReport): string {
  const c = report.counts;
  return `${plural(c.source, "question", "questions")} dans la source : ${c.exact} à l'identique, ${c.approximated} approchée${c.approximated > 1 ? "s" : ""}, ${c.dropped} non reprise${c.dropped > 1 ? "s" : ""}.`;
}

export function reportText(report: ConversionReport): string {
  const lines = [
    `Rapport de conversion LimeSurvey → SurveyJS : « ${report.title} »`,
    `Document LimeSurvey ${report.docType}${report.dbVersion ? ` (version de base ${report.dbVersion})` : ""}, langue retenue : ${report.language}${report.otherLanguages.length ? `, traductions : ${report.otherLanguages.join(", ")}` : ""}.`,
    reportSummary(report),
    ...report.notes.map((n) => `• ${n}`),
    "",
  ];
  for (const q of report.questions) {
    const target = q.surveyjsType ? ` → ${q.surveyjsType}${q.name && q.name !== q.code ? ` « ${q.name} »` : ""}` : "";
    lines.push(`${q.code} (${q.lsType}, ${q.typeLabel})${target} : ${STATUS_LABELS[q.status]}${q.notes.length ? ` — ${q.notes.join(" ; ")}` : ""}`);
  }
  return lines.join("\n");
}
