/** The benchmark's table: one row per figure, beside its ceiling measured in the same run. */
import { writeFileSync } from 'node:fs';

export interface Row {
  figure: string;
  value: number;
  unit: string;
  /** The ceiling measured in the same run, in the same unit; null when the figure stands alone. */
  baseline: number | null;
  /** value / baseline. */
  ratio: number | null;
  /** What the ratio (or the value, when there is no baseline) must reach, e.g. ">= 0.5"; null: none. */
  target: string | null;
  met: boolean | null;
}

/** A row whose target is a bound on its ratio (or, without a baseline, on its value). */
export function row(
  figure: string,
  value: number,
  unit: string,
  baseline: number | null,
  target: { min?: number; max?: number } | null = null,
): Row {
  const ratio = baseline ? value / baseline : null;
  const measured = ratio ?? value;
  const met = target ? (target.min === undefined || measured >= target.min) && (target.max === undefined || measured <= target.max) : null;
  const text = target
    ? [target.min === undefined ? '' : `>= ${target.min}`, target.max === undefined ? '' : `<= ${target.max}`].filter(Boolean).join(' and ')
    : null;
  return { figure, value, unit, baseline, ratio, target: text, met };
}

function show(value: number | null): string {
  if (value === null) return '';
  if (Math.abs(value) >= 100) return Math.round(value).toLocaleString('en');
  return value.toFixed(Math.abs(value) >= 10 ? 1 : 2);
}

/** The rows as a Markdown table: the same text is printed and pasted into the README. */
export function table(rows: Row[]): string {
  const lines = ['| Figure | Value | Unit | Baseline | Ratio | Target | Met |', '| --- | ---: | --- | ---: | ---: | --- | --- |'];
  for (const r of rows) {
    const met = r.met === null ? '' : r.met ? 'yes' : '**no**';
    lines.push(`| ${r.figure} | ${show(r.value)} | ${r.unit} | ${show(r.baseline)} | ${show(r.ratio)} | ${r.target ?? ''} | ${met} |`);
  }
  return lines.join('\n');
}

export function writeResults(file: string | URL, rows: Row[]): void {
  writeFileSync(file, `${JSON.stringify(rows, null, 2)}\n`);
}
