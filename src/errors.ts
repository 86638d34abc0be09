/**
 * Every error the service can report, in one place. The error-handler plugin turns them (and Fastify's own
 * validation errors) into RFC 9457 problem+json responses; nothing else builds error bodies.
 */
import type { FieldError } from '../schemas/problem.js'

export const PROBLEM_BASE = 'https://news-intel.example/problems/'

export const ErrorCodes = {
  validation: { status: 400, title: 'Invalid request' },
  badCursor: { status: 400, title: 'Invalid cursor' },
  badDateRange: { status: 400, title: 'Invalid date range' },
  notFound: { status: 404, title: 'Not found' },
  routeNotFound: { status: 404, title: 'No such route' },
  methodNotAllowed: { status: 405, title: 'Method not allowed' },
  notAcceptable: { status: 406, title: 'Not acceptable' },
  payloadTooLarge: { status: 413, title: 'Payload too large' },
  unsupportedMediaType: { status: 415, title: 'Unsupported media type' },
  uriTooLong: { status: 414, title: 'URI too long' },
  tooManyRequests: { status: 429, title: 'Too many requests' },
  headersTooLarge: { status: 431, title: 'Request header fields too large' },
  notReady: { status: 503, title: 'Service not ready' },
  overloaded: { status: 503, title: 'Service overloaded' },
  internal: { status: 500, title: 'Internal error' }
} as const

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

/** A 400 for invalid fields; its detail lists each one (`querystring/limit must be <= 100; …`). */
export const invalidFields = (errors: FieldError[]) => new AppError('validation', errors.map((e) => `${e.in}/${e.name} ${e.detail}`).join('; '), errors)
export const notFound = (what: string, id: string) => new AppError('notFound', `${what} '${id}' does not exist`)
export const badCursor = () => new AppError('badCursor', 'cursor is not one this service issued; start again without it', [
  { in: 'querystring', name: 'cursor', detail: 'unrecognised cursor' }
])

/** Start-up configuration problems: reported by server.ts, never over HTTP. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}
