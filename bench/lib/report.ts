/**
 * One printed line per figure (figure, value, unit, and against a target: PASS or FAIL), kept as rows
 * for bench/results/<name>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { root } from './paths.js';
import { round } from './stats.js';

export type Target = { max?: number; min?: number; text: string };
export type Row = { figure: string; value: number; unit: string; target?: string; pass?: boolean };
export type Report = (figure: string, value: number, unit: string, target?: Target) => void;

/** Column widths of the printed lines; values are rounded to `digits`. */
export interface Layout {
  digits: number;
  figure: number;
  value: number;
  unit: number;
  target: number;
}

export function createReport(layout: Layout): { rows: Row[]; report: Report } {
  const rows: Row[] = [];
  const report: Report = (figure, value, unit, target) => {
    const pass = target
      ? (target.max === undefined || value <= target.max) && (target.min === undefined || value >= target.min)
      : undefined;
    const shown = round(value, layout.digits);
    rows.push({
      figure,
      value: shown,
      unit,
      ...(target ? { target: target.text, pass: pass as boolean } : {}),
    });
    console.log(
      `${figure.padEnd(layout.figure)} ${String(shown).padStart(layout.value)} ${unit.padEnd(layout.unit)} ${target ? `${target.text.padEnd(layout.target)} ${pass ? 'PASS' : 'FAIL'}` : ''}`,
    );
  };
  return { rows, report };
}

/** The closing line: how many targets were met and which were missed. */
export function printSummary(rows: Row[]): void {
  const failed = rows.filter((r) => r.pass === false);
  console.log(
    `\n${rows.filter((r) => r.pass).length} targets met, ${failed.length} missed${failed.length ? `: ${failed.map((r) => r.figure).join('; ')}` : ''}`,
  );
}

/** Writes bench/results/<file>: when, which node, `extra`, and the rows. */
export function writeResults(file: string, rows: Row[], extra: Record<string, unknown> = {}): void {
  mkdirSync(`${root}bench/results`, { recursive: true });
  writeFileSync(
    `${root}bench/results/${file}`,
    `${JSON.stringify({ at: new Date().toISOString(), node: process.version, ...extra, rows }, null, 2)}\n`,
  );
}
