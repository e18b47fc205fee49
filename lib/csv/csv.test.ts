// Tests for components/data-table/csv.ts. They live here because the vitest "unit" project
// only collects lib/** and scripts/**.
import { describe, expect, it } from "vitest";
import { csvFilename, formatCsvCell, toCsv } from "@/components/data-table/csv";

describe("formatCsvCell", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    [null, ""],
    [undefined, ""],
    [42, "42"],
    [-12.5, "-12.5"],
    [true, "true"],
    [Number.NaN, ""],
    [Number.POSITIVE_INFINITY, ""],
    [new Date("2025-01-31T12:00:00Z"), "2025-01-31T12:00:00.000Z"],
    [new Date("invalid"), ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line1\nline2", '"line1\nline2"'],
    ["cr\rhere", '"cr\rhere"'],
    ["=SUM(A1:A2)", "'=SUM(A1:A2)"],
    ["+1", "'+1"],
    ["-1", "'-1"],
    ["@cmd", "'@cmd"],
    ["\tTAB", "'\tTAB"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ["a=b", "a=b"],
    [" =padded", " =padded"],
  ] as const)("formats %j as %j", (input, expected) => {
    expect(formatCsvCell(input)).toBe(expected);
  });
});

describe("toCsv", () => {
  it("writes bigint values as digits", () => {
    expect(toCsv(["n"], [[10n]])).toBe("n\r\n10\r\n");
  });

  it("writes a header and CRLF-terminated rows", () => {
    expect(
      toCsv(
        ["name", "mrr"],
        [
          ["Acme", 120],
          ["Beta, Inc", -5],
        ],
      ),
    ).toBe('name,mrr\r\nAcme,120\r\n"Beta, Inc",-5\r\n');
  });

  it("escapes headers like any other cell", () => {
    expect(toCsv(["=evil", 'q"uote'], [])).toBe('\'=evil,"q""uote"\r\n');
  });

  it("accepts any iterable of rows", () => {
    function* rows() {
      yield ["a", null] as const;
      yield [undefined, "b"] as const;
    }
    expect(toCsv(["x", "y"], rows())).toBe("x,y\r\na,\r\n,b\r\n");
  });
});

describe("csvFilename", () => {
  it("slugs the base name and appends the date", () => {
    expect(csvFilename("upgrade candidates/2", new Date("2025-03-04T00:00:00Z"))).toBe(
      "upgrade-candidates-2-2025-03-04.csv",
    );
    expect(csvFilename("***", new Date("2025-03-04T00:00:00Z"))).toBe("export-2025-03-04.csv");
  });
});
