// The settings of one flow in one environment, after the config's layers are merged: what the
// deployment builder needs from the config, whatever file shape they came from.
import type { TriggerSetting } from '../automations/trigger-model.js';
import type { ScheduleSetting } from '../config/resolve-settings.js';
import type { SourceLocation } from '../errors/portal-error.js';

export interface DeploymentSettings {
  work_pool?: string;
  work_queue?: string;
  image?: string;
  working_directory?: string;
  pull_steps?: Record<string, unknown>[];
  description?: string;
  tags: string[];
  parameters: Record<string, unknown>;
  job_variables: Record<string, unknown>;
  env: Record<string, string>;
  schedules: ScheduleSetting[];
  /** Automations that run the deployment; absent: none. */
  triggers?: TriggerSetting[];
  paused?: boolean;
  concurrency_limit?: number;
  concurrency_options?: { collision_strategy: 'ENQUEUE' | 'CANCEL_NEW'; grace_period_seconds?: number };
  enforce_parameter_schema?: boolean;
  /** Where these settings were written, for errors about them. */
  location?: SourceLocation;
}
