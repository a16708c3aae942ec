// Flow names as the seeds fix them: normalised with underscores, shown with hyphens in
// deployment names (Prefect's own default flow name is the function name with `_` -> `-`).

/** `example-flow` -> `example_flow`. The name a flow is registered and matched under. */
export function normaliseFlowName(name: string): string {
  return name.replace(/-/g, '_');
}

/** `example_flow` -> `example-flow`. The form used inside deployment names. */
export function hyphenFlowName(name: string): string {
  return name.replace(/_/g, '-');
}
