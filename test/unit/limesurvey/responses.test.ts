// Round trip of the fixtures' real LimeSurvey responses (.lsr inside and outside an .lsa, CSV export with question
// codes): counts and values of the converted answers checked against the source, read here independently
// (fast-xml-parser's DOM for the .lsr, csv-parse for the CSV, the raw .lss text for the question codes).
import { readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { convertFile } from "../../../app/domain/limesurvey/source.ts";
import { indexFields, LsrRowScanner, mapResponse, readLsr, readResponseCsv, unmatchedColumns } from "../../../app/domain/limesurvey/responses.ts";
import { LimeSurveyFormatError } from "../../../app/domain/limesurvey/xml.ts";
import { parseInput } from "../../../app/services/limesurvey/import.server.ts";
import { FIXTURES } from "./fixtures.ts";

const file = (rel: string) => path.join(FIXTURES, rel);

/** qid → question code and type, from the raw .lss text. */
function questionCodes(lss: string) {
  const out = new Map<string, { code: string; type: string }>();
  const section = /<questions>([\s\S]*?)<\/questions>/.exec(lss)![1];
  for (const row of section.split("<row>").slice(1)) {
    const get = (f: string) => new RegExp(`<${f}><!\\[CDATA\\[([\\s\\S]*?)\\]\\]></${f}>`).exec(row)?.[1] ?? "";
    if (get("parent_qid") === "0") out.set(get("qid"), { code: get("title"), type: get("type") });
  }
  return out;
}

describe("LimeSurvey responses round trip", () => {
  it(".lsr of survey 981966 (inside the .lsa and alone): every row, every non-empty value in its place", () => {
    const lss = readFileSync(file("LimeSurvey-workflow/survey_archive_981966.lsa.extracted/survey_981966.lss"), "utf8");
    const lsrText = readFileSync(file("LimeSurvey-workflow/survey_archive_981966.lsa.extracted/survey_981966_responses.lsr"), "utf8");
    const dom = new XMLParser({ parseTagValue: false, isArray: (n) => n === "row" }).parse(lsrText);
    const sourceRows = dom.document.responses.rows.row as Record<string, unknown>[];
    const codes = questionCodes(lss);

    const fromArchive = parseInput({ fileName: "survey_archive_981966.lsa", bytes: readFileSync(file("LimeSurvey-workflow/survey_archive_981966.lsa")) });
    const alone = parseInput({ fileName: "survey_981966_responses.lsr", bytes: Buffer.from(lsrText), structure: { fileName: "survey_981966.lss", bytes: Buffer.from(lss) } });
    for (const parsed of [fromArchive, alone]) {
      expect(parsed.responses!.count).toBe(sourceRows.length);
      const rows = [...parsed.responses!.rows()];
      expect(rows).toHaveLength(sourceRows.length);
      const { fields } = convertFile("survey_981966.lss", Buffer.from(lss));
      const index = indexFields(fields);
      expect(unmatchedColumns(parsed.responses!.columns, index)).toEqual([]);
      let checked = 0;
      sourceRows.forEach((src, i) => {
        const { data } = mapResponse(rows[i], index);
        expect(rows[i].id).toBe(String(src.id));
        for (const [key, raw] of Object.entries(src)) {
          const m = /^_(\d+)X(\d+)X(\d+)(other)?$/.exec(key);
          if (!m || raw === "" || raw === undefined) continue;
          const q = codes.get(m[3])!;
          if (m[4]) expect(data[`${q.code}-Comment`]).toBe(String(raw));
          else expect(data[q.code], `${key} → ${q.code}`).toBe(String(raw));
          checked++;
        }
      });
      expect(checked).toBeGreaterThan(15);
      expect(fromArchive.tokens.size).toBeGreaterThan(0);
    }
  });

  it(".lsr with no response row (survey 426848) gives zero responses", () => {
    const parsed = parseInput({ fileName: "survey_archive_426848.lsa", bytes: readFileSync(file("limesurvey-test/tests-data-surveys/survey_archive_426848.lsa")) });
    expect(parsed.responses!.count).toBe(0);
    expect([...parsed.responses!.rows()]).toEqual([]);
  });

  it("CSV export with question codes (accent-recognition results.csv against survey 9000)", () => {
    const csvText = readFileSync(file("accent-recognition/responses/results.csv"), "utf8");
    const records = parse(csvText, { bom: true, skip_empty_lines: true }) as string[][];
    const [header, ...rows] = records;
    const { fields, definition } = convertFile("survey_9000.lss", readFileSync(file("accent-recognition/survey_9000.8c1421bd.lss")));
    const index = indexFields(fields);
    const csv = readResponseCsv(csvText);
    expect(csv.rows).toHaveLength(rows.length);
    expect(unmatchedColumns(csv.header, index)).toEqual([]);
    const types = new Map(definition.pages.flatMap((p) => p.elements).map((e) => [e.name as string, e]));
    let checked = 0;
    rows.forEach((cells, i) => {
      const { data } = mapResponse(csv.rows[i], index);
      header.forEach((h, c) => {
        const raw = cells[c];
        if (["id", "submitdate", "lastpage", "startlanguage"].includes(h) || raw === "") return;
        const other = /^(.*)\[other\]$/.exec(h);
        if (other) { expect(data[`${other[1]}-Comment`]).toBe(raw); checked++; return; }
        const element = types.get(h)!;
        const numeric = element.inputType === "number" || element.type === "rating";
        expect(data[h], `row ${i + 1} ${h}`).toEqual(numeric ? Number(raw) : raw === "-oth-" ? "other" : raw);
        checked++;
      });
    });
    expect(checked).toBeGreaterThan(500);
  });

  it("CSV export with SGQA headings (the .lsr of survey 981966 written as LimeSurvey's SGQA CSV): the same answers", () => {
    const lss = readFileSync(file("LimeSurvey-workflow/survey_archive_981966.lsa.extracted/survey_981966.lss"));
    const lsrText = readFileSync(file("LimeSurvey-workflow/survey_archive_981966.lsa.extracted/survey_981966_responses.lsr"), "utf8");
    const sourceRows = new XMLParser({ parseTagValue: false, isArray: (n) => n === "row" }).parse(lsrText).document.responses.rows.row as Record<string, unknown>[];
    // SGQA headings are the .lsr's field names without their leading underscore ("981966X1X2"), as LimeSurvey writes them.
    const names = [...new Set(sourceRows.flatMap((r) => Object.keys(r)))];
    const cell = (v: unknown) => { const t = v === undefined ? "" : String(v); return /[",\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t; };
    const csvText = [names.map((n) => n.replace(/^_/, "")).join(","), ...sourceRows.map((r) => names.map((n) => cell(r[n])).join(","))].join("\n") + "\n";
    const csv = parseInput({ fileName: "reponses-981966.csv", bytes: Buffer.from(csvText), structure: { fileName: "survey_981966.lss", bytes: lss } });
    const lsr = parseInput({ fileName: "survey_981966_responses.lsr", bytes: Buffer.from(lsrText), structure: { fileName: "survey_981966.lss", bytes: lss } });
    const index = indexFields(convertFile("survey_981966.lss", lss).fields);
    expect(unmatchedColumns(csv.responses!.columns, index)).toEqual([]);
    const [fromCsv, fromLsr] = [[...csv.responses!.rows()], [...lsr.responses!.rows()]];
    expect(fromCsv).toHaveLength(sourceRows.length);
    const answered = fromLsr.map((row) => mapResponse(row, index).data);
    expect(answered.some((d) => Object.keys(d).length > 3)).toBe(true);
    fromCsv.forEach((row, i) => expect(mapResponse(row, index).data, `réponse ${row.id}`).toEqual(answered[i]));
  });

  it("streams an .lsr in small chunks to the same rows", () => {
    const text = readFileSync(file("LimeSurvey-workflow/survey_archive_981966.lsa.extracted/survey_981966_responses.lsr"), "utf8");
    const whole = readLsr(text).rows;
    const scanner = new LsrRowScanner();
    const rows = [];
    for (let i = 0; i < text.length; i += 7) rows.push(...scanner.push(text.slice(i, i + 7)));
    scanner.end();
    expect(rows).toEqual(whole);
  });

  it("refuses a truncated .lsr with a French error naming the place", () => {
    const text = readFileSync(file("LimeSurvey-workflow/survey_archive_981966.lsa.extracted/survey_981966_responses.lsr"), "utf8");
    const cut = text.slice(0, text.indexOf("</row>") + 40);
    expect(() => readLsr(cut, "bilan.lsr")).toThrow(LimeSurveyFormatError);
    expect(() => readLsr(cut, "bilan.lsr")).toThrow(/bilan\.lsr : réponse n° 2 incomplète.*après la réponse n° 1/);
  });
});
