// JS shipped for a page of the production build (`npm run build` first): the manifest itself, the client entry,
// and the modules and modulepreloads of each route on the way to the page, gzip-compressed as served; then the
// chunks the page loads lazily after hydration (named on the command line).
// Usage: tsx bench/bundle-size.ts [route id] [lazy chunk prefix…]
//   e.g. tsx bench/bundle-size.ts routes/tableaux-de-bord._index Charts.client
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const ASSETS = path.resolve("build/client/assets");
type Route = { id: string; parentId?: string; module: string; imports?: string[] };
type Manifest = { entry: { module: string; imports: string[] }; routes: Record<string, Route> };

const manifestFile = readdirSync(ASSETS).find((f) => /^manifest-.*\.js$/.test(f));
if (!manifestFile) throw new Error("Pas de build : lancez `npm run build` d'abord.");
const manifestSource = readFileSync(path.join(ASSETS, manifestFile), "utf8");
const manifest = JSON.parse(manifestSource.replace(/^window\.__remixManifest=/, "").replace(/;$/, "")) as Manifest;

const routeId = process.argv[2] ?? "routes/tableaux-de-bord._index";
const lazy = process.argv.slice(3).length ? process.argv.slice(3) : ["Charts.client"];
const gz = (file: string) => gzipSync(readFileSync(path.join("build/client", file)), { level: 9 }).length;

const files = new Set<string>([`/assets/${manifestFile}`, manifest.entry.module, ...manifest.entry.imports]);
for (let route: Route | undefined = manifest.routes[routeId]; route; route = route.parentId ? manifest.routes[route.parentId] : undefined) {
  files.add(route.module);
  for (const i of route.imports ?? []) files.add(i);
}
const initial = [...files].map((f) => ({ file: f, gzip: gz(f) }));
const lazyFiles = readdirSync(ASSETS).filter((f) => lazy.some((p) => f.startsWith(p)) && f.endsWith(".js")).map((f) => ({ file: `/assets/${f}`, gzip: gz(`/assets/${f}`) }));
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const sum = (xs: { gzip: number }[]) => xs.reduce((a, x) => a + x.gzip, 0);
console.log(`Page ${routeId}`);
for (const f of [...initial].sort((a, b) => b.gzip - a.gzip)) console.log(`  ${kb(f.gzip).padStart(9)}  ${f.file}`);
console.log(`Chargé avec la page (entrée, manifeste, routes, modulepreload) : ${kb(sum(initial))} gzip`);
for (const f of lazyFiles) console.log(`  ${kb(f.gzip).padStart(9)}  ${f.file} (chargé après l'hydratation)`);
console.log(`Total avec les graphiques : ${kb(sum(initial) + sum(lazyFiles))} gzip`);
