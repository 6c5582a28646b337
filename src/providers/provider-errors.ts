import { ConfigError } from '../core/errors.js';

/** A model id names a provider that is not registered. */
export class UnknownProviderError extends ConfigError {}

/** A provider needs an API key (or a base URL) from the environment and it is not set. */
export class MissingCredentialError extends ConfigError {}

/** A base URL that cannot be right (a doubled /v1, a full endpoint URL, a hosted API without its path). */
export class BaseUrlError extends ConfigError {}
