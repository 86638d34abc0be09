import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import swagger, { type SwaggerTransformObject } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

type Json = unknown

/**
 * Response schemas embed shared schemas (EntityRef inside Event, …) by value, each with its `$id`. The serializer
 * rejects one `$id` appearing twice in a schema, so before routes compile, every `$id` in a response schema is moved
 * to this annotation; the contract below turns it back into a named component.
 */
const COMPONENT = 'x-component'

function markComponents(node: Json): Json {
  if (Array.isArray(node)) return node.map(markComponents)
  if (node === null || typeof node !== 'object') return node
  const out: Record<string, Json> = {}
  for (const [key, value] of Object.entries(node as Record<string, Json>)) {
    if (key === '$id') out[COMPONENT] = value
    else out[key] = key === 'examples' ? value : markComponents(value)
  }
  return out
}

/**
 * Every schema that carries an `$id` becomes a named component (`#/components/schemas/Article`, never `def-0`),
 * and each place it was embedded becomes a `$ref` to it.
 */
function hoistComponents(node: Json, components: Map<string, Json>, top = true): Json {
  if (Array.isArray(node)) return node.map((n) => hoistComponents(n, components, false))
  if (node === null || typeof node !== 'object') return node
  const obj = node as Record<string, Json>
  const { $id: id, [COMPONENT]: marked, ...rest } = obj
  const $id = id ?? marked
  const walked: Record<string, Json> = {}
  for (const [key, value] of Object.entries(rest)) {
    walked[key] = key === 'examples' || key === 'example' ? value : hoistComponents(value, components, false)
  }
  if (typeof $id === 'string') {
    if (!components.has($id)) components.set($id, walked)
    if (!top) return { $ref: `#/components/schemas/${$id}` }
  }
  return walked
}

interface Operation {
  parameters?: Json[]
  responses?: Record<string, { description?: string; headers?: Record<string, Json>; content?: Json }>
}

const VALIDATOR_HEADERS = {
  ETag: { description: 'Weak validator of this exact body; send it back in If-None-Match.', schema: { type: 'string' } },
  'Cache-Control': { description: '`public, max-age=60` (CACHE_MAX_AGE) on /v1.', schema: { type: 'string' } }
}

/**
 * The HTTP caching the http-cache plugin adds to every GET (ETag, Cache-Control, 304 on If-None-Match), written into
 * the contract here so clients see it without every route declaring it (a declared header would be validated).
 */
function documentValidators(op: Operation): void {
  op.parameters = [
    ...(op.parameters ?? []),
    { in: 'header', name: 'If-None-Match', required: false, description: 'ETag(s) of a copy you hold: 304 with no body when one matches.', schema: { type: 'string' } }
  ]
  const ok = op.responses?.['200']
  if (ok) ok.headers = { ...ok.headers, ...VALIDATOR_HEADERS }
  op.responses = { ...op.responses, 304: { description: 'Not Modified: your copy (If-None-Match) is current.', headers: VALIDATOR_HEADERS } }
}

const RETRY_AFTER = { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 0 } } }
const RATE_LIMIT_HEADERS = {
  'x-ratelimit-limit': { description: 'Requests this client may make per window (RATE_LIMIT_MAX); absent when the limit is off.', schema: { type: 'integer', minimum: 0 } },
  'x-ratelimit-remaining': { description: 'Requests left in the current window.', schema: { type: 'integer', minimum: 0 } },
  'x-ratelimit-reset': { description: 'Seconds until the current window ends.', schema: { type: 'integer', minimum: 0 } }
}
const CORS_HEADERS = {
  'Access-Control-Allow-Origin': { description: '`*`, or the request\u2019s Origin when CORS_ORIGINS lists it (then absent for other origins).', schema: { type: 'string' } }
}
const REQUEST_ID = {
  'x-request-id': { description: 'The request id: yours from `x-request-id` when it is a token of up to 128 characters, else generated. Logs carry it.', schema: { type: 'string' } }
}
const problemContent = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } }

/**
 * Answers every /v1 operation can give whatever its route: the rate limit (429) and load shedding (503), both
 * problem+json with Retry-After, sent by plugins rather than declared by each route; and the rate-limit and CORS
 * headers on its answers.
 */
function documentLimits(op: Operation): void {
  const ok = op.responses?.['200']
  if (ok) ok.headers = { ...ok.headers, ...RATE_LIMIT_HEADERS, ...CORS_HEADERS }
  op.responses = {
    ...op.responses,
    429: {
      description: 'Too many requests from this client (RATE_LIMIT_MAX per RATE_LIMIT_WINDOW_MS).',
      headers: { ...RETRY_AFTER, ...RATE_LIMIT_HEADERS },
      content: problemContent
    },
    503: { description: 'Overloaded: the server sheds load instead of falling over.', headers: RETRY_AFTER, content: problemContent }
  }
}

/** Every operation: a 500 that says nothing of the internals (logged with the request id), and the request id. */
function documentEveryResponse(op: Operation): void {
  op.responses = {
    ...op.responses,
    500: { description: 'Unexpected error. The body names no internals; the log has the details under the request id.', content: problemContent }
  }
  for (const response of Object.values(op.responses)) response.headers = { ...response.headers, ...REQUEST_ID }
}

export const API_TAGS = [
  { name: 'articles', description: 'The corpus articles, cleaned; full-text search.' },
  { name: 'quotes', description: 'Who said what: direct and reported speech with resolved speakers.' },
  { name: 'events', description: 'What happened, when and where: typed events with actors, places, dates and fatalities.' },
  { name: 'agreements', description: 'Agreements (Sochi 2018, Moscow 2020, …) with parties, provisions and every mention.' },
  { name: 'entities', description: 'People, organisations, countries, armed groups, places and media.' },
  { name: 'timeline', description: 'Events and statements in date order.' },
  { name: 'search', description: 'One search over entities, agreements, statements and articles, in Arabic or English.' },
  { name: 'health', description: 'Liveness and readiness.' }
]

export default fp(
  async function swaggerPlugin(app: FastifyInstance, opts: { version: string }) {
    const components = new Map<string, Json>()
    app.addHook('onRoute', (route) => {
      if (route.schema?.response) route.schema = { ...route.schema, response: markComponents(route.schema.response) }
    })
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Arabic News Intelligence API',
          version: opts.version,
          description:
            'Articles, quoted statements, events, agreements and entities extracted from Arabic news reporting. ' +
            'All offsets are UTF-16 indices into the served article body. Errors are RFC 9457 problem+json.',
          license: { name: 'MIT', identifier: 'MIT' }
        },
        servers: [{ url: '/', description: 'This server' }],
        tags: API_TAGS
      },
      transform: ({ schema, url }) => {
        const hoisted: Record<string, Json> = {}
        for (const [part, value] of Object.entries(schema ?? {})) {
          if (part === 'response' && value && typeof value === 'object') {
            hoisted[part] = Object.fromEntries(
              Object.entries(value as Record<string, Json>).map(([status, s]) => {
                const body = hoistComponents(s, components)
                // A response that is itself a component is referenced, not copied.
                const id = (s as Record<string, unknown> | undefined)?.[COMPONENT]
                return [status, typeof id === 'string' ? { $ref: `#/components/schemas/${id}`, description: (s as { description?: string }).description } : body]
              })
            )
          } else hoisted[part] = hoistComponents(value, components, false)
        }
        return { schema: hoisted as typeof schema, url }
      },
      transformObject: (documentObject) => {
        const doc = ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as {
          components?: { schemas?: Record<string, Json> }
          paths?: Record<string, Record<string, Operation>>
        }
        doc.components = { ...doc.components, schemas: Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b))) }
        for (const [path, methods] of Object.entries(doc.paths ?? {})) {
          if (!methods.get) continue
          if (path.startsWith('/v1/')) {
            documentValidators(methods.get)
            documentLimits(methods.get)
          }
          documentEveryResponse(methods.get)
        }
        return doc as ReturnType<SwaggerTransformObject>
      }
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'swagger' }
)
