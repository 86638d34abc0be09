/**
 * Every error the service can report, in one place. The error-handler plugin turns them (and Fastify's own
 * validation errors) into RFC 9457 problem+json responses; nothing else builds error bodies.
 */
import type { FieldError } from '../schemas/problem.js'

/** Every problem `type` is this base plus the code (`…/problems/badCursor`): stable URIs a client may branch on. */
export const PROBLEM_BASE = 'https://news-intel.example/problems/'

interface ProblemType {
  status: number
  title: string
  /** What it means and what a client should do: the contract documents each type with it. */
  description: string
}

export const ErrorCodes = {
  validation: {
    status: 400,
    title: 'Invalid request',
    description:
      'A query or path parameter is invalid: out of range, badly formatted, not one of the allowed values, or inconsistent (a `bbox` whose minimum exceeds its maximum). `errors` names each field (`in`, `name`, `detail`). Correct those fields; the same request gets the same answer.'
  },
  badCursor: {
    status: 400,
    title: 'Invalid cursor',
    description: '`cursor` is not one this service issued for this list (altered, truncated, or from another list). Restart paging without `cursor`.'
  },
  badDateRange: { status: 400, title: 'Invalid date range', description: '`from` is after `to`. Swap or correct the dates.' },
  malformedRequest: {
    status: 400,
    title: 'Malformed request',
    description:
      'The request is not valid HTTP/1.1 (a malformed request line or header, conflicting `Content-Length` and `Transfer-Encoding`, a bad chunk): it was refused before any route saw it, and the connection is closed. Fix the client or proxy that sent it.'
  },
  notFound: {
    status: 404,
    title: 'Not found',
    description: 'No record has this id, or `articleId` names no article. Ids are stable across reboots, so the record is not in the corpus served: do not retry.'
  },
  routeNotFound: { status: 404, title: 'No such route', description: 'The path is not part of this API. Check it against the contract (/openapi.json, /docs), including the `/v1` prefix.' },
  methodNotAllowed: { status: 405, title: 'Method not allowed', description: 'The API only reads: use GET, HEAD or OPTIONS.' },
  notAcceptable: { status: 406, title: 'Not acceptable', description: 'The `Accept` header excludes every type the API sends. Accept `application/json` and `application/problem+json`.' },
  requestTimeout: {
    status: 408,
    title: 'Request timeout',
    description: 'The request did not arrive whole within the time the service allows (REQUEST_TIMEOUT_MS). Send it without pauses; the connection is closed.'
  },
  payloadTooLarge: { status: 413, title: 'Payload too large', description: 'The request carried a body larger than 16 KB. The API reads no request bodies: send none.' },
  unsupportedMediaType: { status: 415, title: 'Unsupported media type', description: 'The request carried a body of a type the API does not parse. The API reads no request bodies: send none.' },
  uriTooLong: {
    status: 414,
    title: 'URI too long',
    description: 'A path parameter is longer than the service accepts (3072 percent-encoded bytes; ids have at most 256 characters). Check the id.'
  },
  tooManyRequests: {
    status: 429,
    title: 'Too many requests',
    description:
      'This client used its request budget for the window (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS). Wait the `Retry-After` seconds, then retry; `x-ratelimit-remaining` and `x-ratelimit-reset` show the budget on every answer. Browsers may read all of them.'
  },
  headersTooLarge: {
    status: 431,
    title: 'Request header fields too large',
    description: 'The request line and headers exceed 16 KB. Send fewer or smaller headers (cookies, long custom headers) or a shorter URL.'
  },
  notReady: {
    status: 503,
    title: 'Service not ready',
    description: 'The corpus is still loading, or its boot failed (`detail` says which; so does /health/ready). Poll /health/ready and retry once it answers 200.'
  },
  overloaded: {
    status: 503,
    title: 'Service overloaded',
    description: 'The server is shedding load (event-loop delay or memory over its limits) instead of answering slowly. Wait the `Retry-After` seconds, then retry.'
  },
  internal: {
    status: 500,
    title: 'Internal error',
    description:
      'An unexpected fault. The body names no internals; the service log has them under `requestId`. Retrying may succeed; if it persists, report the `requestId`.'
  }
} as const satisfies Record<string, ProblemType>

export type ErrorCode = keyof typeof ErrorCodes


export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly title: string
  readonly errors: FieldError[] | undefined
  /** Seconds the client should wait before trying again (sent as `Retry-After` with 429 and 503). */
  readonly retryAfter: number | undefined

  constructor(code: ErrorCode, detail: string, errors?: FieldError[], options: { retryAfter?: number } = {}) {
    super(detail)
    this.name = 'AppError'
    this.code = code
    this.status = ErrorCodes[code].status
    this.title = ErrorCodes[code].title
    this.errors = errors
    this.retryAfter = options.retryAfter
  }
}

/** A 400 for invalid fields; its detail lists each one (`query/limit must be <= 100; …`). */
export const invalidFields = (errors: FieldError[]) => new AppError('validation', errors.map((e) => `${e.in}/${e.name} ${e.detail}`).join('; '), errors)
export const notFound = (what: string, id: string) => new AppError('notFound', `${what} '${id}' does not exist`)
export const badCursor = () => new AppError('badCursor', 'cursor is not one this service issued; start again without it', [
  { in: 'query', name: 'cursor', detail: 'unrecognised cursor' }
])

/** Start-up configuration problems: reported by server.ts, never over HTTP. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}
