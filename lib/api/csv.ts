import Papa from "papaparse";

/**
 * A table as a CSV download. Values are written as they are (numbers unformatted,
 * dollars as decimal numbers) so that spreadsheets can compute with them; cells
 * that a spreadsheet would run as a formula are quoted with a leading apostrophe.
 */
export function csvResponse(filename: string, rows: Record<string, unknown>[], columns: string[]): Response {
  const safe = rows.map((row) =>
    Object.fromEntries(columns.map((c) => {
      const value = row[c];
      return [c, typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : (value ?? "")];
    })),
  );
  const body = Papa.unparse({ fields: columns, data: safe.map((r) => columns.map((c) => r[c])) }, { newline: "\r\n" });
  return new Response(`${body}\r\n`, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]+/g, "-")}"`,
      "cache-control": "no-store",
    },
  });
}
