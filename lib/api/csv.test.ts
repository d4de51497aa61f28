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

  it("breaks the download when a chunk fails, rather than ending a file that looks whole", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = csvStreamResponse("x.csv", ["a"], chunks([{ a: 1 }], new Error("database gone")));
    await expect(response.text()).rejects.toThrow("database gone");
    expect(logged).toHaveBeenCalledOnce();
    logged.mockRestore();
  });
});
