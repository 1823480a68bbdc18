import { describe, expect, it } from "vitest";
import { niceTicks } from "../../../app/domain/dashboards/charts.ts";

describe("round axis ticks", () => {
  it("covers the largest value with round steps from 0", () => {
    expect(niceTicks(3750)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(niceTicks(3800)).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(niceTicks(8.5)).toEqual([0, 2.5, 5, 7.5, 10]);
    expect(niceTicks(12)).toEqual([0, 5, 10, 15]);
    expect(niceTicks(1)).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it("gives an axis even without data", () => {
    expect(niceTicks(0)).toEqual([0, 1]);
    expect(niceTicks(Number.NaN)).toEqual([0, 1]);
  });
});
