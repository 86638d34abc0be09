import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import fp from 'fastify-plugin'

declare module 'fastify' {
  interface FastifyRequest {
    /** The cache generation a miss started in, `hit` when answered from the cache, null when not cacheable. */
    responseCache: number | 'hit' | null
  }
  interface FastifyInstance {
    /** What the response cache holds: entries, and the memory they are counted as taking (see `entryBytes`). */
    responseCacheStats: () => { entries: number; bytes: number; maxBytes: number }
  }
}

export interface ResponseCacheOptions {
  /** Memory for cached entries, in bytes, as `entryBytes` counts it; 0 turns the cache off. */
  maxBytes: number
  /** Only GETs under this path prefix are cached. */
  prefix: string
}

interface Entry {
  /** UTF-8, in a buffer of its own: exactly its length in memory, and sent as it is, never encoded again. */
  body: Buffer
  etag: string
  bytes: number
}

/** A body larger than this share of the cache is not kept (one huge page would evict everything else). */
const MAX_ENTRY_SHARE = 0.05

/**
 * Memory an entry takes besides its body, URL and ETag: the Map slot, the entry object, the Buffer's objects and its
 * backing store's bookkeeping. bench/response-cache-memory.ts on the 60k corpus (16,000 entries of article details
 * and per-article lists, bodies of 1,805 bytes on average) measured 259 bytes an entry beyond the body, key and tag
 * included; with this constant an entry is counted about 5 % above what it takes.
 */
export const ENTRY_OVERHEAD_BYTES = 256

const LATIN1 = /^[\u0000-\u00ff]*$/

/**
 * What an entry is counted as taking, so that the budget is the memory the cache really holds. The URL key is counted
 * at one byte a character, or two if it has a character past U+00FF (V8 then stores it in UTF-16).
 *
 * Bodies used to be kept as the serialiser's strings and counted by their UTF-8 length: with Arabic text V8 holds
 * them in UTF-16 (two bytes a character, Latin letters and digits included), often as a rope of the pieces they
 * were built from, so an entry really took 1.56 times what was counted (2,820 bytes for 1,805 counted).
 */
export const entryBytes = (url: string, body: Buffer, etag: string) =>
  body.length + (LATIN1.test(url) ? 1 : 2) * url.length + etag.length + ENTRY_OVERHEAD_BYTES

/**
 * The body in an ArrayBuffer of its own (not a slice of Buffer's shared 8 KB pool, which one entry would keep alive):
 * http-cache hands on UTF-8 bytes, kept as they are when they own their memory, else copied; a string is encoded.
 */
function ownBuffer(payload: string | Buffer): Buffer {
  if (typeof payload !== 'string' && payload.byteOffset === 0 && payload.buffer.byteLength === payload.length) return payload
  const body = Buffer.allocUnsafeSlow(typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length)
  if (typeof payload === 'string') body.write(payload)
  else payload.copy(body)
  return body
}

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
    const entries = new Map<string, Entry>()
    let bytes = 0
    app.decorate('responseCacheStats', () => ({ entries: entries.size, bytes, maxBytes: opts.maxBytes }))
    if (opts.maxBytes <= 0) return
    app.decorateRequest('responseCache', null)
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
      if (typeof started !== 'number' || reply.statusCode !== 200 || (typeof payload !== 'string' && !Buffer.isBuffer(payload))) return
      const etag = reply.getHeader('etag')
      if (typeof etag !== 'string') return
      if ((typeof payload === 'string' ? Buffer.byteLength(payload) : payload.length) + ENTRY_OVERHEAD_BYTES > maxEntryBytes) return
      current()
      if (started !== generation) return
      const body = ownBuffer(payload)
      const size = entryBytes(request.url, body, etag)
      if (size > maxEntryBytes) return
      const old = entries.get(request.url)
      if (old !== undefined) bytes -= old.bytes
      entries.delete(request.url)
      entries.set(request.url, { body, etag, bytes: size })
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
