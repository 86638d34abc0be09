import { randomUUID } from 'node:crypto'
import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import { AppError, ErrorCodes, invalidFields, PROBLEM_BASE, type ErrorCode } from '../errors.js'
import type { FieldError, FieldLocation, Problem } from '../../schemas/problem.js'

interface AjvIssue {
  instancePath?: string
  keyword?: string
  message?: string
  params?: Record<string, unknown>
}

/** Fastify's validation contexts in OpenAPI's words for where a parameter is (FieldError.in). */
const LOCATIONS: Record<string, FieldLocation> = { querystring: 'query', params: 'path', headers: 'header' }

function describe(issue: AjvIssue): string {
  const allowed = issue.params?.allowedValues
  if (issue.keyword === 'enum' && Array.isArray(allowed)) return `must be one of: ${allowed.join(', ')}`
  if (issue.keyword === 'required') return 'is required'
  return issue.message ?? 'is invalid'
}

/** Ajv issues → one entry per bad field (the first issue for it), named as the client spelled it. */
function fieldErrors(part: FieldLocation, issues: AjvIssue[]): FieldError[] {
  const byName = new Map<string, FieldError>()
  for (const issue of issues) {
    const missing = issue.params?.missingProperty ?? issue.params?.additionalProperty
    const name = typeof missing === 'string' ? missing : (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || part
    if (!byName.has(name)) byName.set(name, { in: part, name, detail: describe(issue) })
  }
  return [...byName.values()]
}

/** Fastify's own client errors (bad JSON, body too large, unsupported media type…) keep their 4xx status. */
function codeForFastifyError(error: FastifyError): ErrorCode {
  switch (error.statusCode) {
    case 404:
      return 'routeNotFound'
    case 405:
      return 'methodNotAllowed'
    case 406:
      return 'notAcceptable'
    case 413:
      return 'payloadTooLarge'
    case 414:
      return 'uriTooLong'
    case 415:
      return 'unsupportedMediaType'
    case 429:
      return 'tooManyRequests'
    case 431:
      return 'headersTooLarge'
    default:
      return 'validation'
  }
}

function sendProblem(request: FastifyRequest, reply: FastifyReply, code: ErrorCode, detail: string, errors?: FieldError[]) {
  const { status, title } = ErrorCodes[code]
  const problem: Problem = {
    type: PROBLEM_BASE + code,
    title,
    status,
    detail,
    instance: request.url,
    requestId: String(request.id),
    ...(errors ? { errors } : {})
  }
  return reply.code(status).type('application/problem+json').send(problem)
}

/**
 * Fastify's `frameworkErrors` option: errors raised before routing (a path with broken percent-escapes, a path
 * parameter over `maxParamLength`), which otherwise get Fastify's plain JSON body. Same problem+json as the rest.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', String(request.id))
  // No hook runs for these: CORS headers here, or a browser could not read the problem.
  const origin = request.headers.origin
  if (request.server.hasDecorator('corsHeaders')) reply.headers(request.server.corsHeaders(origin))
  reply.header('cache-control', 'no-store')
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    return sendProblem(request, reply, 'uriTooLong', 'a path parameter is longer than this service accepts')
  }
  if (error.code === 'FST_ERR_BAD_URL') {
    return sendProblem(request, reply, 'validation', 'the path is not valid percent-encoded UTF-8', [
      { in: 'path', name: 'url', detail: 'malformed percent-encoding' }
    ])
  }
  const code = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? codeForFastifyError(error) : 'internal'
  return sendProblem(request, reply, code, error.message)
}

/** A Node HTTP parser error (llhttp's `HPE_*`), with the reason it gives. */
type ClientError = Error & { code?: string; reason?: string }

/** What Node's HTTP parser refused, as a problem: the code and a sentence for the client. */
function clientProblem(err: ClientError): [ErrorCode, string] {
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') return ['requestTimeout', 'the request did not arrive in time; send it whole, without pauses']
  if (err.code === 'HPE_HEADER_OVERFLOW') return ['headersTooLarge', 'the request line and headers are larger than this service accepts (16 KB)']
  return ['malformedRequest', `the request is not valid HTTP/1.1 (${err.code ?? 'parse error'}${err.reason ? `: ${err.reason}` : ''})`]
}

/**
 * Fastify's `clientErrorHandler` option: requests Node's HTTP parser refuses before any route sees them (malformed
 * or smuggling-shaped requests, headers over 16 KB, a request not sent within REQUEST_TIMEOUT_MS). Fastify's default
 * answers plain JSON; this answers the same problem+json as every other error, with a request id, and closes the
 * connection (the parser's state is lost). Nothing is written when a response on that socket has begun, as Node does.
 * Its problems (malformedRequest, headersTooLarge, requestTimeout) have an empty `instance`: the URL is not known here.
 */
export function clientErrorHandler(this: FastifyInstance, err: ClientError, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return
  const [code, detail] = clientProblem(err)
  const { status, title } = ErrorCodes[code]
  const requestId = randomUUID()
  this.log.debug({ err, requestId }, `client error: ${status}`)
  const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage
  if (socket.writable && !inFlight?.headersSent) {
    // The URL is not known (or not trusted) here: the instance is empty.
    const problem: Problem = { type: PROBLEM_BASE + code, title, status, detail, instance: '', requestId }
    const body = JSON.stringify(problem)
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? title}\r\n` +
        'Content-Type: application/problem+json; charset=utf-8\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Cache-Control: no-store\r\n' +
        'X-Content-Type-Options: nosniff\r\n' +
        `x-request-id: ${requestId}\r\n` +
        'Connection: close\r\n\r\n' +
        body
    )
  }
  socket.destroy(err)
}

/** The one place errors become responses: RFC 9457 problem+json for every 4xx and 5xx. */
export default fp(
  async function errorHandler(app: FastifyInstance) {
    app.setErrorHandler((error: FastifyError | AppError, request, reply) => {
      if (error instanceof AppError) {
        // 503s (not ready, overloaded) are states, not faults: a probe polling them must not fill the error log.
        if (error.status >= 500 && error.status !== 503) request.log.error({ err: error }, error.message)
        if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter))
        return sendProblem(request, reply, error.code, error.message, error.errors)
      }
      if (error.validation) {
        // Only parameters are validated (the API reads no bodies), so every context has a location.
        const part = LOCATIONS[error.validationContext ?? ''] ?? 'query'
        const invalid = invalidFields(fieldErrors(part, error.validation as AjvIssue[]))
        return sendProblem(request, reply, invalid.code, invalid.message, invalid.errors)
      }
      if (error.statusCode === 503) {
        // A plugin shedding load (e.g. @fastify/under-pressure without our handler): a 503, not an internal error.
        if (!reply.hasHeader('retry-after')) reply.header('retry-after', '10')
        return sendProblem(request, reply, 'overloaded', 'the service is overloaded; retry later')
      }
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return sendProblem(request, reply, codeForFastifyError(error), error.message)
      }
      request.log.error({ err: error }, 'unhandled error')
      return sendProblem(request, reply, 'internal', 'the server could not complete this request; it has been logged')
    })

    app.setNotFoundHandler((request, reply) =>
      sendProblem(request, reply, 'routeNotFound', `no route ${request.method} ${request.url.split('?')[0]}; see /docs`)
    )
  },
  { name: 'error-handler' }
)
