import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import fastifyCors from '@fastify/cors'
import { ConfigError } from '../errors.js'

export interface CorsPluginOptions {
  /** `CORS_ORIGINS`: `*`, or a comma-separated list of http(s) origins (validated by schemas/config.ts). */
  origins: string
  /** How long (seconds) a browser may reuse a preflight answer. Chromium caps it at 7200. */
  maxAge?: number
}

export const CORS_METHODS = ['GET', 'HEAD', 'OPTIONS']
/**
 * Response headers scripts on other origins may read (beyond the CORS-safelisted ones): validators, the request id,
 * backoff, the data version.
 */
export const CORS_EXPOSED_HEADERS = ['ETag', 'x-request-id', 'Retry-After', 'x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-reset', 'x-data-version']
export const CORS_MAX_AGE = 7200

/** `*` (any origin), or the set of allowed origins in the form browsers send them (`new URL(o).origin`). */
export function parseCorsOrigins(value: string): '*' | Set<string> {
  const entries = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  if (entries.length === 0 || entries.includes('*')) return '*'
  return new Set(
    entries.map((entry) => {
      try {
        return new URL(entry).origin
      } catch {
        throw new ConfigError(`CORS_ORIGINS: '${entry}' is not an origin`)
      }
    })
  )
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The CORS headers of an answer to this Origin, for answers given before routing (where no hook runs). */
    corsHeaders: (origin: string | undefined) => Record<string, string>
  }
}

/**
 * CORS for a public, read-only, credential-free API. With `*` every origin may read (Access-Control-Allow-Origin: *,
 * no Vary). With a list, an allowed Origin is echoed back (and every response says `Vary: Origin`); any other
 * origin gets no CORS header at all, and its preflight is a 404 — the browser then refuses the read.
 */
export default fp(
  async function corsPlugin(app: FastifyInstance, opts: CorsPluginOptions) {
    const allowed = parseCorsOrigins(opts.origins)
    const exposed = CORS_EXPOSED_HEADERS.join(', ')
    app.decorate('corsHeaders', (origin: string | undefined): Record<string, string> => {
      if (allowed === '*') return { 'access-control-allow-origin': '*', 'access-control-expose-headers': exposed }
      if (origin === undefined || !allowed.has(origin)) return { vary: 'Origin' }
      return { 'access-control-allow-origin': origin, 'access-control-expose-headers': exposed, vary: 'Origin' }
    })
    await app.register(fastifyCors, {
      origin: allowed === '*' ? '*' : (origin, cb) => cb(null, origin !== undefined && allowed.has(origin)),
      methods: CORS_METHODS,
      exposedHeaders: CORS_EXPOSED_HEADERS,
      maxAge: opts.maxAge ?? CORS_MAX_AGE,
      credentials: false,
      // A preflight without Origin is not from a browser; answer it like any other OPTIONS instead of a text/plain 400.
      strictPreflight: false
    })
  },
  { name: 'cors' }
)
