/** One CSV record (no line ending): values quoted only when they hold a comma, a quote or a line break. */
export function csvRecord(values: readonly string[]): string {
  return values.map((value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value)).join(',');
}
