// Survey-core validation off the event loop (ADR 011). Loading answers into a model, running its conditions
// and validating costs ~10 ms of CPU per submission: done inline, it serialises every request of the process
// behind it. A few worker threads, each with its own cached models, validate instead; the event loop keeps
// serving requests and the database meanwhile. SURVEY_VALIDATION_WORKERS=0 validates inline (same code).
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { cachedModel, modelKey, peekCachedModel, type SurveyDefinition } from "./model.ts";
import { checkAnswers, type CheckedAnswers } from "./check.ts";
import type { ValidationMode } from "./validate.ts";
import type { ValidationReply, ValidationTask } from "./validation-worker.server.ts";

type Pending = { resolve: (reply: ValidationReply) => void; reject: (error: Error) => void };
type Slot = { worker: Worker; known: Set<string>; pending: Map<number, Pending> };
type Pool = { slots: Slot[]; seq: number; definitions: Map<string, SurveyDefinition> };

// On globalThis, like the Prisma client: the server entry and the Remix bundle share one pool.
const pool: Pool = ((globalThis as { __rupnValidationPool?: Pool }).__rupnValidationPool ??= { slots: [], seq: 0, definitions: new Map() });
const DEFINITION_LIMIT = 50;

/** Number of validation threads: SURVEY_VALIDATION_WORKERS, else one per core left after the event loop's. */
export function validationWorkerCount(): number {
  const configured = process.env.SURVEY_VALIDATION_WORKERS;
  if (configured !== undefined && configured !== "") return Math.max(0, Math.floor(Number(configured)) || 0);
  return Math.max(1, Math.min(4, os.availableParallelism() - 1));
}

function workerFile(): string {
  // Next to this module when run from the sources (tsx, Vitest); from the project root in the Remix bundle.
  const here = path.join(path.dirname(fileURLToPath(import.meta.url)), "validation-worker.server.ts");
  return existsSync(here) ? here : path.resolve("app/surveys/validation-worker.server.ts");
}

function startSlot(): Slot {
  // The worker runs TypeScript sources. Node 20 does not pass module hooks (`--import tsx`) on to worker
  // threads, so the worker registers tsx itself (resolved from the project root, like the server build).
  const file = JSON.stringify(pathToFileURL(workerFile()).href);
  const worker = new Worker(`import("tsx/esm/api").then(({ register }) => { register(); return import(${file}); })`, { eval: true });
  const slot: Slot = { worker, known: new Set(), pending: new Map() };
  worker.unref();
  worker.on("message", (reply: ValidationReply) => {
    const task = slot.pending.get(reply.seq);
    if (!task) return;
    slot.pending.delete(reply.seq);
    if (slot.pending.size === 0) worker.unref();
    task.resolve(reply);
  });
  const fail = (error: Error) => {
    pool.slots = pool.slots.filter((s) => s !== slot);
    for (const task of slot.pending.values()) task.reject(error);
    slot.pending.clear();
  };
  worker.on("error", fail);
  worker.on("exit", (code) => fail(new Error(`Le processus de validation s'est arrêté (code ${code}).`)));
  return slot;
}

/** The least busy worker, starting workers up to the configured count. */
function pickSlot(size: number): Slot {
  if (pool.slots.length < size) {
    const idle = pool.slots.find((s) => s.pending.size === 0);
    if (idle) return idle;
    const slot = startSlot();
    pool.slots.push(slot);
    return slot;
  }
  return pool.slots.reduce((best, s) => (s.pending.size < best.pending.size ? s : best));
}

function send(slot: Slot, task: Omit<ValidationTask, "seq">): Promise<ValidationReply> {
  const seq = ++pool.seq;
  return new Promise((resolve, reject) => {
    slot.pending.set(seq, { resolve, reject });
    slot.worker.ref(); // a pending validation keeps the process alive; an idle pool does not
    slot.worker.postMessage({ ...task, seq });
    if (task.definition) slot.known.add(task.key);
  });
}

async function definitionFor(key: string, load: () => Promise<SurveyDefinition>): Promise<SurveyDefinition> {
  let definition = pool.definitions.get(key);
  if (!definition) {
    definition = await load();
    if (pool.definitions.size >= DEFINITION_LIMIT) pool.definitions.delete(pool.definitions.keys().next().value!);
    pool.definitions.set(key, definition);
  }
  return definition;
}

/**
 * Validates answers against a survey version (its definition read with `loadDefinition` only the first time
 * this process meets it) and, for a valid submission, extracts its facts. Same results as validateAnswers and
 * extractFacts on a model of that version, whichever thread runs them.
 */
export async function checkSurveyAnswers(
  version: { id: string; checksum: string },
  loadDefinition: () => Promise<SurveyDefinition>,
  data: unknown,
  mode: ValidationMode,
): Promise<CheckedAnswers> {
  const key = modelKey(version);
  const size = validationWorkerCount();
  if (size === 0) {
    const model = peekCachedModel(key) ?? cachedModel(key, await definitionFor(key, loadDefinition));
    return checkAnswers(model, data, mode);
  }
  const slot = pickSlot(size);
  let reply = await send(slot, { key, data, mode, definition: slot.known.has(key) ? undefined : await definitionFor(key, loadDefinition) });
  if ("missing" in reply) {
    // The worker dropped that model from its cache: send the definition again.
    reply = await send(slot, { key, data, mode, definition: await definitionFor(key, loadDefinition) });
  }
  if ("error" in reply) throw new Error(`Validation du questionnaire impossible : ${reply.error}`);
  if ("missing" in reply) throw new Error("Validation du questionnaire impossible : définition absente.");
  return reply.checked;
}

/** Starts the workers ahead of the first submission (they load survey-core), e.g. at server boot. */
export function warmValidationPool() {
  const size = validationWorkerCount();
  while (pool.slots.length < size) pool.slots.push(startSlot());
}

/** Stops the workers (tests, benchmarks); the next validation starts them again. */
export async function closeValidationPool() {
  const slots = pool.slots;
  pool.slots = [];
  await Promise.all(slots.map((s) => s.worker.terminate()));
}
