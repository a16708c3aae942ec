// API URL validation and Cloud detection, UI links derived from the API URL, and the pure
// parts of the retry policy (Retry-After, backoff, which network errors are retried).
import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '../../../src/errors/portal-error.js';
import {
  PrefectClient,
  backoffDelay,
  deploymentUrl,
  isCloudApiUrl,
  normaliseApiUrl,
  parseRetryAfter,
  uiBaseUrl,
} from '../../../src/prefect/client/index.js';
import { classifyNetworkError } from '../../../src/prefect/client/retry-policy.js';

const CLOUD =
  'https://api.prefect.cloud/api/accounts/9b1c2d3e-0000-4000-8000-00000000000a/workspaces/4f5e6d7c-0000-4000-8000-00000000000b';
const ID = '7f8e7f0a-3c4b-4d8e-9a51-0b6f3f1d2c11';

describe('normaliseApiUrl', () => {
  it.each([
    ['http://prefect.example.com:4200/api/', 'http://prefect.example.com:4200/api'],
    ['  https://prefect.example.com/prefect/api//  ', 'https://prefect.example.com/prefect/api'],
    [`${CLOUD}/`, CLOUD],
  ])('normalises %j', (input, expected) => {
    expect(normaliseApiUrl(input)).toBe(expected);
  });

  it.each([
    ['prefect.example.com/api', /is not a URL/],
    ['ftp://prefect.example.com/api', /must use http or https/],
    ['http://prefect.example.com/api?x=1', /must not have a query/],
    ['https://api.prefect.cloud/api', /Cloud URL without a workspace/],
    ['https://api.prefect.cloud/api/accounts/a1', /Cloud URL without a workspace/],
  ])('refuses %j', (input, message) => {
    expect(() => normaliseApiUrl(input)).toThrow(ConfigurationError);
    expect(() => normaliseApiUrl(input)).toThrow(message);
  });

  it('refuses credentials in the URL without repeating them', () => {
    let message = '';
    try {
      normaliseApiUrl('https://admin:hunter2@prefect.example.com/api');
    } catch (error) {
      message = (error as ConfigurationError).describe();
    }
    expect(message).toContain('prefect-auth-string');
    expect(message).not.toContain('hunter2');
  });

  it("detects Cloud by the SDK's prefix rule", () => {
    expect(isCloudApiUrl(CLOUD)).toBe(true);
    expect(isCloudApiUrl('http://127.0.0.1:4200/api')).toBe(false);
    expect(isCloudApiUrl('https://api.prefect.cloud.example.com/api')).toBe(false);
    expect(new PrefectClient({ apiUrl: CLOUD, apiKey: 'pnu_x' }).isCloud).toBe(true);
  });
});

describe('UI links', () => {
  it.each([
    ['http://127.0.0.1:4200/api', `http://127.0.0.1:4200/deployments/deployment/${ID}`],
    [
      'http://prefect.example.com/prefect/api/',
      `http://prefect.example.com/prefect/deployments/deployment/${ID}`,
    ],
    [
      'http://prefect.example.com/api/team/api',
      `http://prefect.example.com/api/team/deployments/deployment/${ID}`,
    ],
    [
      'http://prefect.example.com/api-gateway',
      `http://prefect.example.com/api-gateway/deployments/deployment/${ID}`,
    ],
    [
      CLOUD,
      `https://app.prefect.cloud/account/9b1c2d3e-0000-4000-8000-00000000000a/workspace/4f5e6d7c-0000-4000-8000-00000000000b/deployments/deployment/${ID}`,
    ],
  ])('links a deployment under %s', (apiUrl, expected) => {
    expect(deploymentUrl(apiUrl, ID)).toBe(expected);
  });

  it('uses an explicit UI URL when given', () => {
    expect(deploymentUrl('http://10.0.0.5:4200/api', ID, 'https://prefect.example.com/')).toBe(
      `https://prefect.example.com/deployments/deployment/${ID}`,
    );
    const client = new PrefectClient({
      apiUrl: 'http://10.0.0.5:4200/api',
      uiUrl: 'https://prefect.example.com',
    });
    expect(client.deploymentUrl(ID)).toBe(`https://prefect.example.com/deployments/deployment/${ID}`);
  });

  it('gives the UI base itself', () => {
    expect(uiBaseUrl('http://127.0.0.1:4200/api')).toBe('http://127.0.0.1:4200');
  });
});

describe('retry policy', () => {
  const now = Date.parse('2026-11-22T00:00:00Z');

  it.each([
    ['3', 3000],
    ['0', 0],
    ['1.5', 1500],
    ['Sun, 22 Nov 2026 00:00:07 GMT', 7000],
    ['Sat, 21 Nov 2026 23:00:00 GMT', 0],
    ['soon', undefined],
    [undefined, undefined],
  ])('reads Retry-After %j as %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected);
  });

  it('doubles the backoff ceiling per retry, capped, scaled by jitter', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, 500, 60_000, () => 1))).toEqual([
      500, 1000, 2000, 4000, 8000,
    ]);
    expect(backoffDelay(12, 500, 60_000, () => 1)).toBe(60_000);
    expect(backoffDelay(3, 500, 60_000, () => 0.5)).toBe(1000);
    expect(backoffDelay(3, 500, 60_000, () => 0)).toBe(0);
  });

  it.each([
    [{ code: 'ECONNREFUSED' }, 'connect', 'refused'],
    [{ code: 'EAI_AGAIN' }, 'connect', 'dns'],
    [{ code: 'ENOTFOUND' }, 'fatal', 'dns'],
    [{ code: 'UND_ERR_SOCKET' }, 'exchange', 'reset'],
    [{ code: 'UND_ERR', cause: { code: 'ECONNRESET' } }, 'exchange', 'reset'],
    [{ code: 'UND_ERR_HEADERS_TIMEOUT' }, 'timeout', 'timeout'],
    [{ code: 'UND_ERR_CONNECT_TIMEOUT' }, 'connect', 'timeout'],
    [{ code: 'CERT_HAS_EXPIRED' }, 'fatal', 'tls'],
    [{ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }, 'fatal', 'tls'],
    [new Error('boom'), 'fatal', 'network'],
  ])('classifies %j as %s/%s', (error, phase, reason) => {
    expect(classifyNetworkError(error)).toMatchObject({ phase, reason });
  });
});
