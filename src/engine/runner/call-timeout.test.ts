import { describe, expect, it } from 'vitest';
import { CallTimeout } from './call-timeout.js';

describe('CallTimeout', () => {
  it('uses the configured timeout until enough calls succeeded, then 8 × p99 with a 5 s floor', () => {
    const timeout = new CallTimeout(120_000);
    for (let i = 0; i < 19; i++) timeout.observe(300);
    expect(timeout.current()).toBe(120_000);
    timeout.observe(300);
    expect(timeout.current()).toBe(5000);
  });

  it('never cuts a model whose own answers are slow, and never exceeds the configured limit', () => {
    const thinker = new CallTimeout(600_000);
    for (let i = 0; i < 40; i++) thinker.observe(i % 2 === 0 ? 20_000 : 60_000);
    expect(thinker.current()).toBe(480_000);
    const capped = new CallTimeout(100_000);
    for (let i = 0; i < 40; i++) capped.observe(60_000);
    expect(capped.current()).toBe(100_000);
  });
});
