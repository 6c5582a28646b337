import { describe, expect, it } from 'vitest';
import { ProgressBar } from './progress-bar.js';

function capture(): { stream: NodeJS.WriteStream; lines: string[] } {
  const lines: string[] = [];
  const stream = { isTTY: false, write: (text: string) => lines.push(text) } as unknown as NodeJS.WriteStream;
  return { stream, lines };
}

const trial = (done: number, costUsd: number, judgeCostUsd: number) =>
  ({ type: 'trial', model: 'm', conditionId: 'c', sample: done, status: 'ok', done, toRun: 10, errors: 0, costUsd, judgeCostUsd }) as const;

describe('ProgressBar', () => {
  it('shows what this invocation spent, with the judge share when a judge was paid', () => {
    const { stream, lines } = capture();
    const bar = new ProgressBar(stream);
    bar.update({ type: 'start', runId: 'r', storePath: 'db', planned: 10, alreadyDone: 0, toRun: 10 });
    bar.update(trial(1, 0.5, 0));
    bar.update(trial(2, 1.25, 0.25));
    bar.update(trial(3, 0, 0));
    expect(lines[1]).toMatch(/1\/10 trials .* · \$0\.50\n$/);
    expect(lines[2]).toMatch(/2\/10 trials .* · \$1\.25 \(judge \$0\.25\)\n$/);
    // Nothing priced (self-hosted or simulated models): no cost at all, rather than a misleading $0.00.
    expect(lines[3]).not.toContain('$');
  });
});
