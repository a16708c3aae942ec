import { describe, expect, it } from '@jest/globals';
import type { ServerDeployment } from '../../src/prefect/server-deployment.js';
import type { ScheduleState, UnmanagedOfFlow } from '../../src/model/unmanaged-deployment.js';
import { scheduleState } from '../../src/unmanaged/unmanaged-deployments.js';
import { cleanupDeploymentsArgument, unmanagedWarning } from '../../src/unmanaged/unmanaged-warning.js';
import { parseDeploymentReferences } from '../../src/cleanup/named-deployments.js';

const schedule = (active: boolean) => ({ id: 's', schedule: { cron: '0 6 * * *' }, active });

describe('scheduleState', () => {
  it.each<[string, Partial<ServerDeployment>, ScheduleState]>([
    ['an active schedule', { schedules: [schedule(true)] }, 'active'],
    ['one active among inactive', { schedules: [schedule(false), schedule(true)] }, 'active'],
    ['only inactive schedules', { schedules: [schedule(false)] }, 'paused'],
    ['a paused deployment', { paused: true, schedules: [schedule(true)] }, 'paused'],
    ['no schedules', { schedules: [] }, 'none'],
    ['no schedules field (an old server)', {}, 'none'],
  ])('%s', (_, fields, state) => {
    expect(scheduleState({ id: 'd', name: 'daily', flow_id: 'f', ...fields })).toBe(state);
  });
});

const group = (...states: ScheduleState[]): UnmanagedOfFlow => ({
  flow: 'etl',
  deployments: states.map((state, index) => ({
    serverFlow: 'etl',
    name: `old-${index + 1}`,
    fullName: `etl/old-${index + 1}`,
    id: `id-${index}`,
    schedule: state,
    url: `http://ui/deployments/deployment/id-${index}`,
  })),
});

describe('unmanagedWarning', () => {
  it.each<[string, UnmanagedOfFlow, string]>([
    [
      'one active deployment, in the words the issue asks for',
      group('active'),
      "flow etl also has etl/old-1 (schedule active) — its runs will double yours; remove it or pause it (remove with: acme-portal cleanup --deployments 'etl/old-1').",
    ],
    [
      'several, one active',
      group('active', 'none'),
      "flow etl also has etl/old-1 (schedule active) and etl/old-2 (no schedule) — the active one’s runs will double yours; remove them or pause them (remove with: acme-portal cleanup --deployments 'etl/old-1,etl/old-2').",
    ],
    [
      'none scheduled',
      group('paused', 'none', 'none'),
      "flow etl also has etl/old-1 (schedule paused), etl/old-2 (no schedule) and etl/old-3 (no schedule) — nothing schedules them now, but they still run old settings when started; remove them once the switch is done (remove with: acme-portal cleanup --deployments 'etl/old-1,etl/old-2,etl/old-3').",
    ],
  ])('%s', (_, unmanaged, message) => {
    expect(unmanagedWarning(unmanaged)).toBe(message);
  });

  it('names a cleanup argument that parses back to exactly those deployments', () => {
    const load = group('none');
    load.deployments[0]!.fullName = 'load/nightly';
    const groups = [group('active', 'paused'), load];
    const argument = cleanupDeploymentsArgument(groups);
    expect(parseDeploymentReferences(argument.split(',')).map((reference) => reference.fullName)).toEqual(
      groups.flatMap((each) => each.deployments.map((deployment) => deployment.fullName)),
    );
  });
});
