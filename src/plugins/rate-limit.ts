import type { FastifyInstance } from 'fastify'
import fp from 'fastify-plugin'
import rateLimit from '@fastify/rate-limit'
import { AppError } from '../errors.js'
import { isProbe } from './under-pressure.js'

export interface RateLimitOptions {
  /** Requests per client per window; 0 turns the limit off. */
  max: number
  /** Window length (ms). */
  timeWindow: number
}

/**
 * A per-client request budget (keyed by `request.ip`, in process memory): past it, 429 problem+json with
 * `Retry-After` and the `x-ratelimit-*` headers. Health probes are exempt. Every response under the limit also says
 * `x-ratelimit-limit`, `-remaining` and `-reset`.
 */
export default fp(
  async function rateLimitPlugin(app: FastifyInstance, opts: RateLimitOptions) {
    if (opts.max <= 0) return
    await app.register(rateLimit, {
      global: true,
      max: opts.max,
      timeWindow: opts.timeWindow,
      allowList: (request) => isProbe(request),
      errorResponseBuilder: (_request, context) => {
        const retryAfter = Math.max(1, Math.ceil(context.ttl / 1000))
        return new AppError(
          'tooManyRequests',
          `rate limit of ${context.max} requests per ${Math.round(opts.timeWindow / 1000)} s exceeded; retry in ${context.after}`,
          undefined,
          { retryAfter }
        )
      }
    })
  },
  { name: 'rate-limit' }
)
