// Small-cell suppression (ADR 022): every group of 1 to 4 referents hidden, and no hidden cell recomputable from
// what is published (checked by linear algebra, test/setup/suppression-check.ts).
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { derivableHiddenCells } from "../../setup/suppression-check.ts";
import { isSmall, publishedCount, suppressTable, type CellStatus, type SuppressionPattern } from "../../../app/domain/dashboards/suppression.ts";

/** The grid with its totals, and the hidden flags, in the module's layout (last row / column = totals). */
function gridOf(counts: number[][], p: SuppressionPattern) {
  const rows = counts.length;
  const columns = counts[0].length;
  const values = counts.map((r) => [...r, r.reduce((a, b) => a + b, 0)]);
  values.push(Array.from({ length: columns + 1 }, (_, j) => values.reduce((a, r) => a + r[j], 0)));
  const status: CellStatus[][] = p.cells.map((r, i) => [...r, p.rowTotals[i]]);
  status.push([...p.columnTotals, p.grandTotal]);
  expect(status.length).toBe(rows + 1);
  return { values, status, rows, columns };
}

/** Hidden cells whose value follows from the published cells and the line equations (sum of cells = total). */
function derivableCells(counts: number[][], p: SuppressionPattern): string[] {
  return derivableHiddenCells(gridOf(counts, p).status.map((r) => r.map((s) => s !== "shown")));
}

/** Tables with many small groups: counts 0–12, often 1–4. */
const tables = fc
  .tuple(fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 5 }))
  .chain(([r, c]) => fc.array(fc.array(fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 40 })), { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));

describe("small-cell suppression", () => {
  it("hides a lone small cell with the next-smallest cell of its row and of its column, so no subtraction gives it", () => {
    const counts = [
      [3, 10, 20],
      [12, 8, 30],
      [15, 9, 25],
    ];
    const p = suppressTable(counts);
    expect(p.cells[0][0]).toBe("small");
    // Row 0's smallest other cell is 10 (column 1); column 0's smallest other cell is 12 (row 1); (1,1) closes the cycle.
    expect(p.cells[0][1]).toBe("secondary");
    expect(p.cells[1][0]).toBe("secondary");
    expect(p.cells[1][1]).toBe("secondary");
    expect(p.rowTotals).toEqual(["shown", "shown", "shown"]);
    expect(p.grandTotal).toBe("shown");
    expect(derivableCells(counts, p)).toEqual([]);
  });

  it("hides a small total too, and a one-column table's cell with its row total", () => {
    const counts = [[2], [30], [40]];
    const p = suppressTable(counts);
    expect(p.cells[0][0]).toBe("small");
    expect(p.rowTotals[0]).toBe("small");
    expect(derivableCells(counts, p)).toEqual([]);
  });

  it("shows zeros and tables without small groups untouched", () => {
    const counts = [[0, 10], [7, 0]];
    const p = suppressTable(counts);
    expect(p.cells.flat()).toEqual(["shown", "shown", "shown", "shown"]);
    expect(isSmall(0)).toBe(false);
    expect(isSmall(4)).toBe(true);
    expect(isSmall(5)).toBe(false);
  });

  it("publishes '< 5' for a small group and 's' for a secondary suppression", () => {
    expect(publishedCount(3, "small")).toBe("< 5");
    expect(publishedCount(12, "secondary")).toBe("s");
    expect(publishedCount(1234, "shown", (n) => n.toLocaleString("fr-FR"))).toBe("1\u202f234");
  });

  it("refuses a ragged or negative table", () => {
    expect(() => suppressTable([[1, 2], [3]])).toThrow(/même nombre de colonnes/);
    expect(() => suppressTable([[-1]])).toThrow(/Effectif invalide/);
  });

  it("on generated tables, hides every group of 1 to 4 and leaves no hidden cell derivable from the published figures", () => {
    fc.assert(
      fc.property(tables, (counts) => {
        const p = suppressTable(counts);
        const { values, status } = gridOf(counts, p);
        values.forEach((r, i) => r.forEach((v, j) => { if (isSmall(v)) expect(status[i][j], `cell ${i},${j} = ${v}`).toBe("small"); }));
        values.forEach((r, i) => r.forEach((v, j) => { if (status[i][j] === "small") expect(isSmall(v)).toBe(true); }));
        expect(derivableCells(counts, p)).toEqual([]);
      }),
      { numRuns: 400, seed: 22 },
    );
  });

  it("on generated tables, no line has exactly one hidden cell (the subtraction attack)", () => {
    fc.assert(
      fc.property(tables, (counts) => {
        const { status } = gridOf(counts, suppressTable(counts));
        for (const line of status) expect(line.filter((s) => s !== "shown").length).not.toBe(1);
        for (let j = 0; j < status[0].length; j++) expect(status.filter((r) => r[j] !== "shown").length).not.toBe(1);
      }),
      { numRuns: 300, seed: 2022 },
    );
  });

  it("the linear check itself catches a derivable cell (it would fail without secondary suppression)", () => {
    const counts = [[3, 10], [12, 8]];
    const primaryOnly: SuppressionPattern = { cells: [["small", "shown"], ["shown", "shown"]], rowTotals: ["shown", "shown"], columnTotals: ["shown", "shown"], grandTotal: "shown" };
    expect(derivableCells(counts, primaryOnly)).toEqual(["0,0"]);
    // Two hidden cells in one row but forming a tree (a bridge): still derivable through the columns.
    const tree: SuppressionPattern = { cells: [["small", "secondary"], ["shown", "shown"]], rowTotals: ["shown", "shown"], columnTotals: ["shown", "shown"], grandTotal: "shown" };
    expect(derivableCells(counts, tree).sort()).toEqual(["0,0", "0,1"]);
  });
});
