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
  notReady: { status: 503, title: 'Service not ready' },
  internal: { status: 500, title: 'Internal error' }
} as const

export type ErrorCode = keyof typeof ErrorCodes


export class AppError extends Error {
  readonly code: ErrorCode
  readonly status: number
  readonly title: string
  readonly errors: FieldError[] | undefined

  constructor(code: ErrorCode, detail: string, errors?: FieldError[]) {
    super(detail)
    this.name = 'AppError'
    this.code = code
    this.status = ErrorCodes[code].status
    this.title = ErrorCodes[code].title
    this.errors = errors
  }
}

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
