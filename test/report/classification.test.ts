/** The shared classification report: figures worked out by hand, the text layout, bad input. */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { classificationReport, formatClassificationReport, formatConfusionMatrix } from '../../src/report/classification.js';

const close = (actual: number, expected: number, what: string) => assert.ok(Math.abs(actual - expected) < 1e-12, `${what}: ${actual} ≠ ${expected}`);

// Three classes, ten images. By hand: confusion [[2,1,0],[0,2,1],[1,0,3]].
const truth = [0, 0, 0, 1, 1, 2, 2, 2, 2, 1];
const predicted = [0, 1, 0, 1, 2, 2, 2, 0, 2, 1];

test('per-class, macro and weighted figures match a hand computation', () => {
  const report = classificationReport(truth, predicted);
  assert.equal(report.confusion, [[2, 1, 0], [0, 2, 1], [1, 0, 3]]);
  close(report.accuracy, 0.7, 'accuracy');
  assert.is(report.support, 10);
  const expected = [
    { precision: 2 / 3, recall: 2 / 3, support: 3 },
    { precision: 2 / 3, recall: 2 / 3, support: 3 },
    { precision: 3 / 4, recall: 3 / 4, support: 4 },
  ];
  expected.forEach((want, c) => {
    const row = report.classes[c];
    close(row.precision, want.precision, `precision ${c}`);
    close(row.recall, want.recall, `recall ${c}`);
    close(row.f1, (2 * want.precision * want.recall) / (want.precision + want.recall), `f1 ${c}`);
    assert.is(row.support, want.support);
    assert.is(row.name, String(c));
  });
  close(report.macroAverage.precision, (2 / 3 + 2 / 3 + 3 / 4) / 3, 'macro precision');
  close(report.weightedAverage.recall, (3 * (2 / 3) + 3 * (2 / 3) + 4 * (3 / 4)) / 10, 'weighted recall');
  // Weighted recall equals accuracy, always.
  close(report.weightedAverage.recall, report.accuracy, 'weighted recall = accuracy');
});

test('a class never predicted has precision 0 (not NaN), as scikit-learn with zero_division=0', () => {
  const report = classificationReport([0, 1], [0, 0]);
  assert.is(report.classes[1].precision, 0);
  assert.is(report.classes[1].f1, 0);
  close(report.classes[0].f1, 2 / 3, 'f1 of class 0');
});

test('class names and class count: classes with no images still get a row', () => {
  const named = classificationReport([0, 1], [0, 1], { classNames: ['zero', 'one', 'two'] });
  assert.equal(named.classes.map((row) => row.name), ['zero', 'one', 'two']);
  assert.is(named.classes[2].support, 0);
  assert.is(classificationReport([0], [0], { classCount: 4 }).confusion.length, 4);
});

test('text: scikit-learn layout and a labelled confusion matrix', () => {
  const report = classificationReport(truth, predicted);
  const text = formatClassificationReport(report);
  const lines = text.split('\n');
  assert.match(lines[0], /^\s+precision\s+recall\s+f1-score\s+support$/);
  assert.match(text, /\n\s+2\s+0\.75\s+0\.75\s+0\.75\s+4\n/);
  assert.match(text, /\n\s+accuracy\s+0\.70\s+10\n/);
  assert.match(text, /\n\s+macro avg\s+0\.69\s+0\.69\s+0\.69\s+10\n/);
  assert.match(text, /\nweighted avg\s+0\.70\s+0\.70\s+0\.70\s+10$/);
  const matrix = formatConfusionMatrix(report).split('\n');
  assert.match(matrix[0], /^true \\ predicted\s+0\s+1\s+2$/);
  assert.match(matrix[3], /^\s*2\s+1\s+0\s+3$/);
});

test('bad input: mismatched lengths, an index past the class count', () => {
  assert.throws(() => classificationReport([0, 1], [0]), /2 true classes but 1 predictions/);
  assert.throws(() => classificationReport([0, 3], [0, 0], { classCount: 2 }), /class index 3 but only 2 classes/);
  assert.throws(() => classificationReport([0, -1], [0, 0]), /integers ≥ 0/);
});

test.run();
