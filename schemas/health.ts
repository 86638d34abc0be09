import { Type, type Static } from 'typebox'
import { BootReportSchema } from './corpus.js'

export const LivenessSchema = Type.Object(
  { status: Type.Literal('ok', { description: 'The process is up and serving HTTP.' }) },
  { $id: 'Liveness', description: 'Liveness probe result.', examples: [{ status: 'ok' }] }
)

export const ReadinessSchema = Type.Object(
  {
    status: Type.Literal('ready', { description: 'The corpus is loaded and every endpoint answers from it.' }),
    articles: Type.Integer({ minimum: 0, description: 'Articles served.' }),
    pipelineVersion: Type.String({ description: 'Version of the extraction pipeline the stored knowledge came from.' }),
    boot: BootReportSchema
  },
  {
    $id: 'Readiness',
    description: 'Readiness probe result, with the report of the corpus boot.',
    examples: [
      {
        status: 'ready',
        articles: 5,
        pipelineVersion: '1',
        boot: {
          status: 'ready',
          corpusDir: '/app/seeds',
          files: 5,
          read: 5,
          inserted: 5,
          updated: 0,
          unchanged: 0,
          removed: 0,
          skippedTotal: 0,
          skipped: [],
          warnings: [],
          fieldsRejected: 0,
          extractionFailures: {},
          startedAt: '2026-11-23T17:00:00.000Z',
          durationMs: 180,
          error: null
        }
      }
    ]
  }
)
export type Readiness = Static<typeof ReadinessSchema>
