import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// The native schema engine is downloaded by @prisma/engines' postinstall, which fails offline.
// `prisma generate` does not use it but refuses to start without one: point it at a stand-in
// that explains the offline migration commands. A machine with the real engine keeps it.
const enginesDir = path.join(import.meta.dirname, "node_modules/@prisma/engines");
const hasNativeEngine =
  existsSync(enginesDir) && readdirSync(enginesDir).some((f) => f.startsWith("schema-engine"));
if (!hasNativeEngine && !process.env.PRISMA_SCHEMA_ENGINE_BINARY) {
  process.env.PRISMA_SCHEMA_ENGINE_BINARY = path.join(import.meta.dirname, "scripts/no-schema-engine.mjs");
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx prisma/seed.ts" },
});
