import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import helmet from '@fastify/helmet'

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

const isDocs = (request: FastifyRequest) => {
  const url = request.routeOptions.url ?? request.url
  return url === '/docs' || url.startsWith('/docs/')
}

/**
 * @fastify/helmet, tuned for a JSON API: nosniff, no framing (X-Frame-Options DENY and frame-ancestors 'none'),
 * no referrer, same-origin CORP/COOP, HSTS (one year, this host only), and a CSP that allows nothing on API responses
 * and just enough for Swagger UI on /docs (whose CSP also keeps its page from loading anything foreign). Off: COEP
 * (nothing to isolate) and the legacy document headers listed below.
 */
export default fp(
  async function securityHeaders(app: FastifyInstance) {
    await app.register(helmet, {
      global: true,
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
    })
    // One CSP per response, chosen by path (helmet's own CSP is per plugin, not per path).
    app.addHook('onRequest', async (request, reply) => {
      reply.header('content-security-policy', isDocs(request) ? DOCS_CSP : API_CSP)
    })
  },
  { name: 'security-headers' }
)
