// Small generic PDF renderer over pdfkit: a titled document made of sections of label/value rows (a two-column
// table, optionally with column headers), plus optional paragraphs. Standard PDF fonts only (Helvetica, WinAnsi:
// French accents and € work, no font file to ship). Used for the ordre de mission and the lettre de mission.
//
// Page breaks are decided here, never left to pdfkit (whose automatic break inside a text call separates a
// value from its label and can leave a page holding one word): every row is measured first and kept whole on a
// page; a section that goes on over a page break repeats its heading "(suite)" and its column headers; a heading
// always keeps its first row or paragraph lines with it; a row taller than a whole page is split by lines, each
// part under its label marked "(suite)".
import PDFDocument from "pdfkit";

export interface PdfRow {
  label: string;
  value: string;
}

export interface PdfSection {
  heading: string;
  /** Column headers of the rows (label column, value column), repeated at the top of each page of the section. */
  columns?: [string, string];
  rows?: PdfRow[];
  paragraphs?: string[];
}

export interface PdfDocumentSpec {
  /** Small line above the title, e.g. the issuing authority. */
  header?: string;
  title: string;
  subtitle?: string;
  sections: PdfSection[];
  /** Lines at the bottom, e.g. "Fait à Rennes, le 05/01/2026". */
  closing?: string[];
  /** Short name of the document in each page's footer, next to the page number. */
  footer?: string;
  /** PDF metadata. */
  author?: string;
  subject?: string;
}

const BLUE = "#000091";
const GREY = "#3a3a3a";
const LABEL_WIDTH = 170;
const ROW_GAP = 4;
const BODY_SIZE = 10;
const HEADING_SIZE = 12;
/** Lines of a paragraph that must stay with its heading, and at least on each side of a page break. */
const MIN_LINES = 3;

type Doc = PDFKit.PDFDocument;

/** Renders the document to a Buffer (A4, 2 cm margins, "page n sur N" in the footer). */
export function renderPdf(spec: PdfDocumentSpec, options: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
    bufferPages: true,
    compress: options.compress ?? true,
    info: { Title: spec.title, Author: spec.author ?? "Plateforme RUPN", Subject: spec.subject ?? spec.title, Creator: "Plateforme RUPN" },
    lang: "fr-FR",
  } as PDFKit.PDFDocumentOptions);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const layout = new Layout(doc);

  if (spec.header) doc.font("Helvetica").fontSize(9).fillColor(GREY).text(spec.header, layout.left, doc.y, { width: layout.width });
  doc.moveDown(0.5).font("Helvetica-Bold").fontSize(20).fillColor(BLUE).text(spec.title, layout.left, doc.y, { width: layout.width });
  if (spec.subtitle) doc.font("Helvetica").fontSize(10).fillColor(GREY).text(spec.subtitle, layout.left, doc.y, { width: layout.width });
  doc.moveDown(1);

  for (const section of spec.sections) layout.section(section);

  if (spec.closing?.length) {
    const lines = spec.closing;
    doc.font("Helvetica").fontSize(BODY_SIZE);
    const height = doc.currentLineHeight(true) * (lines.length + 1) + lines.reduce((sum, line) => sum + doc.heightOfString(line, { width: layout.width }), 0);
    layout.ensure(height);
    doc.moveDown(1);
    for (const line of lines) doc.font("Helvetica").fontSize(BODY_SIZE).fillColor("black").text(line, layout.left, doc.y, { width: layout.width, align: "right" });
  }
  layout.footers(spec.footer ?? spec.title);
  doc.end();
  return done;
}

class Layout {
  readonly left: number;
  readonly width: number;
  constructor(private doc: Doc) {
    this.left = doc.page.margins.left;
    this.width = doc.page.width - doc.page.margins.left - doc.page.margins.right;
  }

  private get bottom() {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }
  private get room() {
    return this.bottom - this.doc.y;
  }
  private get pageHeight() {
    return this.bottom - this.doc.page.margins.top;
  }

  /** A new page when fewer than `height` points are left on this one. */
  ensure(height: number): boolean {
    if (height <= this.room) return false;
    this.doc.addPage();
    return true;
  }

  section(section: PdfSection) {
    const doc = this.doc;
    const rows = section.rows ?? [];
    const paragraphs = section.paragraphs ?? [];
    // A short section (a third of a page at most, e.g. the signatures) stays whole; a longer one keeps with its
    // heading and column headers at least its first row (or the first lines of its first paragraph).
    const whole = this.headingHeight(section) + rows.reduce((sum, row) => sum + this.rowHeight(row), 0) +
      paragraphs.reduce((sum, paragraph) => sum + this.linesHeight(wrap(doc, paragraph, this.width).length + 0.5), 0);
    const first = rows.length ? Math.min(this.rowHeight(rows[0]), this.pageHeight / 2) : paragraphs.length ? this.linesHeight(MIN_LINES) : 0;
    this.ensure(whole <= this.pageHeight / 3 ? whole : this.headingHeight(section) + first);
    this.heading(section, false);
    for (const row of rows) this.row(section, row);
    for (const paragraph of paragraphs) this.paragraph(section, paragraph);
    doc.moveDown(0.8);
  }

  private headingHeight(section: PdfSection) {
    const doc = this.doc;
    doc.font("Helvetica-Bold").fontSize(HEADING_SIZE);
    let height = doc.heightOfString(`${section.heading} (suite)`, { width: this.width }) + 2 + doc.currentLineHeight(true) * 0.5;
    if (section.columns) height += this.columnsHeight(section.columns);
    return height;
  }

  private heading(section: PdfSection, continued: boolean) {
    const doc = this.doc;
    doc.font("Helvetica-Bold").fontSize(HEADING_SIZE).fillColor(BLUE).text(continued ? `${section.heading} (suite)` : section.heading, this.left, doc.y, { width: this.width });
    const lineY = doc.y + 2;
    doc.moveTo(this.left, lineY).lineTo(this.left + this.width, lineY).lineWidth(0.5).strokeColor(BLUE).stroke();
    doc.moveDown(0.5);
    if (section.columns) this.columnHeaders(section.columns);
  }

  private columnsHeight([label, value]: [string, string]) {
    this.doc.font("Helvetica-Bold").fontSize(9);
    return Math.max(this.doc.heightOfString(label, { width: LABEL_WIDTH - 10 }), this.doc.heightOfString(value, { width: this.width - LABEL_WIDTH })) + 6;
  }

  private columnHeaders([label, value]: [string, string]) {
    const doc = this.doc;
    const top = doc.y;
    const height = this.columnsHeight([label, value]);
    doc.rect(this.left, top - 2, this.width, height).fillColor("#eeeeee").fill();
    doc.font("Helvetica-Bold").fontSize(9).fillColor(BLUE).text(label, this.left + 2, top, { width: LABEL_WIDTH - 12 });
    doc.font("Helvetica-Bold").fontSize(9).fillColor(BLUE).text(value, this.left + LABEL_WIDTH, top, { width: this.width - LABEL_WIDTH });
    doc.y = top + height;
  }

  private rowHeight(row: PdfRow) {
    const doc = this.doc;
    doc.font("Helvetica-Bold").fontSize(BODY_SIZE);
    const label = doc.heightOfString(row.label, { width: LABEL_WIDTH - 10 });
    doc.font("Helvetica").fontSize(BODY_SIZE);
    return Math.max(label, doc.heightOfString(row.value || "—", { width: this.width - LABEL_WIDTH })) + ROW_GAP;
  }

  private labelHeight(label: string) {
    this.doc.font("Helvetica-Bold").fontSize(BODY_SIZE);
    return this.doc.heightOfString(label, { width: LABEL_WIDTH - 10 });
  }

  private linesHeight(lines: number) {
    this.doc.font("Helvetica").fontSize(BODY_SIZE);
    return this.doc.currentLineHeight(true) * lines;
  }

  /** A new page that goes on with this section: its heading "(suite)" and column headers first. */
  private continueOnNewPage(section: PdfSection) {
    this.doc.addPage();
    this.heading(section, true);
  }

  private row(section: PdfSection, row: PdfRow) {
    const height = this.rowHeight(row);
    if (height > this.room) {
      const fresh = this.pageHeight - this.headingHeight(section);
      // A row that fits on a fresh page moves there whole; a longer one is split by lines from here on, if its
      // label and a few lines fit.
      const start = Math.max(this.labelHeight(row.label), this.linesHeight(MIN_LINES)) + ROW_GAP;
      if (height <= fresh || this.room < start) this.continueOnNewPage(section);
    }
    let label = row.label;
    let lines = wrap(this.doc, row.value || "—", this.width - LABEL_WIDTH);
    for (;;) {
      const fit = this.fittingLines(lines);
      this.drawRow(label, lines.slice(0, fit).join("\n"));
      lines = lines.slice(fit);
      if (lines.length === 0) return;
      this.continueOnNewPage(section);
      label = `${row.label} (suite)`;
    }
  }

  /** How many value lines fit here (at least one: the caller made room for the label and a few lines). */
  private fittingLines(lines: string[]) {
    const doc = this.doc;
    const lineHeight = this.linesHeight(1);
    const available = this.room - ROW_GAP;
    return Math.max(1, Math.min(lines.length, Math.floor(available / lineHeight)));
  }

  private drawRow(label: string, value: string) {
    const doc = this.doc;
    const top = doc.y;
    doc.font("Helvetica-Bold").fontSize(BODY_SIZE).fillColor(GREY).text(label, this.left, top, { width: LABEL_WIDTH - 10 });
    const afterLabel = doc.y;
    // Already wrapped: a little slack so that pdfkit keeps our lines as they are.
    doc.font("Helvetica").fontSize(BODY_SIZE).fillColor("black").text(value, this.left + LABEL_WIDTH, top, { width: this.width - LABEL_WIDTH + 2 });
    doc.y = Math.max(doc.y, afterLabel) + ROW_GAP;
  }

  private paragraph(section: PdfSection, paragraph: string) {
    const doc = this.doc;
    const lineHeight = this.linesHeight(1);
    let lines = wrap(doc, paragraph, this.width);
    const orphan = Math.min(lines.length, MIN_LINES);
    if (this.room < orphan * lineHeight) this.continueOnNewPage(section);
    for (;;) {
      let fit = Math.min(lines.length, Math.floor(this.room / lineHeight));
      // No widow: leave at least MIN_LINES for the next page, or take the whole paragraph.
      if (fit < lines.length && lines.length - fit < MIN_LINES) fit = Math.max(1, lines.length - MIN_LINES);
      // Already wrapped: a little slack so that pdfkit keeps our lines as they are.
      doc.font("Helvetica").fontSize(BODY_SIZE).fillColor("black").text(lines.slice(0, fit).join("\n"), this.left, doc.y, { width: this.width + 2 });
      lines = lines.slice(fit);
      if (lines.length === 0) break;
      this.continueOnNewPage(section);
    }
    doc.moveDown(0.5);
  }

  /** "Name — page n sur N" at the bottom of every page, below the margin (so no page is added). */
  footers(name: string) {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      doc.font("Helvetica").fontSize(8).fillColor(GREY)
        .text(`${name} — page ${i + 1 - range.start} sur ${range.count}`, this.left, doc.page.height - bottomMargin + 20, { width: this.width, align: "center", lineBreak: false });
      doc.page.margins.bottom = bottomMargin;
    }
  }
}

/** The lines pdfkit would draw for `text` at `width` in the current font (explicit newlines kept). */
function wrap(doc: Doc, text: string, width: number): string[] {
  doc.font("Helvetica").fontSize(BODY_SIZE);
  const lines: string[] = [];
  for (const source of text.split("\n")) {
    let line = "";
    for (const word of source.split(/ +/)) {
      const candidate = line ? `${line} ${word}` : word;
      if (!line || doc.widthOfString(candidate) <= width) {
        line = candidate;
        // A single word wider than the column: cut it.
        while (doc.widthOfString(line) > width && line.length > 1) {
          let cut = line.length - 1;
          while (cut > 1 && doc.widthOfString(line.slice(0, cut)) > width) cut--;
          lines.push(line.slice(0, cut));
          line = line.slice(cut);
        }
      } else {
        lines.push(line);
        line = word;
      }
    }
    lines.push(line);
  }
  return lines;
}
