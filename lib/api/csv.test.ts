import { describe, expect, it, vi } from "vitest";
import { csvStreamResponse, csvText } from "./csv";

async function* chunks<T>(...parts: (T[] | Error)[]): AsyncGenerator<T[]> {
  for (const part of parts) {
    if (part instanceof Error) throw part;
    yield part;
  }
}

describe("CSV", () => {
  it("writes the header, then one line per row, quoting what needs it and defusing formulas", () => {
    expect(csvText([{ a: "x,y", b: 1.5, c: null }, { a: "=SUM(A1)", b: 'said "hi"', c: "two\nlines" }], ["a", "b", "c"])).toBe(
      'a,b,c\r\n"x,y",1.5,\r\n\'=SUM(A1),"said ""hi""","two\nlines"\r\n',
    );
    expect(csvText([], ["a", "b"])).toBe("a,b\r\n");
  });

  it("streams the header and then each chunk's rows, the same text as written at once", async () => {
    const rows = [{ a: 1 }, { a: "+2" }, { a: 3 }];
    const response = csvStreamResponse("x.csv", ["a"], chunks(rows.slice(0, 2), [], rows.slice(2)));
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="x.csv"');
    expect(await response.text()).toBe(csvText(rows, ["a"]));
  });

  it("reads a chunk only when the client wants more, and stops reading when the client goes away", async () => {
    let read = 0;
    let stopped = false;
    async function* endless() {
      try {
        for (;;) {
          read++;
          yield [{ a: read }];
        }
      } finally {
        stopped = true;
      }
    }
    const reader = csvStreamResponse("x.csv", ["a"], endless()).body!.getReader();
    const decoder = new TextDecoder();
    expect(decoder.decode((await reader.read()).value)).toBe("a\r\n");
    expect(decoder.decode((await reader.read()).value)).toBe("1\r\n");
    await reader.cancel();
    expect(stopped).toBe(true);
    // The stream pulls at most one chunk ahead of what was read.
    expect(read).toBeLessThanOrEqual(2);
  });

  it("breaks the download when a chunk fails, rather than ending a file that looks whole", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = csvStreamResponse("x.csv", ["a"], chunks([{ a: 1 }], new Error("database gone")));
    await expect(response.text()).rejects.toThrow("database gone");
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});
