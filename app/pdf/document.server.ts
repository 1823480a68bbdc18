// Small generic PDF renderer over pdfkit: a titled document made of sections of label/value rows,
// plus optional paragraphs. Standard PDF fonts only (Helvetica, WinAnsi: French accents and € work,
// no font file to ship). Used for the ordre de mission; meant for other official documents too.
import PDFDocument from "pdfkit";

export interface PdfRow {
  label: string;
  value: string;
}

export interface PdfSection {
  heading: string;
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
  /** PDF metadata. */
  author?: string;
  subject?: string;
}

const BLUE = "#000091";
const GREY = "#3a3a3a";
const LABEL_WIDTH = 170;

/** Renders the document to a Buffer (A4, 2 cm margins). */
export function renderPdf(spec: PdfDocumentSpec, options: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: 56,
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
  const left = doc.page.margins.left;
  const width = doc.page.width - doc.page.margins.left - doc.page.margins.right;

  if (spec.header) doc.font("Helvetica").fontSize(9).fillColor(GREY).text(spec.header, left, doc.y, { width });
  doc.moveDown(0.5).font("Helvetica-Bold").fontSize(20).fillColor(BLUE).text(spec.title, left, doc.y, { width });
  if (spec.subtitle) doc.font("Helvetica").fontSize(10).fillColor(GREY).text(spec.subtitle, left, doc.y, { width });
  doc.moveDown(1);

  for (const section of spec.sections) {
    if (doc.y > doc.page.height - 140) doc.addPage();
    doc.font("Helvetica-Bold").fontSize(12).fillColor(BLUE).text(section.heading, left, doc.y, { width });
    const lineY = doc.y + 2;
    doc.moveTo(left, lineY).lineTo(left + width, lineY).lineWidth(0.5).strokeColor(BLUE).stroke();
    doc.moveDown(0.5);
    for (const row of section.rows ?? []) {
      const top = doc.y;
      doc.font("Helvetica-Bold").fontSize(10).fillColor(GREY).text(row.label, left, top, { width: LABEL_WIDTH - 10 });
      const afterLabel = doc.y;
      doc.font("Helvetica").fontSize(10).fillColor("black").text(row.value || "—", left + LABEL_WIDTH, top, { width: width - LABEL_WIDTH });
      doc.y = Math.max(doc.y, afterLabel) + 4;
    }
    for (const paragraph of section.paragraphs ?? []) {
      doc.font("Helvetica").fontSize(10).fillColor("black").text(paragraph, left, doc.y, { width, align: "justify" });
      doc.moveDown(0.5);
    }
    doc.moveDown(0.8);
  }

  if (spec.closing?.length) {
    doc.moveDown(1);
    for (const line of spec.closing) doc.font("Helvetica").fontSize(10).fillColor("black").text(line, left, doc.y, { width, align: "right" });
  }
  doc.end();
  return done;
}
