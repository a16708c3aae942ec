// The typed errors of the library. A PortalError is something the user can act on: the
// action prints its message plainly (no stack) and annotates `location` when there is one.
// Anything else that escapes is a bug and is printed with its stack.

export interface SourceLocation {
  /** Path as the user knows it (relative to the repository root when possible). */
  file: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
}

export class PortalError extends Error {
  /** What to do about it, one sentence; appended to the message when printed. */
  readonly hint: string | undefined;
  readonly location: SourceLocation | undefined;

  constructor(message: string, options: { hint?: string; location?: SourceLocation; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
    this.location = options.location;
  }

  /** The kind of failure, for a person: an annotation's title. Class names do not survive
   * bundling (`portal_error_ConfigurationError`), and they are not for users anyway. */
  get title(): string {
    return 'Error';
  }

  /** The message a user reads: what is wrong, where, and what to do. */
  describe(): string {
    const where = this.location ? `${formatLocation(this.location)}: ` : '';
    return this.hint ? `${where}${this.message} ${this.hint}` : `${where}${this.message}`;
  }
}

/** The user's configuration (config file, action inputs) is wrong. */
export class ConfigurationError extends PortalError {
  override get title(): string {
    return 'Configuration error';
  }
}

/** An action input is missing or malformed. */
export class InputError extends ConfigurationError {
  override get title(): string {
    return 'Input error';
  }
}

/** Something asked for does not exist: a flow, an environment, a deployment, a work pool. */
export class NotFoundError extends PortalError {
  override get title(): string {
    return 'Not found';
  }
}

/** The operation was refused on purpose to protect the user (collisions, stale commits). */
export class RefusedError extends PortalError {
  override get title(): string {
    return 'Refused';
  }
}

/** What a user reads about any failure: a PortalError's description, else its message. */
export function describeError(error: unknown): string {
  if (error instanceof PortalError) return error.describe();
  return error instanceof Error ? error.message : String(error);
}

export function formatLocation(location: SourceLocation): string {
  let text = location.file;
  if (location.line !== undefined) {
    text += `:${location.line}`;
    if (location.column !== undefined) text += `:${location.column}`;
  }
  return text;
}

/** Several independent failures reported together (one per flow, say). */
export class AggregatePortalError extends PortalError {
  readonly errors: PortalError[];
  constructor(message: string, errors: PortalError[]) {
    super(message);
    this.errors = errors;
  }
}
