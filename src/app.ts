import Fastify, { LogController, type FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { randomUUID } from 'node:crypto'
import type { Config } from '../schemas/config.js'
import { REQUEST_ID_PATTERN } from '../schemas/common.js'
import errorHandler, { clientErrorHandler, frameworkErrors } from './plugins/error-handler.js'
import swagger from './plugins/swagger.js'
import httpCache from './plugins/http-cache.js'
import responseCache from './plugins/response-cache.js'
import cors from './plugins/cors.js'
import storePlugin from './plugins/store.js'
import corpusPlugin from './plugins/corpus.js'
import dataDir from './plugins/data-dir.js'
import dataVersion from './plugins/data-version.js'
import underPressure from './plugins/under-pressure.js'
import rateLimit from './plugins/rate-limit.js'
import securityHeaders from './plugins/security-headers.js'
import inputGuard from './plugins/input-guard.js'
import healthRoutes from './routes/health.js'
import articleRoutes from './routes/articles.js'
import quoteRoutes from './routes/quotes.js'
import eventRoutes from './routes/events.js'
import agreementRoutes from './routes/agreements.js'
import entityRoutes from './routes/entities.js'
import timelineRoutes from './routes/timeline.js'
import searchRoutes from './routes/search.js'
import knowledgePlugin from './plugins/knowledge.js'
import { trustProxySetting } from './config.js'

const API_VERSION = '0.1.0'

/** The API only reads: a request body is never needed, so anything past a few KB is refused (413) before parsing. */
const BODY_LIMIT = 16 * 1024
/**
 * Longest path parameter (raw, percent-encoded) the router accepts; past it, 404. Ids are at most 256 characters, and
 * an Arabic character is 6 encoded bytes (up to 12 for astral ones), so 256 × 12.
 */
const MAX_PARAM_LENGTH = 3072

/**
 * How often Node looks for requests past REQUEST_TIMEOUT_MS: a tenth of it, between 50 ms and 1 s, so a timeout
 * fires at most 10 % (and never more than a second) late. (With the timeout off, Node's default, for its headers
 * timeout.) Each look walks the open connections: cheap at any interval here.
 */
export function connectionsCheckingInterval(requestTimeoutMs: number): number {
  if (requestTimeoutMs <= 0) return 30_000
  return Math.min(1000, Math.max(50, Math.floor(requestTimeoutMs / 10)))
}

/** Accept a caller's request id if it is a sane token; otherwise make one. */
const REQUEST_ID = new RegExp(REQUEST_ID_PATTERN)

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
    // Unknown query parameters (cache busters such as `_`, `utm_*` tracking tags) are dropped before the handler, not
    // refused: generated clients, proxies and the contract all treat them as harmless (the contract says so).
    ajv: { customOptions: { allErrors: true, removeAdditional: true, coerceTypes: 'array', useDefaults: true } },
    routerOptions: { maxParamLength: MAX_PARAM_LENGTH, ignoreTrailingSlash: true },
    bodyLimit: BODY_LIMIT,
    // Slow-loris guard: the whole request must arrive within REQUEST_TIMEOUT_MS (408 otherwise). Node looks for
    // late requests every `connectionsCheckingInterval` (30 s by default: a 30 s timeout fired after up to 60 s).
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    http: { connectionsCheckingInterval: connectionsCheckingInterval(config.REQUEST_TIMEOUT_MS) },
    // Idle keep-alive sockets are closed on shutdown; in-flight requests are drained (closeWithGrace in server.ts).
    forceCloseConnections: 'idle',
    // Behind a proxy: whose X-Forwarded-For to believe, so request.ip (rate limit, logs) is the client's.
    trustProxy: trustProxySetting(config.TRUST_PROXY),
    // Errors raised before routing (malformed path escapes, over-long path parameters) are problem+json too, and so
    // are requests Node's HTTP parser refuses (malformed, smuggling shapes, headers too large, too slow).
    frameworkErrors,
    clientErrorHandler
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Hooks on every request are synchronous (callback style): an async hook costs a promise and a microtask each.
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('x-request-id', request.id)
    done()
  })

  // The knowledge base loads first (it takes a while, before load shedding starts watching the event loop).
  await app.register(knowledgePlugin, { kbDir: config.KB_DIR })
  await app.register(errorHandler)
  await app.register(inputGuard)
  await app.register(securityHeaders)
  await app.register(underPressure, {
    maxEventLoopDelay: config.MAX_EVENT_LOOP_DELAY_MS,
    maxHeapUsedBytes: config.MAX_HEAP_USED_BYTES,
    maxRssBytes: config.MAX_RSS_BYTES,
    retryAfter: config.PRESSURE_RETRY_AFTER_S
  })
  await app.register(rateLimit, { max: config.RATE_LIMIT_MAX, timeWindow: config.RATE_LIMIT_WINDOW_MS })
  await app.register(cors, { origins: config.CORS_ORIGINS })
  await app.register(httpCache, { maxAge: config.CACHE_MAX_AGE })
  await app.register(swagger, { version: API_VERSION, publicUrl: config.PUBLIC_URL })
  await app.register(dataDir, { dbPath: config.DB_PATH, corpusDir: config.CORPUS_DIR, readonly: config.DB_READONLY })
  await app.register(storePlugin, { dbPath: config.DB_PATH, readonly: config.DB_READONLY })
  await app.register(responseCache, { maxBytes: config.RESPONSE_CACHE_BYTES, prefix: '/v1/' })
  await app.register(corpusPlugin, { config })
  await app.register(dataVersion)
  await app.register(healthRoutes)
  for (const routes of [articleRoutes, quoteRoutes, eventRoutes, agreementRoutes, entityRoutes, timelineRoutes, searchRoutes]) {
    await app.register(routes, { prefix: '/v1' })
  }
  return app
}
