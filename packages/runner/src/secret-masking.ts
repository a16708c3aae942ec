// Where secrets are reported before anything could print them. On the runner that is
// `core.setSecret` (the `::add-mask::` command); the CLI sets a sink that redacts its own output.
import * as core from '@actions/core';

export type SecretSink = (secret: string) => void;

let sink: SecretSink = (secret) => core.setSecret(secret);

/** Masks `secret` in everything printed from now on. */
export function maskSecret(secret: string): void {
  if (secret) sink(secret);
}

/** Replaces the runner's masking; the CLI calls it once, before any run. */
export function setSecretSink(next: SecretSink): void {
  sink = next;
}
