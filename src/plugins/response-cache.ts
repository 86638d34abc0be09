import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyRequest {
    /** The cache generation a miss started in, `hit` when answered from the cache, null when not cacheable. */
    responseCache: number | 'hit' | null
  }
}

export interface ResponseCacheOptions {
  /** Memory for cached bodies, in bytes (UTF-8 length); 0 turns the cache off. */
  maxBytes: number
  /** Only GETs under this path prefix are cached. */
  prefix: string
}

interface Entry {
  body: string
  etag: string
  bytes: number
}

/** A body larger than this share of the cache is not kept (one huge page would evict everything else). */
const MAX_ENTRY_SHARE = 0.05

/**
 * Keeps the serialised body and ETag of successful GETs by their URL, least recently used out first, and answers a
 * repeated URL from memory before validation and its handler run. The data behind /v1 only changes while a boot writes it (which
 * moves `generation` and empties the cache), so a cached body is exactly what the handler would produce again.
 *
 * Looks up in preValidation, after the rate limit and load shedding have had their say, and stores in onSend after
 * http-cache (whose onSend sets the ETag, Cache-Control and the 304 logic for hits as for misses). Only bodies are cached: every
 * header is still set per request (request id, CORS, rate-limit counters, security headers).
 */
export default fp(
  async function responseCache(app: FastifyInstance, opts: ResponseCacheOptions) {
    if (opts.maxBytes <= 0) return
    const entries = new Map<string, Entry>()
    app.decorateRequest('responseCache', null)
    let bytes = 0
    // moves whenever the data behind the responses does: entries from an older generation are never served
    let generation = app.store.generation
    const maxEntryBytes = Math.max(1, Math.floor(opts.maxBytes * MAX_ENTRY_SHARE))

    const current = () => {
      const now = app.store.generation
      if (now !== generation) {
        entries.clear()
        bytes = 0
        generation = now
      }
    }
    const cacheable = (request: FastifyRequest) => request.method === 'GET' && request.url.startsWith(opts.prefix)

    // preValidation: after every onRequest hook, including the rate limit's, which @fastify/rate-limit adds per route
    // (route hooks run after app hooks, so an onRequest lookup here would answer before the budget is counted).
    // Synchronous hooks (callback style): no promise per request on the path a hit takes.
    app.addHook('preValidation', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      if (!cacheable(request)) return done()
      current()
      const entry = entries.get(request.url)
      if (entry === undefined) {
        // a body produced while a boot was writing (the generation moved meanwhile) is not kept
        request.responseCache = generation
        return done()
      }
      // most recently used last
      entries.delete(request.url)
      entries.set(request.url, entry)
      request.responseCache = 'hit'
      // answered here: `done` is not called, so validation and the handler never run
      reply.header('content-type', 'application/json; charset=utf-8').header('etag', entry.etag).send(entry.body)
    })

    app.addHook('onSend', (request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      store(request, reply, payload)
      done(null, payload)
    })

    function store(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
      const started = request.responseCache
      if (typeof started !== 'number' || reply.statusCode !== 200 || typeof payload !== 'string') return
      const etag = reply.getHeader('etag')
      if (typeof etag !== 'string') return
      const size = Buffer.byteLength(payload)
      if (size > maxEntryBytes) return
      current()
      if (started !== generation) return
      const old = entries.get(request.url)
      if (old !== undefined) bytes -= old.bytes
      entries.delete(request.url)
      entries.set(request.url, { body: payload, etag, bytes: size })
      bytes += size
      for (const [key, entry] of entries) {
        if (bytes <= opts.maxBytes) break
        entries.delete(key)
        bytes -= entry.bytes
      }
    }
  },
  { name: 'response-cache', dependencies: ['http-cache', 'store'] }
)
