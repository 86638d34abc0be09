/**
 * What the OpenAPI document says beyond each route's own schema: the answers plugins give on every operation (HTTP
 * caching, rate limit, load shedding, CORS, the request id), the problem types, HEAD, and one example per answer
 * (schemas/examples.ts). Used by the swagger plugin's `transformObject`; pure functions over the document.
 */
import { ErrorCodes, PROBLEM_BASE, type ErrorCode } from '../errors.js'
import { EXAMPLE_REQUEST_ID, OPERATION_EXAMPLES, type ProblemExample } from '../../schemas/examples.js'
import { REQUEST_ID_PATTERN } from '../../schemas/common.js'
import { DATA_VERSION_PATTERN } from '../../schemas/snapshot.js'
import { CORS_EXPOSED_HEADERS } from './cors.js'

type Json = unknown

interface MediaType {
  schema?: Json
  examples?: Record<string, { summary: string; description?: string; value: Json }>
}
export interface Response {
  description?: string
  headers?: Record<string, Json>
  content?: Record<string, MediaType>
}
export interface Operation {
  operationId?: string
  summary?: string
  description?: string
  parameters?: Json[]
  responses?: Record<string, Response>
}
export interface Document {
  info?: Record<string, Json>
  servers?: Json[]
  components?: { schemas?: Record<string, Json>; headers?: Record<string, Json>; parameters?: Record<string, Json> }
  paths?: Record<string, Record<string, Operation>>
}

const text = (maxLength: number, extra: Record<string, Json> = {}) => ({ type: 'string', maxLength, ...extra })
const count = (maximum: number) => ({ type: 'integer', format: maximum > 2 ** 31 - 1 ? 'int64' : 'int32', minimum: 0, maximum })

/** Headers and request parameters shared by the operations, as named components (`#/components/headers/…`). */
const HEADERS: Record<string, Json> = {
  ETag: { description: 'Weak validator of this exact body; send it back in If-None-Match.', schema: text(64, { pattern: '^W/"[A-Za-z0-9_-]+"$' }), example: 'W/"NJBP98zkby4BaBHxl6_Wtw0dHh0"' },
  CacheControlPublic: { description: '`public, max-age=60` (CACHE_MAX_AGE) on /v1: shared caches may keep it.', schema: text(100), example: 'public, max-age=60' },
  CacheControlNoStore: { description: '`no-store`: about this one request (a problem, a probe), never reused.', schema: text(100), example: 'no-store' },
  RetryAfter: { description: 'Seconds to wait before trying again (readable by scripts on other origins).', schema: count(86_400), example: 10 },
  RateLimitLimit: {
    description: 'Requests this client may make per window (RATE_LIMIT_MAX); absent when the limit is off. Readable by scripts on other origins, as are the other two.',
    schema: count(Number.MAX_SAFE_INTEGER),
    example: 1000
  },
  RateLimitRemaining: { description: 'Requests left in the current window.', schema: count(Number.MAX_SAFE_INTEGER), example: 999 },
  RateLimitReset: { description: 'Seconds until the current window ends.', schema: count(86_400), example: 60 },
  'Access-Control-Allow-Origin': {
    description:
      '`*` (CORS_ORIGINS default), or the request\u2019s Origin when CORS_ORIGINS lists it; absent for an origin it does not list.',
    schema: text(2048),
    example: '*'
  },
  AccessControlExposeHeaders: {
    description: 'The response headers scripts on other origins may read besides the CORS-safelisted ones; sent with Access-Control-Allow-Origin.',
    schema: { type: 'string', const: CORS_EXPOSED_HEADERS.join(', ') }
  },
  DataVersion: {
    description:
      'Which data answered: a digest of the corpus and the extraction pipeline (the snapshot\u2019s, when served read-only), as /health/ready names it. Equal on every replica serving the same data, as are the ETags. Absent while a service that boots its own corpus is booting.',
    schema: text(16, { pattern: DATA_VERSION_PATTERN }),
    example: '5d0c3a4e9b1f2a77'
  },
  RequestId: {
    description: 'The request id: yours from the `x-request-id` request header when it matches the pattern, else a generated UUID. Logs carry it.',
    schema: text(128, { pattern: REQUEST_ID_PATTERN }),
    example: EXAMPLE_REQUEST_ID
  }
}
const PARAMETERS: Record<string, Json> = {
  RequestId: {
    in: 'header',
    name: 'x-request-id',
    required: false,
    description: 'Your id for this request, echoed in `x-request-id` and the problem\u2019s `requestId` and written to the logs. Another value is replaced by a generated UUID.',
    schema: text(128, { pattern: REQUEST_ID_PATTERN }),
    example: EXAMPLE_REQUEST_ID
  },
  IfNoneMatch: {
    in: 'header',
    name: 'If-None-Match',
    required: false,
    description: 'ETag(s) of a copy you hold (a list, `*`, `W/` or not; compared weakly): 304 with no body when one matches.',
    schema: text(8192, { pattern: String.raw`^\s*(?:\*|(?:W/)?"[^"]*"(?:\s*,\s*(?:W/)?"[^"]*")*)\s*$` }),
    example: 'W/"NJBP98zkby4BaBHxl6_Wtw0dHh0"'
  }
}
const header = (name: keyof typeof HEADERS & string) => ({ $ref: `#/components/headers/${name}` })
const parameter = (name: string) => ({ $ref: `#/components/parameters/${name}` })

/** The shared components this module's operations refer to. */
export const sharedComponents = () => ({ headers: HEADERS, parameters: PARAMETERS })

const RATE_LIMIT = { 'X-RateLimit-Limit': header('RateLimitLimit'), 'X-RateLimit-Remaining': header('RateLimitRemaining'), 'X-RateLimit-Reset': header('RateLimitReset') }
const CORS = { 'Access-Control-Allow-Origin': header('Access-Control-Allow-Origin'), 'Access-Control-Expose-Headers': header('AccessControlExposeHeaders') }

export const UNKNOWN_PARAMETERS =
  'Query parameters the operation does not declare (cache busters such as `_`, tracking tags such as `utm_source`) are ignored: they are not an error and change nothing but the URL.'

/** The problem `type` as the contract states it: one constant per problem type, each documented. */
export function problemTypeSchema(): Json {
  return {
    description: 'URI identifying the problem type: stable, one of those listed. Branch on it (e.g. `badCursor`: restart paging without `cursor`).',
    oneOf: Object.entries(ErrorCodes).map(([code, { status, title, description }]) => ({
      const: PROBLEM_BASE + code,
      title: code,
      description: `${status} ${title}. ${description}`
    }))
  }
}

function problemValue(example: ProblemExample): Json {
  const { status, title } = ErrorCodes[example.code as ErrorCode]
  return {
    type: PROBLEM_BASE + example.code,
    title,
    status,
    detail: example.detail,
    instance: example.request,
    requestId: EXAMPLE_REQUEST_ID,
    ...(example.errors ? { errors: example.errors } : {})
  }
}

/** The problem examples every /v1 operation has: 429, 500 and 503, at the operation's own example request. */
function commonProblems(request: string, v1: boolean): Record<number, ProblemExample[]> {
  const internal: ProblemExample = {
    code: 'internal',
    summary: 'an unexpected fault',
    request,
    detail: 'the server could not complete this request; it has been logged'
  }
  if (!v1) return { 500: [internal] }
  return {
    429: [{ code: 'tooManyRequests', summary: 'over the rate limit', request, detail: 'rate limit of 1000 requests per 60 s exceeded; retry in 1 minute' }],
    500: [internal],
    503: [
      { code: 'overloaded', summary: 'shedding load', request, detail: 'the service is overloaded (eventLoopDelay 1520); retry in 10 s' },
      { code: 'notReady', summary: 'first load of the corpus', request, detail: 'the corpus is loading into an empty database (12000 articles read so far); poll /health/ready' }
    ]
  }
}

function problemContent(examples: ProblemExample[]): Record<string, MediaType> {
  return {
    'application/problem+json': {
      schema: { $ref: '#/components/schemas/Problem' },
      examples: Object.fromEntries(examples.map((e) => [e.code === 'validation' ? `validation-${slug(e.summary)}` : e.code, { summary: e.summary, value: problemValue(e) }]))
    }
  }
}
const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')

const RESPONSE_DESCRIPTIONS: Record<string, string> = {
  304: 'Not Modified: your copy (If-None-Match) is current. No body; the same ETag and Cache-Control as the 200.',
  414: 'A path parameter longer than the service accepts. Answered before routing, so not counted by the rate limit.',
  429: 'Too many requests from this client (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS).',
  500: 'Unexpected error. The body names no internals; the log has the details under the request id.',
  503: 'Overloaded (the server sheds load instead of falling over), or not ready (the first load of a corpus into an empty database builds its indexes last; /v1 answers once it is done).'
}

/**
 * One operation, completed: request headers, the answers plugins give, headers on every answer, and the examples.
 * `v1`: under /v1 (HTTP caching, rate limit, load shedding apply); health probes are exempt from all three.
 */
export function completeOperation(op: Operation, v1: boolean): void {
  const examples = op.operationId ? OPERATION_EXAMPLES[op.operationId] : undefined
  if (!examples) throw new Error(`no examples for operation ${op.operationId ?? '?'} (schemas/examples.ts)`)
  const responses = (op.responses ??= {})
  op.parameters = [...(op.parameters ?? []), ...(v1 ? [parameter('IfNoneMatch')] : []), parameter('RequestId')]
  // A cursor fits only the list that issued it: its example is the next page of this operation's example.
  const nextCursor = (examples.ok.value as { nextCursor?: unknown }).nextCursor
  for (const p of op.parameters as { name?: string; example?: unknown }[]) if (p.name === 'cursor' && typeof nextCursor === 'string') p.example = nextCursor

  const problems = { ...commonProblems(examples.ok.request, v1), ...examples.problems }
  for (const [status, list] of Object.entries(problems)) {
    const described = responses[status]?.description ?? RESPONSE_DESCRIPTIONS[status] ?? ''
    const types = [...new Set(list.map((e) => `\`${e.code}\``))].join(', ')
    responses[status] = { description: `${described} Problem type${list.length > 1 ? 's' : ''}: ${types}.`, content: problemContent(list) }
  }
  if (v1) responses['304'] = { description: RESPONSE_DESCRIPTIONS['304'] ?? '' }
  if (responses['400']) responses['400'].description += ` ${UNKNOWN_PARAMETERS}`

  for (const [status, response] of Object.entries(responses)) {
    const code = Number(status)
    const headers: Record<string, Json> = { ...response.headers }
    const cacheable = v1 && (code === 200 || code === 304)
    Object.assign(headers, cacheable ? { ETag: header('ETag'), 'Cache-Control': header('CacheControlPublic') } : { 'Cache-Control': header('CacheControlNoStore') })
    if (cacheable || (op.operationId === 'getReadiness' && code === 200)) headers['x-data-version'] = header('DataVersion')
    // The rate limit counts every /v1 request it lets through; a request shed with 503 never reached it, and a 414 is
    // answered before routing, before every hook.
    const routed = code !== 414
    if (v1 && code !== 503 && routed) Object.assign(headers, RATE_LIMIT)
    if (code === 429 || (v1 && code === 503)) headers['Retry-After'] = header('RetryAfter')
    Object.assign(headers, CORS, { 'x-request-id': header('RequestId') })
    response.headers = headers
    const json = response.content?.['application/json']
    if (code === 200 && json) json.examples = { [op.operationId ?? 'ok']: { summary: examples.ok.summary, description: `GET ${examples.ok.request}`, value: examples.ok.value } }
  }
  op.responses = Object.fromEntries(Object.entries(responses).sort(([a], [b]) => a.localeCompare(b)))
}

/** HEAD of a GET: the same parameters, answers and headers, never a body. */
export function headOf(get: Operation): Operation {
  const copy = structuredClone(get)
  for (const response of Object.values(copy.responses ?? {})) delete response.content
  return {
    ...copy,
    operationId: `${get.operationId ?? ''}Head`,
    summary: `Headers of: ${get.summary ?? ''}`,
    description: `The headers GET would send (ETag, Cache-Control, Content-Length, rate limit…), without the body. ${get.description ?? ''}`.trim()
  }
}
