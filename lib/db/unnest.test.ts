import { describe, expect, it } from "vitest";
import { Prisma } from "@/lib/generated/prisma/client";
import { unnestRows, writeInChunks } from "./unnest";

describe("unnestRows", () => {
  it("sends each column as one typed array parameter, sliced to the chunk", () => {
    const rows = unnestRows({ id: ["int", [1, 2, 3]], name: ["text", ["a", "b", null]] }, 1, 3);
    expect(rows.text).toBe("unnest($1::int[], $2::text[]) as u(id, name)");
    expect(rows.values).toEqual([
      [2, 3],
      ["b", null],
    ]);
  });

  it.each([["id; drop table members"], ["Name"], ["x y"]])("refuses %j as a column name", (name) => {
    expect(() => unnestRows({ [name]: ["int", [1]] })).toThrow(/not a plain identifier/);
  });
});

describe("writeInChunks", () => {
  it("runs one statement per chunk and adds up what they wrote", async () => {
    const sent: Prisma.Sql[] = [];
    const client = { $executeRaw: async (q: Prisma.Sql) => (sent.push(q), q.values[0] as unknown[]).length };
    const written = await writeInChunks(
      client as never,
      { id: ["int", [1, 2, 3, 4, 5]] },
      (rows) => Prisma.sql`insert into t (id) select id from ${rows}`,
      2,
    );
    expect(written).toBe(5);
    expect(sent.map((q) => q.values[0])).toEqual([[1, 2], [3, 4], [5]]);
    expect(sent[0].text).toBe("insert into t (id) select id from unnest($1::int[]) as u(id)");
  });

  it("refuses columns of different lengths", async () => {
    await expect(
      writeInChunks(
        { $executeRaw: async () => 0 } as never,
        { a: ["int", [1]], b: ["int", [1, 2]] },
        (r) => r,
      ),
    ).rejects.toThrow(/different lengths/);
  });
});
