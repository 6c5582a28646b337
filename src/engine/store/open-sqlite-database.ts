import { existsSync, mkdirSync, rmdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { migrate, SchemaTooNewError, SCHEMA_VERSION } from './sqlite-schema.js';
import { errorMessage } from './sqlite-rows.js';
import { StoreOpenError } from './store-errors.js';

/**
 * mkdirSync(dir, { recursive: true }) spins forever on Node 20 under a parent where mkdir reports ENOENT
 * (e.g. /proc), so the missing folders are created one by one instead, from the outermost.
 */
/** Creates the missing folders of `dir`, returning those it created (outermost first). */
function ensureDirectory(dir: string): string[] {
  const missing: string[] = [];
  for (let current = dir; !existsSync(current); current = dirname(current)) {
    missing.unshift(current);
    if (dirname(current) === current) break;
  }
  const created: string[] = [];
  for (const folder of missing) {
    try {
      mkdirSync(folder);
      created.push(folder);
    } catch (error) {
      // Another process creating the same folder at the same moment is fine.
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) {
        removeFolders(created);
        throw error;
      }
    }
  }
  return created;
}

/** Removes folders this process created for a store it then could not open (only if still empty). */
function removeFolders(created: readonly string[]): void {
  for (const folder of [...created].reverse()) {
    try {
      rmdirSync(folder);
    } catch {
      // Not empty or already gone: leave it.
    }
  }
}

function openProblem(error: unknown): { problem: string; hint: string } {
  if (error instanceof SchemaTooNewError) {
    return {
      problem: `it was written by a newer Corrigible (schema version ${error.found}; this build reads up to ${SCHEMA_VERSION})`,
      hint: 'Upgrade Corrigible, or point the run at another store file.',
    };
  }
  const code = error instanceof Database.SqliteError ? error.code : undefined;
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return {
      problem: 'the file is not a SQLite database (or is damaged)',
      hint: 'Point the run at a new file or at a store Corrigible created; the existing file was left untouched.',
    };
  }
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return { problem: 'the database is locked by another process', hint: 'Wait for the other Corrigible process to finish, then retry.' };
  }
  if (code?.startsWith('SQLITE_CANTOPEN') === true || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return {
      problem: `${errorMessage(error)} (${code})`,
      hint: 'Check that the path names a file (not a directory) in a folder you may write to.',
    };
  }
  return { problem: errorMessage(error), hint: 'Check the path, or point the run at a new store file.' };
}

/**
 * Opens (creating when absent) the SQLite file at `path` and hands it to `wrap`; `:memory:` gives a private
 * in-memory database. Creates the parent directory, sets the pragmas and brings the schema up to date; with
 * `readOnly`, opens an existing Corrigible file without writing anything. A failure in `wrap` closes the file.
 * @throws StoreOpenError when the file cannot be opened, is not a SQLite database, or is too new.
 */
export function openSqliteDatabase<T>(path: string, readOnly: boolean, wrap: (db: Database.Database) => T): T {
  if (readOnly) return openReadOnly(path, wrap);
  let created: string[] = [];
  if (path !== ':memory:') {
    try {
      created = ensureDirectory(dirname(resolve(path)));
    } catch (error) {
      throw new StoreOpenError(path, `cannot create its directory (${errorMessage(error)})`, {
        hint: 'Choose a store path inside a folder you may write to.',
        cause: error,
      });
    }
  }
  let db: Database.Database;
  try {
    db = new Database(path);
  } catch (error) {
    // A path too long for the file (or any other failure to create it) leaves no folders behind.
    removeFolders(created);
    const { problem, hint } = openProblem(error);
    throw new StoreOpenError(path, problem, { hint, cause: error });
  }
  try {
    // WAL + synchronous=NORMAL: a committed transaction survives a killed process (only an OS crash or
    // power loss can drop the last commits), and readers (the viewer) never block the runner.
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 5000');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // Checkpoint every ~40 MB of WAL instead of every ~4 MB: each trial rewrites a few index pages, and
    // a page rewritten many times between checkpoints is copied back once (a third of a trial's write CPU).
    // Commits are as durable as before; the WAL file is removed on close as before.
    db.pragma('wal_autocheckpoint = 10000');
    migrate(db);
    return wrap(db);
  } catch (error) {
    db.close();
    const { problem, hint } = openProblem(error);
    throw new StoreOpenError(path, problem, { hint, cause: error });
  }
}

function openReadOnly<T>(path: string, wrap: (db: Database.Database) => T): T {
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (error) {
    const { problem, hint } = openProblem(error);
    throw new StoreOpenError(path, problem, { hint, cause: error });
  }
  try {
    db.pragma('busy_timeout = 5000');
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === 0) {
      throw new StoreOpenError(path, 'it holds no Corrigible tables (nothing was written to it)', { hint: 'pass --db with the store your run used' });
    }
    return wrap(db);
  } catch (error) {
    db.close();
    if (error instanceof StoreOpenError) throw error;
    const { problem, hint } = openProblem(error);
    throw new StoreOpenError(path, problem, { hint, cause: error });
  }
}
