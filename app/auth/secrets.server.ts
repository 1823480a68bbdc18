import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

let cached: string[] | undefined;

/**
 * SESSION_SECRET is a comma-separated list: the first signs, all verify (rotation).
 * Without it (demo on the embedded database), a random secret is kept in .data/session-secret.
 */
export function sessionSecrets(): string[] {
  if (cached) return cached;
  const configured = process.env.SESSION_SECRET?.split(",").map((s) => s.trim()).filter(Boolean);
  if (configured?.length) return (cached = configured);
  if (process.env.DATABASE_URL && process.env.RUPN_EMBEDDED_DB !== "1" && process.env.NODE_ENV === "production") {
    throw new Error("SESSION_SECRET doit être défini en production (une ou plusieurs valeurs séparées par des virgules).");
  }
  const file = path.resolve(process.env.RUPN_DATA_DIR ?? ".data", "session-secret");
  if (!existsSync(file)) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString("hex"), { mode: 0o600 });
  }
  return (cached = [readFileSync(file, "utf8").trim()]);
}
