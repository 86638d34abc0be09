import Fastify, { LogController, type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { randomUUID } from 'node:crypto'
import type { Config } from '../schemas/config.js'
import errorHandler from './plugins/error-handler.js'
import swagger from './plugins/swagger.js'
import httpCache from './plugins/http-cache.js'
import cors from './plugins/cors.js'
import storePlugin from './plugins/store.js'
import corpusPlugin from './plugins/corpus.js'
import healthRoutes from './routes/health.js'
import articleRoutes from './routes/articles.js'
import quoteRoutes from './routes/quotes.js'
import eventRoutes from './routes/events.js'
import agreementRoutes from './routes/agreements.js'
import entityRoutes from './routes/entities.js'
import timelineRoutes from './routes/timeline.js'
import searchRoutes from './routes/search.js'
import { createKnowledge } from './knowledge/extractor.js'
import { KB_DIR } from './config.js'

export const API_VERSION = '0.1.0'

/** Accept a caller's request id if it is a sane token; otherwise make one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * Builds the application without listening: config in, a ready-to-`listen` (or `inject`) Fastify instance out.
 * The corpus boots in the background once the app is ready; `app.corpus.done` settles when it is loaded.
 */
export async function buildApp(config: Config): Promise<FastifyInstance> {
  const app = Fastify({
    logger: { level: config.LOG_LEVEL },
    genReqId: (req) => {
      const given = req.headers['x-request-id']
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID()
    },
    logController: new LogController({ requestIdLogLabel: 'requestId' }),
    ajv: { customOptions: { allErrors: true, removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    routerOptions: { maxParamLength: 512, ignoreTrailingSlash: true }
  }).withTypeProvider<TypeBoxTypeProvider>()

  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id)
  })

  const knowledge = createKnowledge(KB_DIR)

  await app.register(errorHandler)
  await app.register(cors, { origins: config.CORS_ORIGINS })
  await app.register(httpCache, { maxAge: config.CACHE_MAX_AGE })
  await app.register(swagger, { version: API_VERSION })
  await app.register(storePlugin, { dbPath: config.DB_PATH, statementTerms: knowledge.statementTerms })
  await app.register(corpusPlugin, { config, extractor: knowledge.extractor(app.store), dateline: knowledge.dateline })
  await app.register(healthRoutes, { pipelineVersion: knowledge.version })
  for (const routes of [articleRoutes, quoteRoutes, eventRoutes, agreementRoutes, entityRoutes, timelineRoutes, searchRoutes]) {
    await app.register(routes, { prefix: '/v1' })
  }
  return app
}
