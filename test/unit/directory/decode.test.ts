import { describe, expect, it } from "vitest";
import { DirectoryFileError } from "../../../app/domain/directory/common";
import { readDelimited, type CsvEvent } from "../../../app/domain/directory/csv";
import { LineTextDecoder, decodeBytes, decodeChunks } from "../../../app/domain/directory/decode";
import { chunked, latin1Bytes } from "./oracle";

const utf8 = (text: string) => new TextEncoder().encode(text);
const BOM = Uint8Array.from([0xef, 0xbb, 0xbf]);
const join = (...parts: Uint8Array[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

async function events(input: Parameters<typeof readDelimited>[0]): Promise<CsvEvent[]> {
  const out: CsvEvent[] = [];
  for await (const event of readDelimited(input)) out.push(event);
  return out;
}

describe("decodeBytes", () => {
  it("removes the UTF-8 BOM and turns CRLF into LF", () => {
    const { text, report } = decodeBytes(join(BOM, utf8("UAI;Nom\r\n0350001A;Collège\r\n")));
    expect(text).toBe("UAI;Nom\n0350001A;Collège\n");
    expect(report).toMatchObject({ encoding: "utf-8", bom: true, lineBreak: "CRLF", lines: 2, endsWithNewline: true });
  });

  it("reads a Latin-1 (Windows-1252) file: « Collège Sévigné », « Sacré-Cœur », the euro sign and ’", () => {
    const bytes = join(
      latin1Bytes("Nom;Ville\r\nColl\u00e8ge S\u00e9vign\u00e9;Rennes\r\nLyc\u00e9e du Sacr\u00e9-C"),
      Uint8Array.from([0x9c]),
      latin1Bytes("ur;L\r\n"),
      Uint8Array.from([0x80, 0x92, 0x0d, 0x0a]),
    );
    const { text, report } = decodeBytes(bytes);
    expect(text).toBe("Nom;Ville\nCollège Sévigné;Rennes\nLycée du Sacré-Cœur;L\n€’\n");
    expect(report).toMatchObject({ encoding: "windows-1252", bom: false, latin1Lines: 3 });
  });

  it("reads a file mixing UTF-8 lines and Latin-1 lines, line by line", () => {
    const bytes = join(utf8("a\nÉcole élémentaire\n"), latin1Bytes("Coll\u00e8ge\n"), utf8("Lycée\n"));
    const { text, report } = decodeBytes(bytes);
    expect(text).toBe("a\nÉcole élémentaire\nCollège\nLycée\n");
    expect(report).toMatchObject({ encoding: "mixed", latin1Lines: 1 });
  });

  it("reports pure ASCII, old Mac CR line breaks and a missing final line break", () => {
    expect(decodeBytes(utf8("a;b\r1;2\r3;4")).text).toBe("a;b\n1;2\n3;4");
    expect(decodeBytes(utf8("a;b\r1;2\r3;4")).report).toMatchObject({
      encoding: "ascii",
      lineBreak: "CR",
      lines: 3,
      endsWithNewline: false,
    });
    expect(decodeBytes(utf8("")).report).toMatchObject({ lines: 0, endsWithNewline: false, lineBreak: "none" });
  });

  it("refuses UTF-16 files with a French message", () => {
    expect(() => decodeBytes(Uint8Array.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(DirectoryFileError);
    expect(() => decodeBytes(Uint8Array.from([0xff, 0xfe, 0x41, 0x00]))).toThrow(/UTF-16/);
  });
});

describe("LineTextDecoder in chunks", () => {
  it("gives the same text whatever the chunk boundaries (inside a multi-byte character, a BOM or a CRLF)", async () => {
    const bytes = join(BOM, utf8("Nom;Commune\r\nCollège Sévigné;Saint-Étienne\r\nLycée ;Noël\r\n"));
    const whole = decodeBytes(bytes).text;
    for (const size of [1, 2, 3, 5, 7, 64]) {
      const parts: string[] = [];
      for await (const text of decodeChunks(chunked(bytes, size))) parts.push(text);
      expect(parts.join(""), `chunks of ${size} bytes`).toBe(whole);
    }
  });

  it("keeps only complete lines and returns the rest at the end", () => {
    const decoder = new LineTextDecoder();
    expect(decoder.push(utf8("ab;c"))).toBe("");
    expect(decoder.push(utf8("d\r\nef"))).toBe("ab;cd\n");
    expect(decoder.end()).toBe("ef");
    expect(decoder.report()).toMatchObject({ lines: 2, endsWithNewline: false });
  });
});

describe("readDelimited", () => {
  it("numbers rows by file line, unquotes fields and keeps multi-line quoted fields whole", async () => {
    const csv = 'UAI;Nom;Ville\n0350001A;"Lycée ""Les Rochers""; annexe";Rennes\n\n0350002B;"Deux\nlignes";Vitré\n0350003C;x;y\n';
    const out = await events(csv);
    expect(out[0]).toEqual({ kind: "header", line: 1, cells: ["UAI", "Nom", "Ville"], delimiter: ";" });
    expect(out.slice(1, 4)).toEqual([
      { kind: "row", line: 2, cells: ["0350001A", 'Lycée "Les Rochers"; annexe', "Rennes"] },
      { kind: "row", line: 4, cells: ["0350002B", "Deux\nlignes", "Vitré"] },
      { kind: "row", line: 6, cells: ["0350003C", "x", "y"] },
    ]);
    expect(out[4]).toMatchObject({ kind: "end", blankLines: 0 });
  });

  it("reports a truncated last line (no final line break, missing cells) and keeps the rows before", async () => {
    const out = await events("UAI;Nom;Ville\r\n0350001A;Collège;Rennes\r\n0350002B;Coll");
    expect(out.filter((e) => e.kind === "row")).toHaveLength(1);
    expect(out[2]).toMatchObject({ kind: "malformed", line: 3, cells: ["0350002B", "Coll"] });
    expect((out[2] as { reason: string }).reason).toMatch(/^Dernière ligne tronquée \(2 colonnes au lieu de 3\)/);
  });

  it("accepts a last line without line break when it is complete (lycée GT fixture case)", async () => {
    const out = await events("UAI;Nom\n0350001A;Collège");
    expect(out[1]).toEqual({ kind: "row", line: 2, cells: ["0350001A", "Collège"] });
  });

  it("reports a last line cut inside a quoted field", async () => {
    const out = await events('UAI;Nom;Ville\n0350001A;Collège;Rennes\n0350002B;"Lycée Chateau');
    expect(out[2]).toMatchObject({ kind: "malformed", line: 3 });
    expect((out[2] as { reason: string; cells: string[] }).reason).toMatch(/tronquée.*guillemet/);
    expect((out[2] as { cells: string[] }).cells[0]).toBe("0350002B");
  });

  it("reports rows with too many or too few cells, tolerates empty trailing cells, skips blank rows", async () => {
    const out = await events("UAI;Nom\n0350001A;a;b\n0350002B\n0350003C;c;;\n;\n0350004D;d\n");
    expect(out.slice(1, 5)).toEqual([
      { kind: "malformed", line: 2, cells: ["0350001A", "a", "b"], reason: expect.stringMatching(/3 colonnes au lieu de 2/) },
      { kind: "malformed", line: 3, cells: ["0350002B"], reason: expect.stringMatching(/1 colonne au lieu de 2/) },
      { kind: "row", line: 4, cells: ["0350003C", "c"] },
      { kind: "row", line: 6, cells: ["0350004D", "d"] },
    ]);
    expect(out[5]).toMatchObject({ kind: "end", blankLines: 1 });
  });

  it("detects tab and comma separators from the header", async () => {
    expect((await events("a\tb\n1\t2\n"))[1]).toEqual({ kind: "row", line: 2, cells: ["1", "2"] });
    expect((await events('a,b\n1,"2,5"\n'))[1]).toEqual({ kind: "row", line: 2, cells: ["1", "2,5"] });
  });

  it("refuses an empty file", async () => {
    await expect(events("")).rejects.toThrow(/Fichier vide/);
    await expect(events("\r\n\r\n")).rejects.toThrow(DirectoryFileError);
  });
});
