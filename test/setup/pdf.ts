// Text of a pdfkit document, for assertions: inflates the content streams and decodes the text
// operators (standard fonts, WinAnsi encoding). Enough for our own PDFs, not a general extractor.
import { inflateSync } from "node:zlib";

export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString("latin1");
  const streams: string[] = [];
  const re = /(?<!end)stream\r?\n/g;
  let match: RegExpExecArray | null;
  while ((match = re.exec(raw))) {
    const start = match.index + match[0].length;
    const end = raw.indexOf("endstream", start);
    if (end < 0) break;
    const bytes = pdf.subarray(start, end);
    try {
      streams.push(inflateSync(bytes).toString("latin1"));
    } catch {
      streams.push(bytes.toString("latin1"));
    }
    re.lastIndex = end;
  }
  const lines: string[] = [];
  for (const content of streams) {
    for (const op of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      const hex = [...op[1].matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => h[1]).join("");
      lines.push([...Buffer.from(hex, "hex")].map((b) => WIN_ANSI_80_9F[b - 0x80] ?? String.fromCharCode(b)).join(""));
    }
  }
  return lines.join("\n");
}

/** WinAnsiEncoding 0x80–0x9F (the rest is Latin-1). Node's TextDecoder may lack windows-1252. */
const WIN_ANSI_80_9F = [..."€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ"];
