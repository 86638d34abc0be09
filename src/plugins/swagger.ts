import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import swagger, { type SwaggerTransformObject } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { completeOperation, headOf, problemTypeSchema, sharedComponents, UNKNOWN_PARAMETERS, type Document } from './contract.js'

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

export interface SwaggerOptions {
  version: string
  /** PUBLIC_URL: where clients reach the API, path prefix included. */
  publicUrl?: string | undefined
}

/**
 * `servers`: PUBLIC_URL when set (generated clients get their base URL, Try it out works behind a path prefix);
 * otherwise `/`, the origin that serves the document.
 */
function servers(publicUrl: string | undefined) {
  if (publicUrl === undefined) {
    return [{ url: '/', description: 'Local: the server that serves this document (set PUBLIC_URL to publish its production address).', 'x-internal': false }]
  }
  return [{ url: publicUrl.replace(/\/$/, ''), description: 'Production: this deployment\u2019s public address (PUBLIC_URL).', 'x-internal': false }]
}

export default fp(
  async function swaggerPlugin(app: FastifyInstance, opts: SwaggerOptions) {
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
            'All offsets are UTF-16 indices into the served article body. Errors are RFC 9457 problem+json; each `type` is ' +
            'a stable URI listed (with what to do about it) in the `Problem` schema. ' +
            UNKNOWN_PARAMETERS +
            ' Every GET under /v1 carries an ETag and answers a matching If-None-Match with 304 and no body; HEAD answers the same headers.',
          contact: { name: 'Arabic News Intelligence API maintainers', url: 'https://news-intel.example/support', email: 'api@news-intel.example' },
          license: { name: 'MIT', identifier: 'MIT' }
        },
        servers: servers(opts.publicUrl),
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
        const doc = ('openapiObject' in documentObject ? documentObject.openapiObject : documentObject.swaggerObject) as Document
        const schemas = Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b)))
        const problem = schemas.Problem as { properties: Record<string, Json> } | undefined
        if (problem) problem.properties.type = problemTypeSchema()
        doc.components = { ...doc.components, schemas, ...sharedComponents() }
        for (const [path, methods] of Object.entries(doc.paths ?? {})) {
          if (!methods.get) continue
          completeOperation(methods.get, path.startsWith('/v1/'))
          methods.head = headOf(methods.get)
        }
        return doc as ReturnType<SwaggerTransformObject>
      }
    })
    // Behind a proxy that adds a path prefix, /docs (no trailing slash) must link its assets under that prefix.
    const prefix = opts.publicUrl === undefined ? '' : new URL(opts.publicUrl).pathname.replace(/\/$/, '')
    await app.register(swaggerUi, { routePrefix: '/docs', ...(prefix ? { indexPrefix: prefix } : {}) })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'swagger' }
)
