// Independent check of small-cell suppression (ADR 022), shared by the unit and integration tests: which hidden
// cells of a table published with its totals can be recomputed from what is shown. Linear algebra, not the module's
// graph reasoning: a hidden cell is derivable exactly when its unit vector lies in the row space of the line
// equations ("the cells of a line add up to its total") restricted to the hidden cells.

function rank(matrix: number[][]): number {
  const m = matrix.map((r) => [...r]);
  let r = 0;
  const width = m[0]?.length ?? 0;
  for (let c = 0; c < width && r < m.length; c++) {
    let pivot = -1;
    for (let i = r; i < m.length; i++) if (Math.abs(m[i][c]) > 1e-9) { pivot = i; break; }
    if (pivot < 0) continue;
    [m[r], m[pivot]] = [m[pivot], m[r]];
    for (let i = 0; i < m.length; i++) {
      if (i === r || Math.abs(m[i][c]) < 1e-9) continue;
      const f = m[i][c] / m[r][c];
      for (let k = c; k < width; k++) m[i][k] -= f * m[r][k];
    }
    r++;
  }
  return r;
}

/**
 * `hidden` is the whole published grid, (R+1) × (C+1): the last column holds the row totals, the last row the column
 * totals. Returns the "i,j" positions of the hidden cells that the published figures determine.
 */
export function derivableHiddenCells(hidden: boolean[][]): string[] {
  const rows = hidden.length - 1;
  const columns = hidden[0].length - 1;
  const unknowns: [number, number][] = [];
  hidden.forEach((r, i) => r.forEach((h, j) => { if (h) unknowns.push([i, j]); }));
  if (!unknowns.length) return [];
  const index = new Map(unknowns.map(([i, j], k) => [`${i},${j}`, k]));
  const equations: number[][] = [];
  for (let i = 0; i <= rows; i++) {
    const eq = Array(unknowns.length).fill(0);
    for (let j = 0; j <= columns; j++) { const k = index.get(`${i},${j}`); if (k !== undefined) eq[k] += j === columns ? -1 : 1; }
    equations.push(eq);
  }
  for (let j = 0; j <= columns; j++) {
    const eq = Array(unknowns.length).fill(0);
    for (let i = 0; i <= rows; i++) { const k = index.get(`${i},${j}`); if (k !== undefined) eq[k] += i === rows ? -1 : 1; }
    equations.push(eq);
  }
  const base = rank(equations);
  return unknowns.filter((_, k) => rank([...equations, unknowns.map((__, l) => (l === k ? 1 : 0))]) === base).map(([i, j]) => `${i},${j}`);
}
