import { describe, expect, it } from "vitest";
import { filtersToSearch, parseDashboardFilters, parseExceedingSort, referentBucket } from "../../../app/domain/dashboards/filters.ts";
import { assistanceBin, histogram, share, workloadRow, formatShare, formatHours } from "../../../app/domain/dashboards/workload.ts";
import { contrastRatio, DSFR_SERIES } from "../../../app/domain/dashboards/palette.ts";
import { csvField, csvHref, formatCell, tableCsv } from "../../../app/domain/dashboards/table.ts";
import { audienceSchoolYear, notStarted } from "../../../app/domain/dashboards/participation.ts";
import { histogramTable, participationTable, workloadChart, workloadTable } from "../../../app/domain/dashboards/charts.ts";

describe("dashboard filters in the URL", () => {
  it("reads every filter and writes it back in a stable order", () => {
    const query = "annee=2025-2026&annee=2024-2025&type=LYCEE&type=COLLEGE&departement=035&bassin=R1&secteur=PRIVATE&ep=REP%2B&referents=3%2B&decoupage=bassin&academie=abc";
    const f = parseDashboardFilters(new URLSearchParams(query));
    expect(f).toEqual({
      academyId: "abc", schoolYears: ["2024-2025", "2025-2026"], types: ["COLLEGE", "LYCEE"], departmentCode: "035", basinCode: "R1",
      sector: "PRIVATE", priority: "REP+", referents: "3+", zoneLevel: "bassin",
    });
    expect(filtersToSearch(f)).toBe("?academie=abc&annee=2024-2025&annee=2025-2026&type=COLLEGE&type=LYCEE&departement=035&bassin=R1&secteur=PRIVATE&ep=REP%2B&referents=3%2B&decoupage=bassin");
    expect(parseDashboardFilters(new URLSearchParams(filtersToSearch(f)))).toEqual(f);
  });

  it("drops malformed values instead of failing a shared link", () => {
    const f = parseDashboardFilters(new URLSearchParams("annee=2025-2027&annee=abc&annee=2025-2026&type=ECOLE&secteur=x&ep=REP%2B%2B&referents=4&decoupage=commune&departement=%27%3B--&academie=a%20b"));
    expect(f).toEqual({ academyId: undefined, schoolYears: ["2025-2026"], types: [], departmentCode: undefined, basinCode: undefined, sector: undefined, priority: undefined, referents: undefined, zoneLevel: "departement" });
    expect(filtersToSearch(parseDashboardFilters(new URLSearchParams()))).toBe("");
    expect(parseExceedingSort("part")).toBe("part");
    expect(parseExceedingSort("toString")).toBe("ecart");
    expect(parseExceedingSort(null)).toBe("ecart");
  });

  it("puts declared referent counts in buckets", () => {
    expect([1, 2, 3, 7].map(referentBucket)).toEqual(["1", "2", "3+", "3+"]);
  });
});

describe("workload shares", () => {
  const sums = { pedagogical_support: 10, leadership_advice: 2, assistance: 6, online_services: 1, communication: 0.5, training: 0.5 };

  it("gives the mean hours per referent (to the hundredth) and the assistance share of all hours", () => {
    expect(workloadRow({ key: "COLLEGE", label: "Collège", responses: 3, sums })).toEqual({
      key: "COLLEGE", label: "Collège", responses: 3,
      means: { pedagogical_support: 3.33, leadership_advice: 0.67, assistance: 2, online_services: 0.33, communication: 0.17, training: 0.17 },
      totalMean: 6.67, assistanceShare: 0.3,
    });
    const zero = workloadRow({ key: "x", label: "x", responses: 1, sums: { ...sums, pedagogical_support: 0, leadership_advice: 0, assistance: 0, online_services: 0, communication: 0, training: 0 } });
    expect(zero.assistanceShare).toBeNull();
  });

  it("bins the assistance share by ten points, 100 % in the last bin, nothing without hours", () => {
    expect(assistanceBin(0, 10)).toBe(0);
    expect(assistanceBin(0.99, 10)).toBe(0);
    expect(assistanceBin(1, 10)).toBe(1);
    expect(assistanceBin(3, 10)).toBe(3); // 0.3 × 10 would give 3.0000000000000004 with the naive formula
    expect(assistanceBin(7, 10)).toBe(7);
    expect(assistanceBin(10, 10)).toBe(9);
    expect(assistanceBin(0, 0)).toBeNull();
    const h = histogram([{ bin: 2, count: 3 }, { bin: 9, count: 1 }]);
    expect(h.map((b) => b.count)).toEqual([0, 0, 3, 0, 0, 0, 0, 0, 0, 1]);
    expect(h[9].label).toBe("90 à 100 %");
    expect(h[2].label).toBe("20 à moins de 30 %");
  });

  it("formats shares and hours the French way", () => {
    expect(share(1, 3)).toBe(0.333);
    expect(share(1, 0)).toBeNull();
    expect(formatShare(0.333).replace(/\s/g, " ")).toBe("33,3 %");
    expect(formatShare(null)).toBe("—");
    expect(formatHours(2.5).replace(/\u00a0/g, " ")).toBe("2,5 h");
  });
});

describe("chart palette", () => {
  it("uses DSFR colours with at least 3:1 contrast on white, and a distinct pattern per series", () => {
    for (const s of DSFR_SERIES) expect(contrastRatio(s.color, "#FFFFFF"), s.colorName).toBeGreaterThanOrEqual(3);
    expect(new Set(DSFR_SERIES.map((s) => s.pattern)).size).toBe(DSFR_SERIES.length);
    expect(contrastRatio("#000000", "#FFFFFF")).toBeCloseTo(21, 5);
  });
});

describe("panel tables and CSV", () => {
  const rows = [workloadRow({ key: "LYCEE", label: "Lycée", responses: 2, sums: { pedagogical_support: 3, leadership_advice: 1, assistance: 5, online_services: 1, communication: 0, training: 0 } })];

  it("draws and tabulates the same numbers", () => {
    const chart = workloadChart(rows);
    const table = workloadTable(rows, "Type");
    expect(chart.data[0]).toEqual({ label: "Lycée", pedagogical_support: 1.5, leadership_advice: 0.5, assistance: 2.5, online_services: 0.5, communication: 0, training: 0 });
    expect(table.rows[0].cells).toEqual(["Lycée", 2, 1.5, 0.5, 2.5, 0.5, 0, 0, 5, 50]);
    expect(table.columns[2]).toBe("Accompagnement pédagogique (h/semaine)");
  });

  it("writes a CSV for French spreadsheets: separator, decimal comma, BOM, neutralised formulas", () => {
    const csv = tableCsv(workloadTable(rows, "Type"));
    expect(csv.startsWith("\uFEFFType;Bilans;Accompagnement pédagogique (h/semaine)")).toBe(true);
    expect(csv.split("\r\n")[1]).toBe("Lycée;2;1,5;0,5;2,5;0,5;0;0;5;50");
    expect(csvField("=1+1")).toBe("'=1+1");
    expect(csvField('a;"b"')).toBe('"a;""b"""');
    expect(csvField(null)).toBe("");
    expect(decodeURIComponent(csvHref(histogramTable(histogram([{ bin: 0, count: 2 }]))).replace("data:text/csv;charset=utf-8,", ""))).toContain("0 à moins de 10 %;2");
    expect(formatCell(1234.5).replace(/\s/g, " ")).toBe("1 234,5");
    expect(formatCell(null)).toBe("—");
  });

  it("tabulates participation with the response rate in percent", () => {
    expect(participationTable([{ key: "c", label: "Campagne", invited: 6, submitted: 4, drafts: 1, notStarted: 1, rate: 0.667 }], "Campagne").rows[0].cells).toEqual(["Campagne", 6, 4, 1, 1, 66.7]);
  });
});

describe("participation rules", () => {
  it("takes the audience of a campaign from the school year it covers, whenever it runs", () => {
    expect(audienceSchoolYear({ schoolYearId: "2025-2026" })).toBe("2025-2026");
    expect(audienceSchoolYear({ schoolYearId: "2024-2025" })).toBe("2024-2025");
    expect(notStarted({ invited: 5, submitted: 3, drafts: 1 })).toBe(1);
    expect(notStarted({ invited: 1, submitted: 2, drafts: 0 })).toBe(0);
  });
});
