/**
 * A plain text table for the terminal: columns padded to their widest cell, a rule under the
 * headers unless `rule` is false, every line after `indent`.
 */
export function table(headers: string[], rows: string[][], options: { indent?: string; rule?: boolean } = {}): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: string[]) =>
    `${options.indent ?? ''}${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')}`.trimEnd();
  const rule = options.rule === false ? [] : [line(widths.map((width) => '-'.repeat(width)))];
  return [line(headers), ...rule, ...rows.map(line)].join('\n');
}
