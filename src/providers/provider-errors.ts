import { ConfigError } from '../core/errors.js';

/** A model id names a provider that is not registered. */
export class UnknownProviderError extends ConfigError {}

/** A provider needs an API key (or a base URL) from the environment and it is not set. */
export class MissingCredentialError extends ConfigError {}
