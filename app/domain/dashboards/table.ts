// The numbers behind a chart, as one table: the chart draws them, the data-table alternative shows them and the
// CSV download contains exactly them (RGAA: a chart needs an equivalent alternative). Pure.
export type Cell = string | number | null;
export type PanelTable = { columns: string[]; rows: { key: string; cells: Cell[] }[] };

const numberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });

/** How a cell reads in the HTML table: numbers the French way ("1 234,5"), missing values as a dash. */
export function formatCell(value: Cell): string {
  if (value === null) return "—";
  return typeof value === "number" ? numberFormat.format(value) : value;
}

/** RFC 4180 field for French spreadsheets: quotes doubled, formula-looking text neutralised. */
export function csvField(value: Cell): string {
  if (value === null) return "";
  if (typeof value === "number") return String(value).replace(".", ",");
  let text = value;
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[";\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV (";" separator, decimal comma, UTF-8 BOM for Excel) of a panel's table, cell for cell. */
export function tableCsv(table: PanelTable): string {
  const line = (cells: Cell[]) => cells.map(csvField).join(";") + "\r\n";
  return "\uFEFF" + line(table.columns) + table.rows.map((r) => line(r.cells)).join("");
}

/** A `data:` link to the CSV, so that the download works from the server-rendered page, without script. */
export function csvHref(table: PanelTable): string {
  return `data:text/csv;charset=utf-8,${encodeURIComponent(tableCsv(table))}`;
}
