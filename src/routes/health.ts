import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { LivenessSchema, ReadinessSchema } from '../../schemas/health.js'
import { problemResponse } from '../../schemas/problem.js'
import { AppError } from '../errors.js'

const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/health/live',
    {
      schema: {
        operationId: 'getLiveness',
        tags: ['health'],
        summary: 'Liveness probe',
        description: 'Answers 200 as soon as the process serves HTTP, also while the corpus is still booting.',
        response: { 200: LivenessSchema }
      }
    },
    async () => ({ status: 'ok' as const })
  )

  app.get(
    '/health/ready',
    {
      schema: {
        operationId: 'getReadiness',
        tags: ['health'],
        summary: 'Readiness probe',
        description:
          'Answers 200 with the article count, the data version, the snapshot manifest (read-only service) and the boot report once the corpus is loaded; 503 problem+json while it is booting or if the boot failed.',
        response: { 200: ReadinessSchema, 503: problemResponse('The corpus is still booting, or its boot failed.') }
      }
    },
    async () => {
      const { report, ready, dataVersion } = app.corpus
      if (!ready) {
        const detail =
          report.status === 'failed'
            ? `corpus boot failed: ${report.error ?? 'unknown error'}`
            : `corpus is booting: ${report.read} articles read, ${report.skippedTotal} items skipped so far`
        throw new AppError('notReady', detail)
      }
      return { status: 'ready' as const, articles: app.store.articles.count(), pipelineVersion: app.knowledge.version, dataVersion, snapshot: app.snapshot, boot: report }
    }
  )
}

export default healthRoutes
