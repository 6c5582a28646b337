import type { RunEvent } from '../engine/runner/run-experiment.js';

/**
 * Live progress on stderr. On a terminal it redraws one line; otherwise (CI, pipes) it prints a line
 * every 10% so logs stay short.
 */
export class ProgressBar {
  private started = 0;
  private lastPrintedTenth = -1;
  private active = false;

  constructor(private readonly stream: NodeJS.WriteStream = process.stderr) {}

  update(event: RunEvent): void {
    if (event.type === 'start') {
      this.started = Date.now();
      this.stream.write(
        `run "${event.runId}" → ${event.storePath}: ${event.planned} trials planned, ${event.alreadyDone} already stored, ${event.toRun} to run\n`,
      );
      return;
    }
    if (event.type === 'model-stopped') {
      this.finish();
      this.stream.write(`${event.model}: stopped after a permanent error, its remaining trials are not sent: ${event.message.slice(0, 300)}\n`);
      return;
    }
    const { done, toRun, errors, costUsd, judgeCostUsd } = event;
    const elapsed = (Date.now() - this.started) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const eta = rate > 0 ? Math.round((toRun - done) / rate) : 0;
    const width = 28;
    const filled = toRun === 0 ? width : Math.round((done / toRun) * width);
    const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${toRun} trials · ${errors} errors · ${rate.toFixed(1)}/s · eta ${eta}s${costUsd > 0 ? ` · $${costUsd.toFixed(2)}` : ''}${judgeCostUsd > 0 ? ` (judge $${judgeCostUsd.toFixed(2)})` : ''}`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${text}`);
      this.active = true;
    } else {
      const tenth = Math.floor((done / Math.max(toRun, 1)) * 10);
      if (tenth !== this.lastPrintedTenth) {
        this.lastPrintedTenth = tenth;
        this.stream.write(`${text}\n`);
      }
    }
  }

  /** Ends the redrawn line so later output starts clean. */
  finish(): void {
    if (this.active) this.stream.write('\n');
    this.active = false;
  }
}
