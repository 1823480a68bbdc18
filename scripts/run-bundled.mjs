// Runs a TypeScript command-line entry (scripts/*.ts) as one JavaScript bundle built by esbuild, in this process,
// instead of through tsx: tsx compiles every module in a loader thread of its own and keeps their sources and source
// maps, ~100 MB that a bulk import cannot spare (npm run import:limesurvey, bench/limesurvey.ts, ADR 015).
// The packages stay external (node_modules, resolved as usual); only the project's own modules are bundled.
// Usage: node scripts/run-bundled.mjs scripts/import-limesurvey.ts [arguments of the command]
import { buildSync } from "esbuild";
import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

const entry = process.argv[2];
if (!entry || !entry.endsWith(".ts")) {
  console.error("Usage : node scripts/run-bundled.mjs scripts/commande.ts [arguments]");
  process.exit(2);
}
// Inside the project, so that the external packages resolve from its node_modules; one file per process, so that
// two commands started together never read each other's half-written bundle.
const dir = path.resolve("node_modules/.cache/rupn-commands");
mkdirSync(dir, { recursive: true });
const outfile = path.join(dir, `${path.basename(entry, ".ts")}-${process.pid}.mjs`);
buildSync({ entryPoints: [entry], bundle: true, platform: "node", format: "esm", target: "node20", packages: "external", outfile, logLevel: "warning" });
process.on("exit", () => rmSync(outfile, { force: true }));
// The command reads its own arguments from process.argv.slice(2), as when it is run directly.
process.argv.splice(2, 1);
await import(pathToFileURL(outfile).href);
