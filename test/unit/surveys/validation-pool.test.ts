// Validation in worker threads (ADR 011) gives what validation in the process gives, reads each definition once,
// and survives a stopped pool or a worker that dropped a model from its cache.
import { readFileSync } from "node:fs";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { checkSurveyAnswers, closeValidationPool } from "../../../app/surveys/validation-pool.server.ts";
import type { SurveyDefinition } from "../../../app/surveys/model.ts";
import { validBilan } from "../../fixtures/bilan-answers.ts";

const definition = JSON.parse(readFileSync("surveys/bilan-annuel/2025-2026.json", "utf8")) as SurveyDefinition;
const cases: [unknown, "draft" | "submit"][] = [
  [validBilan, "submit"],
  [{ ...validBilan, h_assistance: 50 }, "submit"],
  [{ ...validBilan, reconnaissance: "aucune" }, "submit"],
  [{ statut: "cpe", salaire: 3 }, "draft"],
  [{ statut: "cpe" }, "draft"],
  [[1, 2], "draft"],
];

function loader() {
  const load = async () => {
    load.calls++;
    return definition;
  };
  load.calls = 0;
  return load;
}

async function withWorkers<T>(count: string, run: () => Promise<T>): Promise<T> {
  const previous = process.env.SURVEY_VALIDATION_WORKERS;
  process.env.SURVEY_VALIDATION_WORKERS = count;
  try {
    return await run();
  } finally {
    if (previous === undefined) delete process.env.SURVEY_VALIDATION_WORKERS;
    else process.env.SURVEY_VALIDATION_WORKERS = previous;
  }
}

afterEach(() => closeValidationPool());
afterAll(() => closeValidationPool());

describe("the validation workers", () => {
  it("give the verdicts, recomputed answers and facts of validation in the process", async () => {
    const version = { id: "v-same", checksum: "c1" };
    const inline = await withWorkers("0", () => Promise.all(cases.map(([data, mode]) => checkSurveyAnswers(version, loader(), data, mode))));
    const pooled = await withWorkers("2", () => Promise.all(cases.map(([data, mode]) => checkSurveyAnswers(version, loader(), data, mode))));
    expect(pooled).toEqual(inline);
    expect(pooled[0]).toMatchObject({ result: { ok: true }, facts: expect.arrayContaining([expect.objectContaining({ indicator: "workload.assistance", numericValue: 1.5 })]) });
    expect(pooled[1]).toMatchObject({ result: { ok: false, errors: [{ question: "h_assistance" }] }, facts: [] });
  });

  it("read a version's definition once, and start again after being stopped", async () => {
    await withWorkers("2", async () => {
      const load = loader();
      const version = { id: "v-once", checksum: "c1" };
      for (let i = 0; i < 6; i++) expect((await checkSurveyAnswers(version, load, validBilan, "submit")).result.ok).toBe(true);
      await closeValidationPool();
      expect((await checkSurveyAnswers(version, load, validBilan, "submit")).result.ok).toBe(true);
      expect(load.calls).toBe(1);
    });
  });

  it("send the definition again to a worker that dropped its model", async () => {
    await withWorkers("1", async () => {
      const load = loader();
      const first = { id: "v-evicted", checksum: "c1" };
      expect((await checkSurveyAnswers(first, load, validBilan, "submit")).result.ok).toBe(true);
      // 50 other versions push the first one out of the worker's model cache.
      for (let i = 0; i < 50; i++) await checkSurveyAnswers({ id: `v-other-${i}`, checksum: "c1" }, loader(), { statut: "cpe" }, "draft");
      const again = await checkSurveyAnswers(first, load, { ...validBilan, h_assistance: 50 }, "submit");
      expect(again.result).toMatchObject({ ok: false, errors: [{ question: "h_assistance" }] });
    });
  });
});
