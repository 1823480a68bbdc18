// The command line of an npm script of package.json, to run it as `npm run` would but as a direct child process
// (so that a test reads its exit code, and a benchmark its peak memory, without npm in between).
import { readFileSync } from "node:fs";
import path from "node:path";

export function npmScriptCommand(name: string, args: string[] = []): { command: string; args: string[] } {
  const scripts = (JSON.parse(readFileSync(path.resolve("package.json"), "utf8")) as { scripts: Record<string, string> }).scripts;
  const line = scripts[name];
  if (!line) throw new Error(`package.json has no script "${name}"`);
  const words = line.split(/\s+/).filter(Boolean);
  if (words[0] === "exec") words.shift();
  if (words[0] !== "node") throw new Error(`script "${name}" does not start with node: ${line}`);
  return { command: process.execPath, args: [...words.slice(1), ...args] };
}
