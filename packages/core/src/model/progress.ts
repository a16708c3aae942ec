// How core reports progress and non-fatal problems without knowing where they are printed:
// the actions pass a Progress that writes to the runner log; tests pass a recorder.
import type { SourceLocation } from '../errors/portal-error.js';

export interface Progress {
  info(message: string): void;
  warning(message: string, location?: SourceLocation): void;
  debug(message: string): void;
}

export const silentProgress: Progress = {
  info: () => undefined,
  warning: () => undefined,
  debug: () => undefined,
};
