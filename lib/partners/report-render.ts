// Renders the monthly report as Markdown and as a self-contained HTML page, ready to post.
// Every member- or organisation-provided string is escaped: names come from imports and profiles.
import { monthOverMonth, formatChange } from "./changes";
import { changeText, monthLabel, type MonthlyReport, type RankedEntry } from "./report";

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"'`]/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "`": "&#96;" })[c]!,
  );
}

/** Escapes Markdown syntax (and raw HTML) so a name renders as the literal text. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, (c) => `\\${c}`)
    .replace(/&/g, "&amp;");
}

const count = (n: number) => new Intl.NumberFormat("en-US").format(n);

interface Section {
  title: string;
  unit: string;
  entries: RankedEntry[];
}

function sections(report: MonthlyReport): Section[] {
  return [
    { title: "Top contributors", unit: "contributions", entries: report.topContributors },
    { title: "Most active members", unit: "activities", entries: report.mostActive },
    {
      title: "Top organisations by contributions",
      unit: "contributions",
      entries: report.topOrgsByContributions,
    },
    { title: "Top organisations by activity", unit: "activities", entries: report.topOrgsByActivity },
  ];
}

function totalsRows(report: MonthlyReport): [string, number, string][] {
  const t = report.totals;
  const p = report.previousTotals;
  const row = (label: string, now: number, before: number): [string, number, string] => [
    label,
    now,
    formatChange(monthOverMonth(now, before)),
  ];
  return [
    row("Contributions", t.contributions, p.contributions),
    row("Contributors", t.contributors, p.contributors),
    row("Active members", t.activeMembers, p.activeMembers),
    row("New members", t.newMembers, p.newMembers),
    row("New contributors", t.newContributors, p.newContributors),
  ];
}

export function renderReportMarkdown(report: MonthlyReport, title = "Community report"): string {
  const lines: string[] = [`# ${escapeMarkdown(title)}: ${monthLabel(report.month)}`, ""];
  if (report.inProgress) lines.push(`_The month is not over: ${escapeMarkdown(report.comparison)}._`, "");
  lines.push("| | This month | vs last month |", "|---|---:|---:|");
  for (const [label, value, change] of totalsRows(report))
    lines.push(`| ${label} | ${count(value)} | ${change} |`);
  lines.push("");
  for (const s of sections(report)) {
    lines.push(`## ${s.title}`, "");
    if (s.entries.length === 0) lines.push("_None this month._");
    else {
      lines.push(`| # | Name | ${s.unit} | vs last month |`, "|---:|---|---:|---:|");
      s.entries.forEach((e, i) =>
        lines.push(`| ${i + 1} | ${escapeMarkdown(e.name)} | ${count(e.value)} | ${changeText(e)} |`),
      );
    }
    lines.push("");
  }
  for (const [heading, people] of [
    ["New contributors", report.newContributors],
    ["New members", report.newMembers],
  ] as const) {
    lines.push(`## ${heading}`, "");
    lines.push(
      people.length
        ? `Welcome ${people.map((p) => escapeMarkdown(p.name)).join(", ")}!`
        : "_None this month._",
      "",
    );
  }
  if (report.notes.length) {
    lines.push("## Notes", "");
    for (const note of report.notes) lines.push(`- ${escapeMarkdown(note)}`);
    lines.push("");
  }
  return lines.join("\n");
}

const CSS = `body{font-family:system-ui,sans-serif;max-width:760px;margin:2rem auto;padding:0 1rem;color:#0f172a}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1.5rem}th,td{border-bottom:1px solid #e2e8f0;padding:.35rem .5rem;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}.up{color:#047857}.down{color:#b91c1c}h2{margin-top:2rem}`;

function changeCell(text: string): string {
  const cls = text.startsWith("▲") ? "up" : text.startsWith("▼") ? "down" : "";
  return `<td class="n ${cls}">${escapeHtml(text)}</td>`;
}

export function renderReportHtml(report: MonthlyReport, title = "Community report"): string {
  const heading = `${escapeHtml(title)}: ${escapeHtml(monthLabel(report.month))}`;
  const out: string[] = [
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${heading}</title><style>${CSS}</style></head><body>`,
    `<h1>${heading}</h1>`,
    ...(report.inProgress
      ? [`<p><em>The month is not over: ${escapeHtml(report.comparison)}.</em></p>`]
      : []),
    `<table><thead><tr><th></th><th class="n">This month</th><th class="n">vs last month</th></tr></thead><tbody>`,
    ...totalsRows(report).map(
      ([label, value, change]) =>
        `<tr><td>${escapeHtml(label)}</td><td class="n">${count(value)}</td>${changeCell(change)}</tr>`,
    ),
    `</tbody></table>`,
  ];
  for (const s of sections(report)) {
    out.push(`<h2>${escapeHtml(s.title)}</h2>`);
    if (s.entries.length === 0) out.push(`<p><em>None this month.</em></p>`);
    else {
      out.push(
        `<table><thead><tr><th class="n">#</th><th>Name</th><th class="n">${escapeHtml(s.unit)}</th><th class="n">vs last month</th></tr></thead><tbody>`,
      );
      s.entries.forEach((e, i) =>
        out.push(
          `<tr><td class="n">${i + 1}</td><td>${escapeHtml(e.name)}</td><td class="n">${count(e.value)}</td>${changeCell(changeText(e))}</tr>`,
        ),
      );
      out.push(`</tbody></table>`);
    }
  }
  for (const [heading2, people] of [
    ["New contributors", report.newContributors],
    ["New members", report.newMembers],
  ] as const) {
    out.push(`<h2>${heading2}</h2>`);
    out.push(
      people.length
        ? `<p>Welcome ${people.map((p) => escapeHtml(p.name)).join(", ")}!</p>`
        : `<p><em>None this month.</em></p>`,
    );
  }
  if (report.notes.length)
    out.push(`<h2>Notes</h2><ul>${report.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join("")}</ul>`);
  out.push(`</body></html>`);
  return out.join("\n");
}
