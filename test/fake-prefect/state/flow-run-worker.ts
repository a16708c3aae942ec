// The fake's stand-in for a Prefect worker: tests script the states new flow runs go through
// (one step each time a run is read), or set a run's state on request, with Prefect's timestamps.
import type { Clock } from './clock.js';
import type { FakePrefectState, FlowRunRecord } from './records.js';

export type RunStateType =
  | 'SCHEDULED'
  | 'PENDING'
  | 'RUNNING'
  | 'COMPLETED'
  | 'FAILED'
  | 'CANCELLED'
  | 'CRASHED'
  | 'PAUSED'
  | 'CANCELLING';

/** A state to enter: its type, and optionally Prefect's name ("Late", "Retrying") and message. */
export type RunStep = RunStateType | { type: RunStateType; name?: string; message?: string };

export interface WorkerScript {
  /** Which new runs the script takes: a deployment name, or a predicate; every new run when absent. */
  deployment?: string | ((run: FlowRunRecord) => boolean);
  /** The states a run moves through, one per read (GET /flow_runs/{id}, or a filter answer holding it). */
  states: RunStep[];
}

const TERMINAL: readonly string[] = ['COMPLETED', 'FAILED', 'CANCELLED', 'CRASHED'];
const DEFAULT_NAMES: Record<string, string> = { CANCELLING: 'Cancelling' };

export class FlowRunWorker {
  private readonly scripts: WorkerScript[] = [];
  /** Steps still to take, per run id. */
  private readonly pending = new Map<string, RunStep[]>();

  constructor(
    private readonly state: FakePrefectState,
    private readonly clock: Clock,
  ) {}

  /** Runs created from now on that match take these steps; a later script wins over an earlier one. */
  follow(script: WorkerScript): void {
    this.scripts.unshift(script);
  }

  /** Moves a run into a state now, as a worker's report would (start and end times follow). */
  setState(runId: string, step: RunStep): FlowRunRecord {
    const run = this.state.flowRuns.get(runId);
    if (!run) throw new Error(`fake-prefect: no flow run ${runId}`);
    const { type, name, message } = typeof step === 'string' ? { type: step } : step;
    const now = this.clock.now();
    run.state_type = type;
    run.state_name = name ?? DEFAULT_NAMES[type] ?? type.charAt(0) + type.slice(1).toLowerCase();
    run.state_message = message ?? null;
    run.state_timestamp = now;
    run.state_id = `${run.id.slice(0, 24)}${now.replace(/\D/g, '').slice(-12)}`;
    run.updated = now;
    if (type === 'RUNNING' && run.start_time === null) run.start_time = now;
    if (TERMINAL.includes(type)) run.end_time = now;
    return run;
  }

  /** Called by create_flow_run. */
  created(run: FlowRunRecord): void {
    const script = this.scripts.find((each) => this.takes(each, run));
    if (script) this.pending.set(run.id, [...script.states]);
  }

  /** Called before a run is answered: a scripted run takes its next step. */
  read(run: FlowRunRecord): void {
    const steps = this.pending.get(run.id);
    const next = steps?.shift();
    if (next !== undefined) this.setState(run.id, next);
    if (steps && steps.length === 0) this.pending.delete(run.id);
  }

  private takes(script: WorkerScript, run: FlowRunRecord): boolean {
    if (script.deployment === undefined) return true;
    if (typeof script.deployment === 'function') return script.deployment(run);
    return this.state.deployments.get(run.deployment_id)?.name === script.deployment;
  }
}
