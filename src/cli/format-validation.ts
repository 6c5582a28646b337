import type { ClassifierValidation, QuestionValidation } from '../engine/classify/validate-classifiers.js';
import type { Interval } from '../engine/stats/wilson.js';
import { formatTable } from './format-table.js';

const num = (value: number | null): string => (value === null ? '—' : value.toFixed(3));
const ci = (value: Interval | null): string => (value === null ? '—' : `${value.low.toFixed(2)} – ${value.high.toFixed(2)}`);

function metricRow(name: string, v: ClassifierValidation): string[] {
  const m = v.metrics;
  return [name, num(m.precision), ci(m.precisionCi), num(m.recall), ci(m.recallCi), num(m.f1), ci(m.f1Ci), String(m.abstainedPositive + m.abstainedNegative)];
}

/** The validation report: per behavior and mode, metrics, confusion table, judge share and agreement. */
export function formatValidation(questions: readonly QuestionValidation[], source: string): string {
  const out: string[] = [];
  for (const q of questions) {
    const d = q.detector;
    out.push(`\n${q.behavior} (${q.mode}) — ${q.cases} labeled cases (${q.positives} positive) from ${source}\n`);
    out.push(
      formatTable(
        [{ header: 'classifier' }, { header: 'precision', align: 'right' }, { header: '95% CI', align: 'right' }, { header: 'recall', align: 'right' }, { header: '95% CI', align: 'right' }, { header: 'F1', align: 'right' }, { header: '95% CI', align: 'right' }, { header: 'abstained', align: 'right' }],
        [metricRow(`${d.id} v${d.version} (detector)`, d), ...q.classifiers.map((c) => metricRow(`${c.id} v${c.version}`, c))],
      ),
    );
    out.push('');
    out.push(
      formatTable(
        [{ header: 'truth' }, { header: 'detector yes', align: 'right' }, { header: 'no', align: 'right' }, { header: 'uncertain', align: 'right' }, ...q.classifiers.flatMap((c) => [{ header: `${c.id} yes`, align: 'right' as const }, { header: 'no', align: 'right' as const }, { header: 'unscored', align: 'right' as const }])],
        (['yes', 'no'] as const).map((truth) => [
          truth,
          String(d.confusion[truth].yes),
          String(d.confusion[truth].no),
          String(d.confusion[truth].abstain),
          ...q.classifiers.flatMap((c) => [String(c.confusion[truth].yes), String(c.confusion[truth].no), String(c.confusion[truth].abstain)]),
        ]),
      ),
    );
    const share = q.cases === 0 ? 0 : d.sentToJudge / q.cases;
    const yesAndUncertain = q.positives === 0 ? null : (q.positives - d.noOnPositive.length) / q.positives;
    out.push('');
    out.push(`sent to the judge: ${d.sentToJudge} of ${q.cases} (${(share * 100).toFixed(1)}%) · detector recall of yes+uncertain: ${num(yesAndUncertain)} · detector "no" on a positive: ${d.noOnPositive.length === 0 ? 'none' : d.noOnPositive.join(', ')}`);
    const wrong = [d, ...q.classifiers].filter((c) => c.wrong.length > 0).map((c) => `${c.id}: ${c.wrong.join(', ')}`);
    if (wrong.length > 0) out.push(`wrong: ${wrong.join(' · ')}`);
    for (const a of q.agreement) {
      out.push(`agreement ${a.a} vs ${a.b}: ${a.n} cases both decided, ${a.agreement === null ? '—' : `${(a.agreement * 100).toFixed(1)}%`} agree, Cohen's kappa ${num(a.kappa)}`);
    }
  }
  out.push('\nprecision and recall are of "yes"; an abstention (uncertain/unscored) on a positive counts against recall. Intervals: Wilson (precision, recall), bootstrap (F1).');
  return out.join('\n');
}
