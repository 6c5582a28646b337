import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreOpenError } from './store-errors.js';
import { openSqliteStore } from './sqlite-store.js';

describe('openSqliteStore paths', () => {
  it('leaves no folders behind when the file name is too long to create', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corrigible-path-'));
    const path = join(dir, 'new-a', 'new-b', `${'x'.repeat(300)}.db`);
    expect(() => openSqliteStore(path)).toThrow(StoreOpenError);
    expect(existsSync(join(dir, 'new-a'))).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves no folders behind when a folder name is too long', () => {
    const dir = mkdtempSync(join(tmpdir(), 'corrigible-path-'));
    expect(() => openSqliteStore(join(dir, 'new-a', 'y'.repeat(300), 'runs.db'))).toThrow(/cannot create its directory/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
