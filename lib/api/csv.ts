import Papa from "papaparse";

/** Cells a spreadsheet would run as a formula get a leading apostrophe. */
function safeCells(rows: Record<string, unknown>[], columns: string[]): unknown[][] {
  return rows.map((row) =>
    columns.map((c) => {
      const value = row[c];
      return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : (value ?? "");
    }),
  );
}

/** Rows as CSV lines without the header, each ending in CRLF ("" for none). */
function csvLines(rows: Record<string, unknown>[], columns: string[]): string {
  return rows.length === 0 ? "" : `${Papa.unparse(safeCells(rows, columns), { newline: "\r\n" })}\r\n`;
}

/**
 * A table as a CSV download. Values are written as they are (numbers unformatted,
 * dollars as decimal numbers) so that spreadsheets can compute with them; cells
 * that a spreadsheet would run as a formula are quoted with a leading apostrophe.
 */
export function csvText(rows: Record<string, unknown>[], columns: string[]): string {
  return `${Papa.unparse([columns], { newline: "\r\n" })}\r\n${csvLines(rows, columns)}`;
}

const csvHeaders = (filename: string) => ({
  "content-type": "text/csv; charset=utf-8",
  "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]+/g, "-")}"`,
  "cache-control": "no-store",
});

export function csvResponse(filename: string, rows: Record<string, unknown>[], columns: string[]): Response {
  return new Response(csvText(rows, columns), { headers: csvHeaders(filename) });
}

/**
 * A CSV download written as `chunks` yields its rows, one chunk read at a time when the
 * client is ready for more: a table of any length in one file, in bounded memory. A chunk
 * that fails to load aborts the download, so the client sees a broken transfer rather than
 * a file that looks whole.
 */
export function csvStreamResponse(filename: string, columns: string[], chunks: AsyncIterator<Record<string, unknown>[]>): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(csvText([], columns)));
    },
    async pull(controller) {
      try {
        const next = await chunks.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvLines(next.value, columns)));
      } catch (error) {
        console.error(`[frugal] ${filename}: the export stopped part way:`, error instanceof Error ? error.message : error);
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return?.();
    },
  });
  return new Response(body, { headers: csvHeaders(filename) });
}
