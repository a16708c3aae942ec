// The answers a Prefect server gives and the exact bodies of its errors: `{"detail"}` from handlers,
// `{"exception_message", "exception_detail", "request_body"}` for invalid bodies, and serialisation as FastAPI does.

import type { ValidationIssue } from '../validation/body-validator.js';

export interface Reply {
  status: number;
  /** A JSON value; undefined sends no body (204, 307). */
  body?: unknown;
  /** A non-JSON body sent as is (a proxy's HTML page). */
  text?: string;
  headers?: Record<string, string>;
}

/** Thrown by a route to answer at once with `reply`. */
export class PrefectHttpError extends Error {
  constructor(readonly reply: Reply) {
    super(`fake-prefect answers ${reply.status}`);
  }
}

export function json(status: number, body: unknown): Reply {
  return { status, body };
}

export function noContent(): Reply {
  return { status: 204 };
}

/** An HTTPException raised by a Prefect handler. */
export function detail(status: number, message: string): PrefectHttpError {
  return new PrefectHttpError({ status, body: { detail: message } });
}

export function invalidRequest(issues: ValidationIssue[], requestBody: unknown): PrefectHttpError {
  return new PrefectHttpError({
    status: 422,
    body: {
      exception_message: 'Invalid request received.',
      exception_detail: issues,
      request_body: requestBody,
    },
  });
}

/** What Prefect's catch-all handler answers for an exception a handler did not expect. */
export function internalServerError(): PrefectHttpError {
  return new PrefectHttpError({ status: 500, body: { exception_message: 'Internal Server Error' } });
}

export const DATA_INTEGRITY_CONFLICT =
  'Data integrity conflict. This usually means a unique or foreign key constraint was violated. See server logs for details.';

/** A number Python serialises as a float (`3600.0`), as Prefect's intervals and decay rates are. */
export class PythonFloat {
  constructor(readonly value: number) {}
}

const FLOAT_MARK = '__fake_prefect_float__';

/** Compact JSON as FastAPI writes it, with PythonFloat values printed the way Python prints floats. */
export function serialiseJson(body: unknown): string {
  const text = JSON.stringify(body, (_key, value: unknown) =>
    value instanceof PythonFloat ? `${FLOAT_MARK}${pythonFloatText(value.value)}` : value,
  );
  return text.replace(new RegExp(`"${FLOAT_MARK}([^"]*)"`, 'g'), '$1');
}

function pythonFloatText(value: number): string {
  if (!Number.isFinite(value)) return 'null';
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return `${value}.0`;
  return String(value);
}
