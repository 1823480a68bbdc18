// The validated letter's PDF (issue 16, item 2): letters with 1, 3 and 6 referents, with short and long texts,
// read back page by page with pdf.js. No page is empty, every value starts on the same page and line as its
// label, a section going on over a page break repeats its heading and its column headers, and no heading is
// left alone at the bottom of a page.
import { describe, expect, it } from "vitest";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import type { TextItem } from "pdfjs-dist/types/src/display/api";
import { letterDocumentSpec } from "../../app/pdf/mission-letter.server.ts";
import { renderPdf, type PdfDocumentSpec } from "../../app/pdf/document.server.ts";
import { letterForDocument } from "../fixtures/letter-document.ts";

type Line = { page: number; x: number; y: number; text: string };

const LEFT = 56;
const VALUE_X = LEFT + 170;

/** The text lines of each page, top to bottom (pdfkit writes one text item per line). */
async function pages(pdf: Buffer): Promise<Line[][]> {
  const doc = await getDocument({ data: new Uint8Array(pdf), isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
  const result: Line[][] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    const lines = (content.items as TextItem[])
      .filter((item) => item.str.trim() !== "")
      .map((item) => ({ page: n, x: item.transform[4], y: item.transform[5], text: item.str.replace(/\s+/g, " ").trim() }))
      .sort((a, b) => b.y - a.y || a.x - b.x);
    result.push(lines);
  }
  await doc.destroy();
  return result;
}

const norm = (text: string) => text.replace(/\s+/g, " ").trim();
const isFooter = (line: Line) => /— page \d+ sur \d+$/.test(line.text);

async function render(referents: number, longTexts: boolean) {
  const spec = letterDocumentSpec(letterForDocument(referents, { longTexts }) as never, "Anne Dupré") as PdfDocumentSpec;
  const pdf = await renderPdf(spec);
  return { spec, pages: await pages(pdf) };
}

const cases = [1, 3, 6].flatMap((referents) => [false, true].map((longTexts) => ({ referents, longTexts })));

describe("the validated letter's PDF layout", () => {
  it.each(cases)("$referents referent(s), long texts: $longTexts", async ({ referents, longTexts }) => {
    const { spec, pages: doc } = await render(referents, longTexts);
    const all = doc.flat();

    // Every page has content besides its footer, and its footer says which page it is.
    doc.forEach((lines, i) => {
      expect(lines.filter((l) => !isFooter(l)).length, `page ${i + 1} vide`).toBeGreaterThan(3);
      expect(lines.some((l) => l.text.endsWith(`page ${i + 1} sur ${doc.length}`))).toBe(true);
    });

    // Every row: its label, in the label column, then its value starting on the same page, on the same line.
    let cursor = 0;
    for (const section of spec.sections) {
      for (const row of section.rows ?? []) {
        const label = norm(row.label);
        const value = norm(row.value || "—");
        const at = all.findIndex((l, i) => i >= cursor && Math.abs(l.x - LEFT) < 1 && label.startsWith(l.text) && l.text.length >= Math.min(label.length, 3));
        expect(at, `libellé « ${label} » introuvable`).toBeGreaterThanOrEqual(cursor);
        const start = all[at];
        const beside = doc[start.page - 1].find((l) => Math.abs(l.x - VALUE_X) < 1 && Math.abs(l.y - start.y) < 1);
        expect(beside?.text, `valeur de « ${label} » (page ${start.page})`).toBeDefined();
        expect(value.startsWith(beside!.text), `« ${beside!.text} » n'est pas le début de la valeur de « ${label} »`).toBe(true);
        cursor = at + 1;
      }
    }

    // No value line at the top of a page without its label beside it (or "(suite)").
    for (const lines of doc) {
      const firstValue = lines.find((l) => Math.abs(l.x - VALUE_X) < 1);
      if (!firstValue) continue;
      // (The column headers of a table sit 2 pt to the right, on their shaded band.)
      const label = lines.find((l) => Math.abs(l.x - LEFT) < 3 && Math.abs(l.y - firstValue.y) < 1);
      expect(label, `page ${firstValue.page} : « ${firstValue.text} » sans libellé`).toBeDefined();
    }

    // Headings: never the last line of a page; a continued section repeats its heading and column headers.
    const headings = spec.sections.map((s) => norm(s.heading));
    for (const lines of doc) {
      const body = lines.filter((l) => !isFooter(l));
      const last = body[body.length - 1];
      expect(headings.some((h) => last.text === h || last.text === `${h} (suite)`), `titre seul en bas de la page ${last.page}`).toBe(false);
      const split = doc.length > 1 ? lines.find((l) => l.text === "Répartition des missions (suite)") : undefined;
      if (split) expect(lines.some((l) => l.text === "Mission") && lines.some((l) => l.text === "Responsables (organisation)")).toBe(true);
    }
    const matrix = spec.sections.find((s) => s.heading === "Répartition des missions")!;
    for (const row of matrix.rows ?? []) {
      const page = all.find((l) => Math.abs(l.x - LEFT) < 1 && norm(row.label).startsWith(l.text) && l.text.length >= 3 && l.y > 0)?.page;
      const onPage = doc[page! - 1];
      expect(onPage.some((l) => l.text.startsWith("Répartition des missions")), `en-tête du tableau absent de la page ${page}`).toBe(true);
      expect(onPage.some((l) => l.text === "Mission")).toBe(true);
    }
  });

  it("puts the whole split table on as few pages as it needs, with no page holding a lone label", async () => {
    const { pages: doc } = await render(3, false);
    // The defect: page 2 held only "Se former", the table went on page 3 with its first value unlabelled.
    const seFormer = doc.flat().find((l) => l.text === "Se former" && Math.abs(l.x - LEFT) < 1)!;
    const value = doc[seFormer.page - 1].find((l) => Math.abs(l.x - VALUE_X) < 1 && Math.abs(l.y - seFormer.y) < 1);
    expect(value).toBeDefined();
    expect(doc.length).toBeLessThanOrEqual(2);
  });
});
