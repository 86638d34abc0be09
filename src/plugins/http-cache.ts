import { hash } from 'node:crypto'
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'

/** Which Cache-Control a successful GET gets, by the route's path prefix; the first match wins. */
export interface CacheRule {
  prefix: string
  cacheControl: string
}

export interface HttpCacheOptions {
  /** `max-age` in seconds for the data under /v1 (default 60). */
  maxAge?: number
  /** Rules tried before the defaults (first match wins). */
  rules?: CacheRule[]
}

/**
 * - /v1: the data changes only when the corpus or the pipeline changes (a reboot), so shared caches may keep it a while.
 * - /health: probes must see the live state.
 * - anything else (the contract at /openapi.json, /docs): may be stored but is revalidated on every use, so a deploy
 *   that changes the contract is seen at once; with the ETag the revalidation is a 304 without a body.
 */
export function defaultRules(maxAge = 60): CacheRule[] {
  return [
    { prefix: '/v1/', cacheControl: `public, max-age=${maxAge}` },
    { prefix: '/health/', cacheControl: 'no-store' }
  ]
}
export const DEFAULT_CACHE_CONTROL = 'no-cache'

/**
 * A weak validator from the serialised body: two responses have the same tag exactly when they have the same bytes,
 * whatever changed in between (corpus, pipeline, code). Weak (`W/`) so a proxy that compresses may keep it.
 */
export function etagOf(body: string | Buffer): string {
  return `W/"${hash('sha1', body, 'base64url')}"`
}

/** RFC 9110 §13.1.2: `*`, or a list of entity tags compared weakly (the `W/` prefix is ignored on both sides). */
export function noneMatch(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false
  const opaque = etag.startsWith('W/') ? etag.slice(2) : etag
  for (const part of header.split(',')) {
    const tag = part.trim()
    if (tag === '*') return true
    if ((tag.startsWith('W/') ? tag.slice(2) : tag) === opaque) return true
  }
  return false
}

function cacheControlFor(request: FastifyRequest, rules: CacheRule[]): string {
  const route = request.routeOptions.url ?? request.url
  return rules.find((r) => route.startsWith(r.prefix))?.cacheControl ?? DEFAULT_CACHE_CONTROL
}

function onSendFor(rules: CacheRule[]) {
  return function httpCache(request: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
    const status = reply.statusCode
    if (status >= 400) {
      // Problems are about one request (they carry its id); never reuse them.
      reply.header('cache-control', 'no-store')
      reply.removeHeader('etag')
      return payload
    }
    const method = request.method
    if ((method !== 'GET' && method !== 'HEAD') || status !== 200) return payload
    // Streams (Swagger UI's static files) are served by @fastify/static with its own validators.
    if (typeof payload !== 'string' && !Buffer.isBuffer(payload)) return payload

    if (!reply.hasHeader('cache-control')) reply.header('cache-control', cacheControlFor(request, rules))
    if (reply.getHeader('cache-control') === 'no-store') return payload
    // UTF-8 once: hashed here and written to the socket as it is (a string would be encoded for each)
    const body = typeof payload === 'string' ? Buffer.from(payload) : payload
    if (!reply.hasHeader('etag')) reply.header('etag', etagOf(body))

    const ifNoneMatch = request.headers['if-none-match']
    if (!noneMatch(ifNoneMatch, String(reply.getHeader('etag')))) return body
    // 304: same ETag, Cache-Control and Vary as the 200 would have had, no body and no Content-Type.
    reply.code(304)
    reply.removeHeader('content-type')
    reply.removeHeader('content-length')
    // GET: null (not undefined, which onSend reads as "unchanged") means no body and no Content-Length. HEAD: Fastify's
    // own HEAD hook runs after this one, needs the payload, measures it (a 304 may carry the 200's length) and drops it.
    return method === 'HEAD' ? body : null
  }
}

/**
 * HTTP caching for every successful GET/HEAD: a weak ETag from the body, Cache-Control by route, and 304 on a
 * matching If-None-Match. Errors get `no-store` and no ETag. Works in onSend only; route handlers are untouched.
 */
export default fp(
  async function httpCachePlugin(app: FastifyInstance, opts: HttpCacheOptions) {
    const rules = [...(opts.rules ?? []), ...defaultRules(opts.maxAge)]
    const onSend = onSendFor(rules)
    // synchronous (callback style): no promise per response
    app.addHook('onSend', (request, reply, payload, done) => done(null, onSend(request, reply, payload)))
  },
  { name: 'http-cache' }
)
