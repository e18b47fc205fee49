// The CSV export stream: a failure on the first read becomes an error response (the route's JSON
// error), never a 200 that stops after its header line (#18 item 12).
import { describe, expect, it } from "vitest";
import { csvStreamResponse } from "./csv-stream";

describe("csvStreamResponse", () => {
  it("fails before answering when the first batch cannot be read", async () => {
    async function* failing(): AsyncGenerator<number[]> {
      throw new Error("relation does not exist");
    }
    await expect(csvStreamResponse("x", ["n"], failing(), (n) => [n])).rejects.toThrow(
      "relation does not exist",
    );
  });

  it("streams the header, then every batch in order", async () => {
    async function* batches(): AsyncGenerator<number[]> {
      yield [1, 2];
      yield [3];
    }
    const response = await csvStreamResponse("x", ["n"], batches(), (n) => [n]);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe("n\r\n1\r\n2\r\n3\r\n");
  });
});
