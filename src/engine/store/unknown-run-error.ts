import { ConfigError } from '../../core/errors.js';

/** A command named a run the store does not hold. */
export class UnknownRunError extends ConfigError {
  constructor(runId: string, known: readonly string[]) {
    super('run', `no run named "${runId}" in this store; runs here: ${known.length > 0 ? known.join(', ') : 'none yet'}`, {
      hint: 'run `corrigible run <config>` first, or pass --db to point at another store',
    });
  }
}
