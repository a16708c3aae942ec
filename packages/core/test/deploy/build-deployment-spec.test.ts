import { describe, expect, it } from '@jest/globals';
import { buildDeploymentSpec } from '../../src/deploy/build-deployment-spec.js';
import { ConfigurationError } from '../../src/errors/portal-error.js';
import { aFlow, facts, someSettings } from './fixtures.js';

describe('buildDeploymentSpec', () => {
  const build = (overrides = {}, poolTakesImage = true, runFacts = facts) =>
    buildDeploymentSpec({
      flow: aFlow('hello_world'),
      env: 'dev',
      settings: someSettings(overrides),
      facts: runFacts,
      poolTakesImage,
    });

  it('applies the seed rules: name, DEPLOYMENT_NAME, version tags, version', () => {
    const spec = build();
    expect(spec.name).toBe('acme-prefect--main--hello-world--dev');
    expect(spec.flowName).toBe('hello_world');
    expect(spec.version).toBe(`main-${facts.commit}`);
    expect(spec.tags).toEqual([
      'PROJECT_NAME=acme-prefect',
      'BRANCH_NAME=main',
      `COMMIT_HASH=${facts.commit}`,
      'PACKAGE_VERSION=1.2.3',
      'team-data',
    ]);
    expect(spec.job_variables).toEqual({ env: { LOG_LEVEL: 'DEBUG', DEPLOYMENT_NAME: spec.name } });
    expect(spec.entrypoint).toBe('flows/hello_world.py:hello_world');
    expect(spec.schedules).toEqual([
      { schedule: { cron: '0 6 * * *', timezone: 'UTC' }, active: true, slug: 'portal-schedule-1' },
    ]);
  });

  it("sends description null for a flow without docstring or description, as Prefect's SDK does", () => {
    const spec = (flowDescription: string, settings = {}) =>
      buildDeploymentSpec({
        flow: aFlow('hello_world', { description: flowDescription }),
        env: 'dev',
        settings: someSettings(settings),
        facts,
        poolTakesImage: true,
      }).description;
    expect(spec('')).toBeNull();
    expect(spec('Says hello.')).toBe('Says hello.');
    expect(spec('', { description: 'From the config.' })).toBe('From the config.');
  });

  it('drops configured tags that would shadow the version tags', () => {
    expect(
      build({ tags: ['COMMIT_HASH=forged', 'x'] }).tags.filter((tag) => tag.startsWith('COMMIT_HASH=')),
    ).toEqual([`COMMIT_HASH=${facts.commit}`]);
  });

  it('sends what flow.deploy(image=…) sends when there is no working directory', () => {
    const spec = build({ image: 'ghcr.io/acme/etl:abc' });
    expect(spec.path).toBe('.');
    expect(spec.pull_steps).toEqual([]);
    expect(spec.job_variables.image).toBe('ghcr.io/acme/etl:abc');
  });

  it('turns working_directory into a set_working_directory pull step', () => {
    const spec = build({ working_directory: '/opt/prefect/acme' });
    expect(spec.path).toBeNull();
    expect(spec.pull_steps).toEqual([
      { 'prefect.deployments.steps.set_working_directory': { directory: '/opt/prefect/acme' } },
    ]);
  });

  it('refuses an image for a pool without an image variable, naming pool and fix', () => {
    expect(() => build({ image: 'img:1' }, false)).toThrow(ConfigurationError);
    expect(() => build({ image: 'img:1' }, false)).toThrow(/work pool "pool" has no `image` job variable/);
  });

  it('lets the run override image and work pool', () => {
    const spec = build({ image: 'from-config' }, true, { ...facts, image: 'from-input', workPool: 'other' });
    expect(spec.job_variables.image).toBe('from-input');
    expect(spec.work_pool_name).toBe('other');
  });

  it('refuses a flow with no work pool anywhere', () => {
    expect(() => build({ work_pool: undefined })).toThrow(/No work pool for flow "hello_world"/);
  });

  it('leaves paused and concurrency to the server unless configured', () => {
    const spec = build();
    expect(spec.paused).toBeNull();
    expect(spec.concurrency_limit).toBeNull();
    expect(build({ paused: true, concurrency_limit: 2 })).toMatchObject({
      paused: true,
      concurrency_limit: 2,
    });
  });
});
