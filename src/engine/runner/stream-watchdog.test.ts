import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelTimeoutError } from './retry.js';
import { StreamWatchdog } from './stream-watchdog.js';

describe('StreamWatchdog', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());
  const now = () => Date.now();

  it('aborts a call whose response never starts, naming the first-byte limit', () => {
    const watchdog = new StreamWatchdog('m:x', { firstByteMs: 5000, idleMs: 60_000, totalMs: 600_000 }, now);
    vi.advanceTimersByTime(4999);
    expect(watchdog.signal.aborted).toBe(false);
    vi.advanceTimersByTime(2);
    expect(watchdog.timedOut).toBeInstanceOf(ModelTimeoutError);
    expect(watchdog.timedOut?.message).toMatch(/no response from m:x within 5000 ms \(time to first byte\)/);
    expect(watchdog.timing()).toBeUndefined();
  });

  it('lets a model think for minutes while bytes keep coming, and cuts a stall after the idle limit', () => {
    const watchdog = new StreamWatchdog('m:x', { firstByteMs: 5000, idleMs: 30_000, totalMs: 3_600_000 }, now);
    vi.advanceTimersByTime(1000);
    watchdog.onHeaders(200, "text/event-stream");
    for (let i = 0; i < 20; i++) {
      vi.advanceTimersByTime(25_000); // a silence shorter than the idle limit, twenty times: ~8 minutes
      watchdog.onBytes();
    }
    expect(watchdog.signal.aborted).toBe(false);
    expect(watchdog.timing()).toEqual({ firstByteMs: 1000, longestGapMs: 25_000 });
    vi.advanceTimersByTime(30_001);
    expect(watchdog.timedOut?.message).toMatch(/m:x went silent for 300\d\d ms mid-answer \(idle limit 30000 ms\)/);
  });

  it('caps the whole call however steadily it streams', () => {
    const watchdog = new StreamWatchdog('m:x', { firstByteMs: 5000, idleMs: 30_000, totalMs: 60_000 }, now);
    watchdog.onHeaders(200, "text/event-stream");
    for (let i = 0; i < 70; i++) {
      vi.advanceTimersByTime(1000);
      watchdog.onBytes();
    }
    expect(watchdog.timedOut?.message).toMatch(/still answering after 60000 ms \(agent.maxCallMs\)/);
  });

  it('re-reads a learned limit while the call waits, so a shrinking limit applies to calls in flight', () => {
    let limit = 60_000;
    const watchdog = new StreamWatchdog('m:x', { firstByteMs: () => limit, idleMs: 30_000, totalMs: 600_000 }, now);
    vi.advanceTimersByTime(6000);
    expect(watchdog.signal.aborted).toBe(false);
    limit = 5000;
    vi.advanceTimersByTime(1000);
    expect(watchdog.timedOut?.message).toMatch(/within 5000 ms/);
  });

  it('stops its timer when cleared', () => {
    const watchdog = new StreamWatchdog('m:x', { firstByteMs: 100, idleMs: 100, totalMs: 1000 }, now);
    watchdog.clear();
    vi.advanceTimersByTime(10_000);
    expect(watchdog.signal.aborted).toBe(false);
  });
});
