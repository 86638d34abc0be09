import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

export const DATA_VERSION_HEADER = 'x-data-version'

/**
 * Names the data that answered: `x-data-version` on every successful /v1 answer (and 304) and on /health/ready, once
 * the corpus is booted (from the snapshot's manifest when read-only). Clients and caches can tell which data a body
 * came from; replicas serving the same snapshot send the same version (and, the bodies being equal, the same ETags).
 */
export default fp(
  async function dataVersionPlugin(app: FastifyInstance) {
    const named = (request: FastifyRequest) => {
      const route = request.routeOptions.url ?? ''
      return route.startsWith('/v1/') || route === '/health/ready'
    }
    // synchronous (callback style): no promise per response
    app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      const version = app.corpus.dataVersion
      if (version !== null && reply.statusCode < 400 && named(request)) reply.header(DATA_VERSION_HEADER, version)
      done(null, payload)
    })
  },
  { name: 'data-version', dependencies: ['corpus'] }
)
