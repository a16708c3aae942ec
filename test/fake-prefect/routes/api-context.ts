// What every route of the fake shares: the stored state, the clock, which server it imitates (3.x, 2.x,
// Cloud), and reading a request body the way FastAPI does (JSON decode, then the route's schema -> 422).

import { readFileSync } from 'node:fs';

import type { RequestContext } from '../http/router.js';
import { detail, invalidRequest } from '../http/replies.js';
import { asLegacyTimestamp, type Clock } from '../state/clock.js';
import { FlowRunWorker } from '../state/flow-run-worker.js';
import type { FakePrefectState } from '../state/records.js';
import { BodyValidator, type JsonSchema, type ValidationIssue } from '../validation/body-validator.js';
import { legacyRequestSchemas, toPydanticV1 } from '../validation/legacy-2x-schemas.js';
import { prefectModelChecks } from '../validation/prefect-model-checks.js';
import { schemasOfVersion, type VersionTraits } from '../versions/version-traits.js';

/** Which server the fake imitates. */
export interface ServerProfile {
  /** What GET /admin/version answers, e.g. "3.8.3". */
  version: string;
  /** A 2.x server (major version 2): legacy fields, pydantic v1 errors, no labels or /paginate. */
  legacy: boolean;
  /** Prefect Cloud: no /admin/version, Cloud-only response fields, Content-Length and size limits. */
  cloud: boolean;
  /** What this 3.x version accepts, keeps and answers (versions/version-traits.ts). */
  traits: VersionTraits;
}

interface RequestBodySchemas {
  routes: Record<string, JsonSchema>;
  schemas: Record<string, JsonSchema>;
}

/** PREFECT_SERVER_API_DEFAULT_LIMIT: the default and the largest `limit` a filter accepts. */
export const DEFAULT_LIMIT = 200;

let cachedSchemas: RequestBodySchemas | undefined;

function requestBodySchemas(): RequestBodySchemas {
  cachedSchemas ??= JSON.parse(
    readFileSync(new URL('../validation/request-body-schemas.json', import.meta.url), 'utf8'),
  ) as RequestBodySchemas;
  return cachedSchemas;
}

export class ApiContext {
  private readonly validator: BodyValidator;
  private readonly routeSchemas: Record<string, JsonSchema>;
  /** Moves flow runs through the states tests script. */
  readonly worker: FlowRunWorker;

  constructor(
    readonly state: FakePrefectState,
    readonly clock: Clock,
    readonly profile: ServerProfile,
  ) {
    const fixture = requestBodySchemas();
    this.routeSchemas = fixture.routes;
    this.worker = new FlowRunWorker(state, clock);
    const schemas = profile.legacy
      ? legacyRequestSchemas(fixture.schemas)
      : (schemasOfVersion(fixture.schemas, profile.traits) as Record<string, JsonSchema>);
    this.validator = new BodyValidator(schemas, prefectModelChecks, !profile.legacy);
  }

  /** A timestamp as this server writes it. */
  stamp(iso: string | null): string | null {
    return iso !== null && this.profile.legacy ? asLegacyTimestamp(iso) : iso;
  }

  /**
   * The request body decoded and validated against the schema of `routeKey` (e.g. "POST /deployments/"),
   * coerced as pydantic would; an absent body is `{}` unless the route requires one.
   */
  body(request: RequestContext, routeKey: string, options: { required: boolean }): unknown {
    const schema = this.routeSchemas[routeKey];
    if (!schema) throw new Error(`fake-prefect: no request schema for ${routeKey}`);
    const raw = request.rawBody;
    if (raw === undefined || raw.trim() === '') {
      if (options.required)
        throw this.invalid([{ type: 'missing', loc: ['body'], msg: 'Field required', input: null }], null);
      return this.validated(schema, {}, {});
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch (error) {
      const position = /position (\d+)/.exec(String(error))?.[1];
      const issue: ValidationIssue = {
        type: 'json_invalid',
        loc: ['body', Number(position ?? 0)],
        msg: 'JSON decode error',
        input: {},
        ctx: { error: 'Expecting value' },
      };
      throw this.invalid([issue], raw);
    }
    return this.validated(schema, parsed, parsed);
  }

  /**
   * The `limit` of a filter body, checked before the rest of the body as Prefect's LimitBody dependency
   * does: absent means the server default (200), above it or negative is a 422 with a `detail`.
   */
  limit(request: RequestContext): number {
    let sent: unknown;
    try {
      sent = request.rawBody?.trim()
        ? (JSON.parse(request.rawBody) as Record<string, unknown>)?.['limit']
        : undefined;
    } catch {
      sent = undefined;
    }
    const limit =
      typeof sent === 'number'
        ? sent
        : typeof sent === 'string' && /^\s*-?\d+\s*$/.test(sent)
          ? Number(sent)
          : NaN;
    if (sent === undefined || sent === null || !Number.isInteger(limit)) return DEFAULT_LIMIT;
    if (limit < 0) throw detail(422, 'Invalid limit: must be greater than or equal to 0.');
    if (limit > DEFAULT_LIMIT)
      throw detail(422, `Invalid limit: must be less than or equal to ${DEFAULT_LIMIT}.`);
    return limit;
  }

  private validated(schema: JsonSchema, value: unknown, requestBody: unknown): unknown {
    const outcome = this.validator.validate(schema, value);
    if (!outcome.ok) throw this.invalid(outcome.issues, requestBody);
    return outcome.value;
  }

  private invalid(issues: ValidationIssue[], requestBody: unknown) {
    return invalidRequest(this.profile.legacy ? issues.map(toPydanticV1) : issues, requestBody);
  }
}
