import { describe, expect, it } from "vitest";
import type { MonthlyReport } from "./report";
import { reportNotes } from "./report";
import { escapeHtml, escapeMarkdown, renderReportHtml, renderReportMarkdown } from "./report-render";

const totals = { contributions: 30, contributors: 6, activeMembers: 40, newMembers: 3, newContributors: 1 };
const report: MonthlyReport = {
  month: "2024-03",
  previousMonth: "2024-02",
  inProgress: false,
  comparison: "compared with February 2024",
  totals,
  previousTotals: { ...totals, contributions: 20 },
  trailingContributions: [10, 10, 10, 10, 10, 10],
  trailingActiveMembers: [40, 40, 40, 40, 40, 40],
  topContributors: [{ id: 1, name: "<script>alert(1)</script>", value: 12, previous: 6 }],
  mostActive: [{ id: 2, name: "Bob | *bold*", value: 9, previous: 12 }],
  topOrgsByContributions: [{ id: 3, name: "Acquia", value: 10, previous: 0 }],
  topOrgsByActivity: [],
  newContributors: [{ id: 4, name: "Eve <img src=x onerror=alert(1)>" }],
  newMembers: [],
  notes: [],
};

describe("an in-progress month", () => {
  it("says it is month to date in both exports", () => {
    const partial = {
      ...report,
      inProgress: true,
      comparison: "month to date (1–6 Mar), compared with the same days of the previous month (1–6 Feb)",
    };
    expect(renderReportMarkdown(partial)).toContain("_The month is not over: month to date \\(1–6 Mar\\)");
    expect(renderReportHtml(partial)).toContain("The month is not over: month to date (1–6 Mar)");
    expect(renderReportMarkdown(report)).not.toContain("not over");
  });
});

describe("renderReportHtml", () => {
  const html = renderReportHtml(report);
  it("escapes every name", () => {
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });
  it("shows changes with arrows", () => {
    expect(html).toContain("▲ 100%");
    expect(html).toContain("▼ 25%");
    expect(html).toContain("new");
    expect(html).toContain("March 2024");
  });
});

describe("renderReportMarkdown", () => {
  const md = renderReportMarkdown(report);
  it("escapes table and emphasis syntax", () => {
    expect(md).toContain("Bob \\| \\*bold\\*");
    expect(md).not.toContain("<script>");
  });
  it("lists totals with month-over-month change", () => {
    expect(md).toMatch(/\| Contributions \| 30 \| ▲ 50% \|/);
    expect(md).toContain("_None this month._");
  });
});

describe("reportNotes", () => {
  it.each([
    { contributions: 16, notes: 1 },
    { contributions: 15, notes: 0 },
    { contributions: 4, notes: 1 },
  ])("$contributions against a mean of 10 → $notes note(s)", ({ contributions, notes }) => {
    expect(
      reportNotes({
        totals: { ...totals, contributions },
        trailingContributions: report.trailingContributions,
        trailingActiveMembers: report.trailingActiveMembers,
      }),
    ).toHaveLength(notes);
  });
});

it.each([
  ["a & b", "a &amp; b"],
  [`"q" 'q'`, "&quot;q&quot; &#39;q&#39;"],
])("escapeHtml(%s)", (input, output) => expect(escapeHtml(input)).toBe(output));
it("escapeMarkdown flattens newlines", () => expect(escapeMarkdown("a\n# b")).toBe("a \\# b"));
