import Papa from "papaparse";

/**
 * A table as a CSV download. Values are written as they are (numbers unformatted,
 * dollars as decimal numbers) so that spreadsheets can compute with them; cells
 * that a spreadsheet would run as a formula are quoted with a leading apostrophe.
 */
export function csvText(rows: Record<string, unknown>[], columns: string[]): string {
  const safe = rows.map((row) =>
    columns.map((c) => {
      const value = row[c];
      return typeof value === "string" && /^[=+\-@\t\r]/.test(value) ? `'${value}` : (value ?? "");
    }),
  );
  return `${Papa.unparse({ fields: columns, data: safe }, { newline: "\r\n" })}\r\n`;
}

export function csvResponse(filename: string, rows: Record<string, unknown>[], columns: string[]): Response {
  return new Response(csvText(rows, columns), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${filename.replace(/[^\w.-]+/g, "-")}"`,
      "cache-control": "no-store",
    },
  });
}
