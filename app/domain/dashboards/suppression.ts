// Small-cell suppression of the national view (ADR 022). A table of counts of referents (rows × columns) is
// published with its row totals, column totals and grand total. Every cell (totals included) counting 1 to 4
// referents is hidden ("< 5": primary suppression). Then, so that no hidden cell can be recomputed from the published
// figures by adding and subtracting lines, more cells are hidden (secondary suppression).
//
// Why the rule below is exact: write the table with its totals as an (R+1) × (C+1) grid. Each line says "the cells
// add up to the total". Hidden cells are the unknowns. Seen as a bipartite graph (a node per row, a node per column,
// an edge per hidden cell), a hidden cell can be recomputed from the published figures exactly when its edge is a
// bridge: on a cycle, adding +t and -t alternately around it changes no line sum, so the cell is undetermined; a
// bridge's value is fixed by the line sums of one side. So: while some hidden cell is a bridge, hide one more cell of
// a cell that closes a cycle through it (else one of its row or column to grow a side), the smallest such (least
// information lost).
// Pure: no I/O. Tested with generated tables against a linear-algebra check (test/unit/domain/suppression.test.ts).

export const SMALL_CELL_THRESHOLD = 5;

export type CellStatus = "shown" | "small" | "secondary";

export type SuppressionPattern = {
  /** Status of each data cell, [row][column]. */
  cells: CellStatus[][];
  rowTotals: CellStatus[];
  columnTotals: CellStatus[];
  grandTotal: CellStatus;
};

/** A count that names fewer than `threshold` people (zero names nobody: it is shown). */
export function isSmall(count: number, threshold = SMALL_CELL_THRESHOLD): boolean {
  return count > 0 && count < threshold;
}

/** The suppression pattern of a table of counts (its totals are the sums of its cells). */
export function suppressTable(counts: number[][], threshold = SMALL_CELL_THRESHOLD): SuppressionPattern {
  const rows = counts.length;
  const columns = rows ? counts[0].length : 0;
  for (const row of counts) {
    if (row.length !== columns) throw new Error("Toutes les lignes du tableau doivent avoir le même nombre de colonnes.");
    for (const v of row) if (!Number.isInteger(v) || v < 0) throw new Error(`Effectif invalide : ${v}.`);
  }
  if (!rows || !columns) return { cells: counts.map(() => []), rowTotals: counts.map(() => "shown"), columnTotals: Array(columns).fill("shown"), grandTotal: "shown" };

  // The grid with its totals: row `rows` holds the column totals, column `columns` the row totals.
  const grid = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  grid.push(Array.from({ length: columns + 1 }, (_, j) => grid.reduce((a, row) => a + row[j], 0)));
  const status: CellStatus[][] = grid.map((row) => row.map((v) => (isSmall(v, threshold) ? "small" : "shown")));
  const hidden = (i: number, j: number) => status[i][j] !== "shown";

  // Row i is node i, column j is node R+1+j.
  const R = rows + 1;
  const C = columns + 1;
  /** Nodes reachable from `start` through hidden cells, not using the hidden cell (skipI, skipJ). */
  const reach = (start: number, skipI: number, skipJ: number) => {
    const seen = new Set<number>([start]);
    const queue = [start];
    while (queue.length) {
      const node = queue.pop()!;
      const next: number[] = [];
      if (node < R) for (let j = 0; j < C; j++) { if (hidden(node, j) && !(node === skipI && j === skipJ)) next.push(R + j); }
      else for (let i = 0; i < R; i++) { const j = node - R; if (hidden(i, j) && !(i === skipI && j === skipJ)) next.push(i); }
      for (const n of next) if (!seen.has(n)) { seen.add(n); queue.push(n); }
    }
    return seen;
  };
  /** A hidden cell that is a bridge of the graph (Tarjan's low-link, one depth-first walk), or null. */
  const findBridge = (): [number, number] | null => {
    const order = new Array<number>(R + C).fill(-1);
    const low = new Array<number>(R + C).fill(0);
    let counter = 0;
    const neighbours = (node: number) => {
      const out: { next: number; cell: [number, number] }[] = [];
      if (node < R) { for (let j = 0; j < C; j++) if (hidden(node, j)) out.push({ next: R + j, cell: [node, j] }); }
      else { const j = node - R; for (let i = 0; i < R; i++) if (hidden(i, j)) out.push({ next: i, cell: [i, j] }); }
      return out;
    };
    let found: [number, number] | null = null;
    const walk = (node: number, via: string | null) => {
      order[node] = low[node] = counter++;
      for (const { next, cell } of neighbours(node)) {
        const id = `${cell[0]},${cell[1]}`;
        if (id === via) continue;
        if (order[next] < 0) {
          walk(next, id);
          low[node] = Math.min(low[node], low[next]);
          if (low[next] > order[node] && !found) found = cell;
        } else low[node] = Math.min(low[node], order[next]);
      }
    };
    for (let n = 0; n < R + C && !found; n++) if (order[n] < 0) walk(n, null);
    return found;
  };
  // Smaller is better; a zero protects little (it is the value an attacker guesses first), so it comes last.
  const cost = (i: number, j: number) => (grid[i][j] === 0 ? Number.MAX_SAFE_INTEGER : grid[i][j]);

  for (let bridge = findBridge(); bridge; bridge = findBridge()) {
    const [bi, bj] = bridge;
    const fromRow = reach(bi, bi, bj);
    const fromColumn = reach(R + bj, bi, bj);
    // Hiding a cell that joins the bridge's two sides (a row on one side, a column on the other) puts the bridge on a
    // cycle. When there is none yet, hide the smallest cell of the bridge's row or column: a side grows, and a later
    // round finds one.
    const shown: { i: number; j: number; closes: boolean; line: boolean }[] = [];
    for (let i = 0; i < R; i++) {
      for (let j = 0; j < C; j++) {
        if (hidden(i, j)) continue;
        const closes = (fromRow.has(i) && fromColumn.has(R + j)) || (fromColumn.has(i) && fromRow.has(R + j));
        const line = i === bi || j === bj;
        if (closes || line) shown.push({ i, j, closes, line });
      }
    }
    const closing = shown.filter((c) => c.closes);
    const candidates = closing.length ? closing : shown.filter((c) => c.line);
    // A line all hidden is a cycle with any other all-hidden line, so a bridge always has a shown cell in its row or
    // column; guard anyway against an endless loop.
    if (!candidates.length) break;
    candidates.sort((a, b) => cost(a.i, a.j) - cost(b.i, b.j) || a.i - b.i || a.j - b.j);
    status[candidates[0].i][candidates[0].j] = "secondary";
  }

  return {
    cells: status.slice(0, rows).map((row) => row.slice(0, columns)),
    rowTotals: status.slice(0, rows).map((row) => row[columns]),
    columnTotals: status[rows].slice(0, columns),
    grandTotal: status[rows][columns],
  };
}

/** The published text of a count: the number, "< 5" for a small group, "s" (secret) for a secondary suppression. */
export function publishedCount(count: number, status: CellStatus, format: (n: number) => string = String): string {
  return status === "shown" ? format(count) : status === "small" ? `< ${SMALL_CELL_THRESHOLD}` : "s";
}
