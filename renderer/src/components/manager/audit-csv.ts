/**
 * The audit log as a CSV file a manager opens in Excel or WPS: a UTF-8 byte-order mark (without
 * it Excel reads Chinese as mojibake), CRLF line ends, RFC 4180 quoting, and a leading apostrophe
 * on cells that start like a formula (=, +, -, @) so a name cannot run as one when opened.
 */
export function csvCell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: string[], rows: string[][]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}
