// Body of a validation worker thread (validation-pool.server.ts): keeps its own survey-core models, one per
// survey version, and validates the answers it is sent. A model is built from the definition sent along the
// first time a version reaches this worker; when it is no longer cached, the worker asks for it again.
import { parentPort } from "node:worker_threads";
import { cachedModel, peekCachedModel, type SurveyDefinition } from "./model.ts";
import { checkAnswers, type CheckedAnswers } from "./check.ts";
import type { ValidationMode } from "./validate.ts";

export type ValidationTask = { seq: number; key: string; definition?: SurveyDefinition; data: unknown; mode: ValidationMode };
export type ValidationReply =
  | { seq: number; checked: CheckedAnswers }
  | { seq: number; missing: true }
  | { seq: number; error: string };

parentPort?.on("message", (task: ValidationTask) => {
  let reply: ValidationReply;
  try {
    const model = task.definition ? cachedModel(task.key, task.definition) : peekCachedModel(task.key);
    reply = model ? { seq: task.seq, checked: checkAnswers(model, task.data, task.mode) } : { seq: task.seq, missing: true };
  } catch (error) {
    reply = { seq: task.seq, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(reply);
});
