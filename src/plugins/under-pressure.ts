import type { FastifyInstance, FastifyRequest } from 'fastify'
import fp from 'fastify-plugin'
import underPressure from '@fastify/under-pressure'
import { AppError } from '../errors.js'

export interface UnderPressureOptions {
  /** Mean event-loop delay (ms) above which requests are shed; 0 = off. */
  maxEventLoopDelay: number
  /** V8 heap in use (bytes) above which requests are shed; 0 = off. */
  maxHeapUsedBytes: number
  /** Resident set size (bytes) above which requests are shed; 0 = off. */
  maxRssBytes: number
  /** `Retry-After` seconds sent with the 503. */
  retryAfter: number
  /** How often the process is measured (ms); default 1000. */
  sampleInterval?: number
}

/** Probes must see the process as it is: shedding /health/live would make an orchestrator kill a busy-but-alive server. */
export const isProbe = (request: FastifyRequest) => (request.routeOptions.url ?? request.url).startsWith('/health/')

/**
 * Load shedding with @fastify/under-pressure: while the event loop lags (or memory is over a set limit) every request
 * but the health probes gets an immediate 503 problem+json with `Retry-After`, instead of queueing until the process
 * falls over. Measured once per `sampleInterval`, so the check costs a few comparisons per request.
 */
export default fp(
  async function underPressurePlugin(app: FastifyInstance, opts: UnderPressureOptions) {
    await app.register(underPressure, {
      maxEventLoopDelay: opts.maxEventLoopDelay,
      maxHeapUsedBytes: opts.maxHeapUsedBytes,
      maxRssBytes: opts.maxRssBytes,
      retryAfter: opts.retryAfter,
      ...(opts.sampleInterval ? { sampleInterval: opts.sampleInterval } : {}),
      pressureHandler: (request, _reply, type, value) => {
        if (isProbe(request)) return undefined
        request.log.warn({ pressure: type, value }, 'shedding load')
        const measure = typeof value === 'number' ? ` (${type} ${Math.round(value)})` : ` (${type})`
        return Promise.reject(
          new AppError('overloaded', `the service is overloaded${measure}; retry in ${opts.retryAfter} s`, undefined, {
            retryAfter: opts.retryAfter
          })
        )
      }
    })
  },
  { name: 'under-pressure' }
)
