// What a flow's scan warnings say about its parameter defaults: the environment variables a
// default reads when Prefect imports the flow, and the defaults only running Python would know.
import type { JsonValue } from './syntax-tree.js';

/** Something about a default the flow's warnings should say. */
export type DefaultNote =
  { kind: 'environment'; variable: string; fallback: JsonValue } | { kind: 'runtime'; expression: string };

/** A note and what it is about: `parameter "day"`, `field Config.created`. */
export interface DefaultRemark {
  where: string;
  note: DefaultNote;
}

export function defaultWarning(functionName: string, { where, note }: DefaultRemark): string {
  if (note.kind === 'environment') {
    const fallback = JSON.stringify(note.fallback);
    return `Flow ${functionName}: the default of ${where} reads the environment variable ${note.variable} when Prefect imports the flow; the parameter schema shows its fallback ${fallback}, what a machine without ${note.variable} (a clean CI runner) gives. Set the default in the code or in the deployment's parameters if it should differ.`;
  }
  return `Flow ${functionName}: the default of ${where} (${note.expression}) is only known when Python runs it, so the parameter schema leaves it out; the flow still applies it when a run does not set it.`;
}
