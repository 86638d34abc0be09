import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import swagger, { type SwaggerTransformObject } from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'

type Json = unknown

/**
 * Every schema that carries an `$id` becomes a named component (`#/components/schemas/Article`, never `def-0`),
 * and each place it was embedded becomes a `$ref` to it.
 */
function hoistComponents(node: Json, components: Map<string, Json>, top = true): Json {
  if (Array.isArray(node)) return node.map((n) => hoistComponents(n, components, false))
  if (node === null || typeof node !== 'object') return node
  const obj = node as Record<string, Json>
  const { $id, ...rest } = obj
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
  { name: 'health', description: 'Liveness and readiness.' }
]

export default fp(
  async function swaggerPlugin(app: FastifyInstance, opts: { version: string }) {
    const components = new Map<string, Json>()
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
                const id = (s as { $id?: unknown })?.$id
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
        }
        doc.components = { ...doc.components, schemas: Object.fromEntries([...components].sort(([a], [b]) => a.localeCompare(b))) }
        return doc as ReturnType<SwaggerTransformObject>
      }
    })
    await app.register(swaggerUi, { routePrefix: '/docs' })
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger())
  },
  { name: 'swagger' }
)
