// bench/limesurvey: imports 20 000 LimeSurvey bilan responses (an .lsa built in LimeSurvey's formats, see
// test/fixtures/limesurvey-bilan.ts) into a fresh database — conversion, streaming .lsr read, linking to 2 000
// establishments, facts through a mapping, workload trigger — and compares the read with fast-xml-parser's whole-DOM
// parse of the same .lsr in the same run. Goal (issue #15): ≤ 20 s and ≤ 300 MB RSS. Run: npm run bench:limesurvey
import { XMLParser } from "fast-xml-parser";
import { unzipSync } from "fflate";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ACTIVITIES, bilanLsa, type BilanAnswer } from "../test/fixtures/limesurvey-bilan.ts";
import { uaiCheckLetter } from "../app/domain/uai.ts";
import type { MappingEntry } from "../app/domain/limesurvey/mapping.ts";
import { benchDatabase, fmt } from "./lib.ts";

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 20_000);
const ESTABLISHMENTS = 2_000;
const db = await benchDatabase(Number(process.env.BENCH_PG_PORT ?? 5445));
try {
  const { getDb } = await import("../app/db/db.server.ts");
  const { importLimeSurvey } = await import("../app/services/limesurvey/import.server.ts");
  const client = getDb();
  const academy = await client.academy.create({ data: { code: randomBytes(3).toString("hex"), name: "Académie de banc d'essai" } });
  const uais = Array.from({ length: ESTABLISHMENTS }, (_, i) => { const d = String(3_500_000 + i).padStart(7, "0"); return d + uaiCheckLetter(d); });
  await client.establishment.createMany({ data: uais.map((uai, i) => ({ uai, name: `Collège ${i}`, type: "COLLEGE" as const, sector: "PUBLIC" as const, academyId: academy.id })) });
  // The file is built, written and dropped before measuring: the importer's RSS is not the generator's.
  const file = path.join(db.dir, "bench.lsa");
  {
    const answers: BilanAnswer[] = Array.from({ length: RESPONSES }, (_, i) => ({
      id: i + 1, uai: uais[i % ESTABLISHMENTS], email: `rupn${i}@ac-bench.fr`,
      hoursPerYear: ACTIVITIES.map((_, k) => ((i + k) % 9) * 18), referents: 1 + (i % 3), satisfaction: ["A1", "A2", "A3"][i % 3],
      submitted: i % 10 === 9 ? null : "2023-06-15 10:30:00",
    }));
    writeFileSync(file, bilanLsa(answers));
  }
  const mapping: MappingEntry[] = [
    ...ACTIVITIES.map(([code, , indicator]) => ({ column: `HEURES_${code}`, indicator: indicator as MappingEntry["indicator"], unit: "hours_per_year" as const })),
    { column: "NBREF", indicator: "context.referent_count", unit: "count" },
  ];

  global.gc?.();
  const bytes = new Uint8Array(readFileSync(file));
  console.log(`fichier : ${RESPONSES} réponses, .lsa ${(bytes.byteLength / 1e6).toFixed(1)} Mo`);
  const floorRss = process.memoryUsage().rss;
  let peakRss = floorRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 25);
  const started = performance.now();
  const summary = await importLimeSurvey({ fileName: "bench.lsa", bytes, academyId: academy.id, schoolYearId: "2022-2023", actorId: null, channel: "cli", mapping });
  const importMs = performance.now() - started;
  clearInterval(sampler);
  const workload = await client.responseWorkload.count({ where: { campaignId: summary.campaignId! } });
  console.log(`importeur : ${fmt(importMs)} pour ${summary.result.responses} réponses (${summary.result.submitted} complètes, ${summary.result.drafts} brouillons, ${summary.result.unlinked.length} non reliées), ${summary.result.facts} faits, ${workload} lignes de charge ; RSS max ${(peakRss / 1e6).toFixed(0)} Mo (au repos ${(floorRss / 1e6).toFixed(0)} Mo)`);

  // Same run, for comparison: the whole .lsr parsed as one DOM by fast-xml-parser (no mapping, no database).
  const lsrText = new TextDecoder().decode(Object.entries(unzipSync(bytes)).find(([n]) => n.endsWith(".lsr"))![1]);
  let domPeak = process.memoryUsage().rss;
  const domSampler = setInterval(() => (domPeak = Math.max(domPeak, process.memoryUsage().rss)), 25);
  const domStart = performance.now();
  const dom = new XMLParser({ parseTagValue: false, isArray: (n) => n === "row" }).parse(lsrText);
  const domMs = performance.now() - domStart;
  clearInterval(domSampler);
  console.log(`référence fast-xml-parser (DOM entier, lecture seule) : ${fmt(domMs)} pour ${dom.document.responses.rows.row.length} lignes ; RSS max ${(domPeak / 1e6).toFixed(0)} Mo`);
  console.log(`objectifs : ≤ 20 s (${importMs <= 20_000 ? "atteint" : "NON atteint"}), ≤ 300 Mo RSS (${peakRss <= 300e6 ? "atteint" : "NON atteint"})`);
  const { disconnectDb } = await import("../app/db/db.server.ts");
  await disconnectDb();
} finally {
  await db.close();
}
