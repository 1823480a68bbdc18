// Browser-only chart drawing (recharts renders nothing useful on the server, recharts#5997). Loaded lazily by
// ChartPanel, so that only the dashboard pages download recharts.
import { Bar, BarChart, CartesianGrid, Legend, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ZAxis } from "recharts";
import { niceTicks, type BarChartSpec, type ChartSpec, type ScatterChartSpec, type Series } from "../../domain/dashboards/charts.ts";
import { DSFR_NEUTRAL, patternId, type PatternName } from "../../domain/dashboards/palette.ts";

const numberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });
// fr-FR groups thousands with a narrow no-break space (U+202F), which the axis labels rendered with no visible gap
// ("80000"); a plain no-break space shows.
const formatNumber = (v: unknown) => (typeof v === "number" ? numberFormat.format(v).replace(/\u202f/g, "\u00a0") : String(v ?? ""));

function PatternShape({ name }: { name: PatternName }) {
  const stroke = { stroke: "#FFFFFF", strokeWidth: 1.5 };
  switch (name) {
    case "diagonal":
      return <path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" {...stroke} />;
    case "dots":
      return <circle cx="4" cy="4" r="1.6" fill="#FFFFFF" />;
    case "horizontal":
      return <path d="M0,4 h8" {...stroke} />;
    case "crosshatch":
      return <path d="M0,0 l8,8 M8,0 l-8,8" {...stroke} />;
    case "vertical":
      return <path d="M4,0 v8" {...stroke} />;
    default:
      return null;
  }
}

/** One SVG pattern per series: its DSFR colour plus a white motif, so that series differ without colour. */
function Patterns({ id, series }: { id: string; series: Series[] }) {
  return (
    <defs>
      {series.map((s, i) => (
        <pattern key={s.key} id={patternId(id, i)} patternUnits="userSpaceOnUse" width="8" height="8">
          <rect width="8" height="8" fill={s.style.color} />
          <PatternShape name={s.style.pattern} />
        </pattern>
      ))}
    </defs>
  );
}

function BarPanelChart({ id, spec }: { id: string; spec: BarChartSpec }) {
  const horizontal = spec.layout === "horizontal-bars";
  // On a phone a 220 px category axis leaves the bars ~90 px and pushes the value axis' title past the screen's edge.
  // Client-only component: reading the viewport here cannot break hydration.
  const narrow = typeof window !== "undefined" && window.matchMedia("(max-width: 575.98px)").matches;
  const height = horizontal ? Math.max(160, spec.data.length * (spec.series.length > 1 ? 44 : 32) + 110) : 340;
  const category = horizontal
    ? <YAxis type="category" dataKey="label" width={narrow ? 100 : 220} tick={{ fill: DSFR_NEUTRAL, fontSize: narrow ? 12 : 13 }} interval={0} />
    : <XAxis type="category" dataKey="label" tick={{ fill: DSFR_NEUTRAL, fontSize: 12 }} interval={0} angle={spec.data.length > 6 ? -30 : 0} textAnchor={spec.data.length > 6 ? "end" : "middle"} height={spec.data.length > 6 ? 70 : 30} />;
  const value = horizontal
    ? <XAxis type="number" tick={{ fill: DSFR_NEUTRAL, fontSize: 12 }} tickFormatter={formatNumber} label={{ value: spec.valueLabel, position: "insideBottom", offset: -4, fill: DSFR_NEUTRAL, fontSize: narrow ? 11 : 13 }} height={44} />
    : <YAxis type="number" tick={{ fill: DSFR_NEUTRAL, fontSize: 12 }} tickFormatter={formatNumber} allowDecimals={false} label={{ value: spec.valueLabel, angle: -90, position: "insideLeft", fill: DSFR_NEUTRAL, fontSize: 13, style: { textAnchor: "middle" } }} width={64} />;
  return (
    <BarChart
      id={id}
      data={spec.data}
      layout={horizontal ? "vertical" : "horizontal"}
      width="100%"
      height={height}
      responsive
      accessibilityLayer={false}
      margin={{ top: 8, right: narrow ? 12 : 24, bottom: 8, left: narrow ? 0 : 8 }}
    >
      <Patterns id={id} series={spec.series} />
      <CartesianGrid stroke="#DDDDDD" horizontal={!horizontal} vertical={horizontal} />
      {category}
      {value}
      <Tooltip formatter={(v) => formatNumber(v)} isAnimationActive={false} />
      {spec.series.length > 1 ? <Legend verticalAlign="top" itemSorter={null} wrapperStyle={{ paddingBottom: 8 }} /> : null}
      {spec.series.map((s, i) => (
        <Bar
          key={s.key}
          dataKey={s.key}
          name={s.label}
          stackId={spec.stacked ? "stack" : undefined}
          fill={`url(#${patternId(id, i)})`}
          stroke="#FFFFFF"
          strokeWidth={1}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  );
}

const SHAPES = ["circle", "triangle", "square", "diamond", "cross", "star"] as const;

function ScatterPanelChart({ id, spec }: { id: string; spec: ScatterChartSpec }) {
  const all = Object.values(spec.points).flat();
  const xTicks = niceTicks(Math.max(0, ...all.map((p) => p.x)));
  const yTicks = niceTicks(Math.max(0, ...all.map((p) => p.y)));
  return (
    <ScatterChart id={id} width="100%" height={380} responsive accessibilityLayer={false} margin={{ top: 8, right: 24, bottom: 24, left: 8 }}>
      <CartesianGrid stroke="#DDDDDD" />
      <XAxis type="number" dataKey="x" name={spec.xLabel} ticks={xTicks} domain={[0, xTicks[xTicks.length - 1]]} tick={{ fill: DSFR_NEUTRAL, fontSize: 12 }} tickFormatter={formatNumber} label={{ value: spec.xLabel, position: "insideBottom", offset: -12, fill: DSFR_NEUTRAL, fontSize: 13 }} />
      <YAxis type="number" dataKey="y" name={spec.yLabel} ticks={yTicks} domain={[0, yTicks[yTicks.length - 1]]} tick={{ fill: DSFR_NEUTRAL, fontSize: 12 }} tickFormatter={formatNumber} width={72} label={{ value: spec.yLabel, angle: -90, position: "insideLeft", fill: DSFR_NEUTRAL, fontSize: 13, style: { textAnchor: "middle" } }} />
      <ZAxis range={[48, 48]} />
      <Tooltip formatter={(v) => formatNumber(v)} isAnimationActive={false} />
      {spec.series.length > 1 ? <Legend verticalAlign="top" itemSorter={null} wrapperStyle={{ paddingBottom: 8 }} /> : null}
      {spec.series.map((s, i) => (
        <Scatter key={s.key} name={s.label} data={spec.points[s.key] ?? []} fill={s.style.color} shape={SHAPES[i % SHAPES.length]} isAnimationActive={false} />
      ))}
    </ScatterChart>
  );
}

export default function Chart({ id, spec }: { id: string; spec: ChartSpec }) {
  return spec.kind === "bar" ? <BarPanelChart id={id} spec={spec} /> : <ScatterPanelChart id={id} spec={spec} />;
}
