// bench/limesurvey: imports 20 000 LimeSurvey bilan responses (an .lsa built in LimeSurvey's formats, see
// test/fixtures/limesurvey-bilan.ts) into a fresh database — conversion, streaming .lsr read, linking to 2 000
// establishments, facts through a mapping, workload trigger — and compares the read with fast-xml-parser's whole-DOM
// parse of the same .lsr in the same run. Goal (issue #15): ≤ 20 s and ≤ 300 MB RSS. Run: npm run bench:limesurvey
import { unzipSync } from "fflate";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ACTIVITIES, bilanLsa, type BilanAnswer } from "../test/fixtures/limesurvey-bilan.ts";
import { uaiCheckLetter } from "../app/domain/uai.ts";
import type { MappingEntry } from "../app/domain/limesurvey/mapping.ts";
import { benchDatabase, fmt } from "./lib.ts";
import { npmScriptCommand } from "../test/setup/npm-script.ts";

/** Runs a process to its end; its peak RSS is the kernel's high-water mark (VmHWM), polled while it runs. */
function measured(command: string, args: string[], env: Record<string, string>) {
  return new Promise<{ code: number | null; ms: number; peakRss: number; stdout: string; stderr: string }>((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let peakRss = 0;
    let stdout = "";
    let stderr = "";
    const poll = setInterval(() => {
      try {
        const kb = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, "utf8"))?.[1] ?? 0);
        peakRss = Math.max(peakRss, kb * 1024);
      } catch {
        // Exited meanwhile.
      }
    }, 10);
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      clearInterval(poll);
      resolve({ code, ms: performance.now() - started, peakRss, stdout, stderr });
    });
  });
}

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

  const mappingFile = path.join(db.dir, "correspondance.json");
  writeFileSync(mappingFile, JSON.stringify(mapping));
  const bytes = new Uint8Array(readFileSync(file));
  console.log(`fichier : ${RESPONSES} réponses, .lsa ${(bytes.byteLength / 1e6).toFixed(1)} Mo`);

  // The import as a DANE runs it: the CLI, in its own process, whose peak RSS (VmHWM) is read from /proc.
  // Exactly the command of `npm run import:limesurvey` (package.json), npm aside.
  const command = npmScriptCommand("import:limesurvey", [file, "--annee", "2022-2023", "--mapping", mappingFile, "--academie", academy.code]);
  const cli = await measured(command.command, [...(process.env.BENCH_NODE_FLAGS ?? "").split(" ").filter(Boolean), ...command.args], { DATABASE_URL: db.url });
  if (cli.code !== 0) throw new Error(`import:limesurvey a échoué (code ${cli.code}) :\n${cli.stderr}`);
  const campaign = await client.campaign.findFirstOrThrow({ where: { academyId: academy.id }, select: { id: true } });
  const [responses, facts, workload] = await Promise.all([
    client.surveyResponse.count({ where: { campaignId: campaign.id } }),
    client.responseFact.count({ where: { campaignId: campaign.id } }),
    client.responseWorkload.count({ where: { campaignId: campaign.id } }),
  ]);
  console.log(`importeur (npm run import:limesurvey) : ${fmt(cli.ms)} pour ${responses} réponses, ${facts} faits, ${workload} lignes de charge ; RSS max ${(cli.peakRss / 1e6).toFixed(0)} Mo`);

  // Same run, for comparison: a bare Node process (the floor), and the whole .lsr parsed as one DOM by
  // fast-xml-parser in its own process (no conversion, no mapping, no database).
  const bare = await measured(process.execPath, ["-e", "setTimeout(() => {}, 200)"], {});
  const lsrFile = path.join(db.dir, "bench.lsr");
  writeFileSync(lsrFile, Object.entries(unzipSync(bytes)).find(([n]) => n.endsWith(".lsr"))![1]);
  const dom = await measured(
    process.execPath,
    ["--input-type=module", "-e", `import { XMLParser } from "fast-xml-parser"; import { readFileSync } from "node:fs"; const d = new XMLParser({ parseTagValue: false, isArray: (n) => n === "row" }).parse(readFileSync(${JSON.stringify(lsrFile)}, "utf8")); console.log(d.document.responses.rows.row.length);`],
    {},
  );
  console.log(`référence Node nu : RSS max ${(bare.peakRss / 1e6).toFixed(0)} Mo`);
  console.log(`référence fast-xml-parser (DOM entier, lecture seule, ${dom.stdout.trim()} lignes) : ${fmt(dom.ms)} ; RSS max ${(dom.peakRss / 1e6).toFixed(0)} Mo (importeur/DOM : ${(cli.peakRss / dom.peakRss).toFixed(2)})`);
  console.log(`objectifs : ≤ 20 s (${cli.ms <= 20_000 ? "atteint" : "NON atteint"}), ≤ 300 Mo RSS (${cli.peakRss <= 300e6 ? "atteint" : "NON atteint"})`);
  const { disconnectDb } = await import("../app/db/db.server.ts");
  await disconnectDb();
} finally {
  await db.close();
}
