// Business-metric points from a CSV file: a header row naming metric, timestamp
// (or date) and value, then one point per row. Rows are numbered as a spreadsheet
// shows them (the header is row 1), so an error points at the row to fix.
import Papa from "papaparse";

export const MAX_CSV_ROWS = 100_000;

export interface CsvPoints {
  /** Points in file order, values as numbers where they read as numbers. */
  points: { row: number; raw: { metric: string; timestamp: string; value: number | string } }[];
  /** Problems with the file itself (no header, wrong columns), not with single rows. */
  fileError: string | null;
}

const COLUMN_ALIASES: Record<string, "metric" | "timestamp" | "value"> = {
  metric: "metric",
  name: "metric",
  timestamp: "timestamp",
  time: "timestamp",
  date: "timestamp",
  day: "timestamp",
  value: "value",
};

/** "1,234.5" and "1234.5" read as numbers; anything else stays text and is refused later with its row. */
function readNumber(text: string): number | string {
  const trimmed = text.trim().replace(/,(?=\d{3}(\D|$))/g, "");
  return trimmed !== "" && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(trimmed) ? Number(trimmed) : text;
}

export function parseCsvPoints(text: string): CsvPoints {
  // Blank lines are kept by the parser and skipped here, so that row numbers stay those of the file.
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ""), { skipEmptyLines: false });
  const blank = (cells: string[]) => cells.every((c) => c.trim() === "");
  const [header, ...rows] = parsed.data;
  if (!header || blank(header)) return { points: [], fileError: "The file is empty." };
  const columns = header.map((h) => COLUMN_ALIASES[h.trim().toLowerCase()]);
  const index = (name: "metric" | "timestamp" | "value") => columns.indexOf(name);
  const missing = (["metric", "timestamp", "value"] as const).filter((c) => index(c) < 0);
  if (missing.length) {
    return { points: [], fileError: `The first row must name the columns metric, timestamp (or date) and value; ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} missing (found: ${header.join(", ") || "nothing"}).` };
  }
  const filled = rows.map((cells, i) => ({ cells, row: i + 2 })).filter(({ cells }) => !blank(cells));
  if (filled.length > MAX_CSV_ROWS) return { points: [], fileError: `The file has ${filled.length} rows; import at most ${MAX_CSV_ROWS} at a time.` };
  return {
    fileError: null,
    points: filled.map(({ cells, row }) => ({
      row,
      raw: {
        metric: (cells[index("metric")] ?? "").trim(),
        timestamp: (cells[index("timestamp")] ?? "").trim(),
        value: readNumber(cells[index("value")] ?? ""),
      },
    })),
  };
}
