/**
 * The classification report every classifier of arcompress prints: precision, recall, F1 and
 * support per class, accuracy, macro and weighted averages (the layout of scikit-learn's
 * `classification_report`, so figures read side by side with the published "MNIST by zip" notebook),
 * and the confusion matrix. Pure data in, data or text out: nothing here prints.
 */
import { ErrorCode, fail } from '../errors.js';

export interface ClassScores {
  name: string;
  precision: number;
  recall: number;
  f1: number;
  /** Number of images whose true class is this one. */
  support: number;
}

export interface AverageScores {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassificationReport {
  classes: ClassScores[];
  accuracy: number;
  /** Number of images scored. */
  support: number;
  macroAverage: AverageScores;
  weightedAverage: AverageScores;
  /** confusion[t][p]: images of true class t predicted as class p. */
  confusion: number[][];
}

export interface ReportOptions {
  /** Names printed for the classes 0..K−1 (default: the indices). */
  classNames?: readonly string[];
  /** K, when no names are given (default: 1 + the largest index seen). */
  classCount?: number;
}

/** A ratio whose denominator may be zero: 0, as scikit-learn reports it (`zero_division=0`). */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

/**
 * The report for predictions of class indices 0..K−1. `trueClasses[i]` and `predictedClasses[i]`
 * are indices, not dataset label values.
 */
export function classificationReport(
  trueClasses: ArrayLike<number>,
  predictedClasses: ArrayLike<number>,
  options: ReportOptions = {},
): ClassificationReport {
  if (trueClasses.length !== predictedClasses.length) {
    fail(ErrorCode.BadArgument, `classification report: ${trueClasses.length} true classes but ${predictedClasses.length} predictions`);
  }
  let largest = -1;
  for (let i = 0; i < trueClasses.length; i++) largest = Math.max(largest, trueClasses[i], predictedClasses[i]);
  const classCount = options.classNames?.length ?? options.classCount ?? largest + 1;
  if (largest >= classCount) fail(ErrorCode.BadArgument, `classification report: class index ${largest} but only ${classCount} classes`);
  const names = options.classNames ?? Array.from({ length: classCount }, (_, c) => String(c));

  const confusion = Array.from({ length: classCount }, () => new Array<number>(classCount).fill(0));
  for (let i = 0; i < trueClasses.length; i++) {
    const t = trueClasses[i];
    const p = predictedClasses[i];
    if (!Number.isInteger(t) || !Number.isInteger(p) || t < 0 || p < 0) {
      fail(ErrorCode.BadArgument, `classification report: class indices must be integers ≥ 0, found ${t} and ${p} at ${i}`);
    }
    confusion[t][p] += 1;
  }

  const total = trueClasses.length;
  let correct = 0;
  const classes: ClassScores[] = names.map((name, c) => {
    const truePositives = confusion[c][c];
    correct += truePositives;
    let predictedAsC = 0;
    for (let t = 0; t < classCount; t++) predictedAsC += confusion[t][c];
    const support = confusion[c].reduce((sum, n) => sum + n, 0);
    const precision = ratio(truePositives, predictedAsC);
    const recall = ratio(truePositives, support);
    return { name, precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });

  const average = (weightOf: (row: ClassScores) => number): AverageScores => {
    const weightSum = classes.reduce((sum, row) => sum + weightOf(row), 0);
    const mean = (key: 'precision' | 'recall' | 'f1') => ratio(classes.reduce((sum, row) => sum + weightOf(row) * row[key], 0), weightSum);
    return { precision: mean('precision'), recall: mean('recall'), f1: mean('f1'), support: total };
  };

  return {
    classes,
    accuracy: ratio(correct, total),
    support: total,
    macroAverage: average(() => 1),
    weightedAverage: average((row) => row.support),
    confusion,
  };
}

/** The report as text, laid out as scikit-learn's `classification_report` (two decimals). */
export function formatClassificationReport(report: ClassificationReport, digits = 2): string {
  const nameWidth = Math.max(12, ...report.classes.map((row) => row.name.length));
  const cell = (value: number) => value.toFixed(digits).padStart(10);
  const count = (value: number) => String(value).padStart(10);
  const label = (text: string) => text.padStart(nameWidth);
  const row = (name: string, scores: AverageScores) => `${label(name)}${cell(scores.precision)}${cell(scores.recall)}${cell(scores.f1)}${count(scores.support)}`;
  const lines = [
    `${' '.repeat(nameWidth)}${'precision'.padStart(10)}${'recall'.padStart(10)}${'f1-score'.padStart(10)}${'support'.padStart(10)}`,
    '',
    ...report.classes.map((scores) => row(scores.name, scores)),
    '',
    `${label('accuracy')}${' '.repeat(20)}${cell(report.accuracy)}${count(report.support)}`,
    row('macro avg', report.macroAverage),
    row('weighted avg', report.weightedAverage),
  ];
  return lines.join('\n');
}

/** The confusion matrix as text: one row per true class, one column per predicted class. */
export function formatConfusionMatrix(report: ClassificationReport): string {
  const names = report.classes.map((row) => row.name);
  const corner = 'true \\ predicted';
  const width = Math.max(...report.confusion.flat().map((n) => String(n).length), ...names.map((name) => name.length)) + 2;
  const labelWidth = Math.max(corner.length, ...names.map((name) => name.length));
  const header = corner.padEnd(labelWidth) + names.map((name) => name.padStart(width)).join('');
  const rows = report.confusion.map((counts, t) => names[t].padStart(labelWidth) + counts.map((n) => String(n).padStart(width)).join(''));
  return [header, ...rows].join('\n');
}
