// Recognising a LimeSurvey file by its content and name: a survey structure (.lss, .lsg, .lsq, tab-separated .txt),
// a response file (.lsr, CSV), or an archive (.lsa: a zip holding the .lss, the .lsr and the tokens .lst).
import { unzipSync } from "fflate";
import { convertStructure, type ConversionResult, type ConvertOptions } from "./convert.ts";
import { structureFromTsv, structureFromXml, type LsSurvey } from "./structure.ts";
import { LimeSurveyFormatError, parseLimeSurveyXml } from "./xml.ts";

export type SourceKind = "lss" | "lsg" | "lsq" | "txt" | "lsa" | "lsr" | "csv";
export type ArchiveMembers = { structure?: { name: string; text: string }; responses?: { name: string; text: string }; tokens?: { name: string; text: string } };

const decoder = new TextDecoder("utf-8");

export function sourceKind(fileName: string, bytes: Uint8Array): SourceKind {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return "lsa";
  const ext = /\.([a-z]+)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (ext && ["lss", "lsg", "lsq", "lsr", "lsa", "csv", "txt"].includes(ext)) {
    if (ext === "lsa") throw new LimeSurveyFormatError(`${fileName} : archive .lsa illisible (ce n'est pas un fichier zip)`, "octet 0");
    return ext as SourceKind;
  }
  const head = decoder.decode(bytes.subarray(0, 400));
  if (/<LimeSurveyDocType>\s*Responses/.test(head)) return "lsr";
  if (/<LimeSurveyDocType>\s*Group/.test(head)) return "lsg";
  if (/<LimeSurveyDocType>\s*Question/.test(head)) return "lsq";
  if (head.includes("<LimeSurveyDocType>")) return "lss";
  if (/^\uFEFF?(id\t|class\t)/.test(head)) return "txt";
  return "csv";
}

/** The members of an .lsa archive; a corrupt zip is a format error. */
export function readArchive(fileName: string, bytes: Uint8Array): ArchiveMembers {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (error) {
    throw new LimeSurveyFormatError(`${fileName} : archive .lsa illisible — ${error instanceof Error ? error.message : String(error)}`, "archive zip");
  }
  const out: ArchiveMembers = {};
  for (const [name, content] of Object.entries(files)) {
    const entry = { name, text: decoder.decode(content) };
    if (/\.lss$/i.test(name)) out.structure = entry;
    else if (/\.lsr$/i.test(name)) out.responses = entry;
    else if (/\.lst$/i.test(name)) out.tokens = entry;
  }
  if (!out.structure) throw new LimeSurveyFormatError(`${fileName} : l'archive ne contient pas de structure de questionnaire (.lss)`, "archive zip");
  return out;
}

/** The structure of a survey file (or of the .lss inside an archive). */
export function readStructure(fileName: string, bytes: Uint8Array): LsSurvey {
  const kind = sourceKind(fileName, bytes);
  if (kind === "lsa") {
    const { structure } = readArchive(fileName, bytes);
    return structureFromXml(parseLimeSurveyXml(structure!.text, `${fileName} › ${structure!.name}`));
  }
  const text = decoder.decode(bytes);
  if (kind === "txt") return structureFromTsv(text, fileName);
  if (kind === "lsr" || kind === "csv") throw new LimeSurveyFormatError(`${fileName} : fichier de réponses sans structure de questionnaire`, "fichier");
  const doc = parseLimeSurveyXml(text, fileName);
  if (!["Survey", "Group", "Question"].includes(doc.docType)) {
    throw new LimeSurveyFormatError(`${fileName} : document LimeSurvey de type « ${doc.docType} », attendu une structure (Survey, Group ou Question)`, "<LimeSurveyDocType>");
  }
  return structureFromXml(doc);
}

export function convertFile(fileName: string, bytes: Uint8Array, options: ConvertOptions = {}): ConversionResult & { survey: LsSurvey } {
  const survey = readStructure(fileName, bytes);
  const fallbackTitle = options.fallbackTitle ?? fileName.replace(/\.[a-z]+$/i, "");
  return { ...convertStructure(survey, { ...options, fallbackTitle }), survey };
}
