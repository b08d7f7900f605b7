/** Printing helpers for commands: results to stdout, messages to stderr. */

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function printLine(text = ''): void {
  process.stdout.write(text + '\n');
}

/** A note for people (not data): stderr, so stdout stays clean for data and `-o -`. */
export function printNote(text: string): void {
  process.stderr.write(text + '\n');
}

/** Formats rows as an aligned text table; the first row is the header. */
export function formatTable(rows: readonly (readonly (string | number)[])[], alignRight: readonly boolean[] = []): string {
  const cells = rows.map((row) => row.map((cell) => String(cell)));
  const widths: number[] = [];
  for (const row of cells) row.forEach((cell, i) => { widths[i] = Math.max(widths[i] ?? 0, cell.length); });
  return cells
    .map((row) => row.map((cell, i) => (alignRight[i] ?? i > 0 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join('  ').trimEnd())
    .join('\n');
}
