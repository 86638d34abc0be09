import type { IncomingMessage, ServerResponse } from 'node:http'
import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify'
import fp from 'fastify-plugin'
import helmet, { type HelmetOptions } from 'helmet'

/** A JSON API is never a document: it may run, load, frame and submit nothing. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"

/**
 * Swagger UI (/docs) is a page: its own scripts and styles (same origin, no inline script), inline `style` attributes
 * (React sets them), data: images and fonts, and fetches of the contract from this origin. Nothing else.
 */
export const DOCS_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "object-src 'none'"
].join('; ')

/**
 * Helmet, tuned for a JSON API: nosniff, no framing (X-Frame-Options DENY and frame-ancestors 'none'), no referrer,
 * same-origin CORP/COOP, HSTS (one year, this host only). Off: helmet's CSP (ours is chosen by path, below), COEP
 * (nothing to isolate) and the legacy document headers listed below.
 */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: false,
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: { policy: 'same-origin' },
  // CORP governs no-cors embedding (<img>, <script>); CORS reads by other origins are unaffected.
  crossOriginResourcePolicy: { policy: 'same-origin' },
  frameguard: { action: 'deny' },
  referrerPolicy: { policy: 'no-referrer' },
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  // Headers for HTML documents in old browsers and plugins (IE's download dialog, Flash/Acrobat policy files, the
  // retired XSS auditor, DNS prefetching of links, origin-keyed agent clusters): nothing a JSON response can use,
  // yet a few hundred bytes on every one of them.
  dnsPrefetchControl: false,
  ieNoOpen: false,
  originAgentCluster: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false
}

/**
 * The headers helmet's middleware sets for `options`, read once by running it against a recording response. With
 * these options (no CSP nonces, nothing taken from the request) they are the same on every response.
 */
export function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  const recorder = {
    setHeader(name: string, value: string | number | readonly string[]) {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value)
      return recorder
    },
    removeHeader(name: string) {
      delete headers[name.toLowerCase()]
    }
  }
  helmet(options)({} as IncomingMessage, recorder as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error
  })
  return headers
}

const isDocs = (request: FastifyRequest) => {
  const url = request.routeOptions.url ?? request.url
  return url === '/docs' || url.startsWith('/docs/')
}

/**
 * Helmet's security headers on every response (answers, problems, 404s, /docs), plus one CSP chosen by path: one that
 * allows nothing on the API and just enough for Swagger UI on /docs (whose CSP also keeps its page from loading
 * anything foreign).
 *
 * Helmet is run once at start-up, not per request: @fastify/helmet builds helmet's whole middleware chain again for
 * every request (a measurable share of a small cached answer's cost), although with these options every header is a
 * constant. One synchronous hook then sets the precomputed set.
 */
export default fp(
  async function securityHeaders(app: FastifyInstance) {
    const base = helmetHeaders(HELMET_OPTIONS)
    const api = Object.freeze({ ...base, 'content-security-policy': API_CSP })
    const docs = Object.freeze({ ...base, 'content-security-policy': DOCS_CSP })
    app.addHook('onRequest', (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
      reply.headers(isDocs(request) ? docs : api)
      done()
    })
  },
  { name: 'security-headers' }
)
