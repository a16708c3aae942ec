// The fake Prefect API server used by end-to-end tests and benchmarks: start it, point a client at its URL,
// inspect its state and recorded requests, and inject faults.

export { startFakePrefect } from './server.js';
export type { FakePrefect, FakePrefectOptions, RecordedRequest } from './server.js';
export { FaultInjector } from './faults.js';
export type { Fault, FaultHandle, FaultRule } from './faults.js';
export { FlowRunWorker } from './state/flow-run-worker.js';
export type { RunStateType, RunStep, WorkerScript } from './state/flow-run-worker.js';
export { WriteLock, type WriteLockOptions } from './write-lock.js';
export { defaultBaseJobTemplate } from './state/work-pool-templates.js';
export type {
  ConcurrencyLimitRecord,
  DeploymentRecord,
  FakePrefectState,
  FlowRecord,
  FlowRunRecord,
  ScheduleRecord,
  WorkPoolRecord,
  WorkQueueRecord,
} from './state/records.js';
