import { Type, type Static } from 'typebox'
import { BOOT_REPORT_EXAMPLE, BootReportSchema } from './corpus.js'
import { DataVersionSchema, SnapshotManifestSchema } from './snapshot.js'

export const LivenessSchema = Type.Object(
  { status: Type.Literal('ok', { description: 'The process is up and serving HTTP.' }) },
  { $id: 'Liveness', description: 'Liveness probe result.', examples: [{ status: 'ok' }] }
)

export const ReadinessSchema = Type.Object(
  {
    status: Type.Literal('ready', { description: 'The corpus is loaded and every endpoint answers from it.' }),
    articles: Type.Integer({ minimum: 0, description: 'Articles served.' }),
    pipelineVersion: Type.String({ description: 'Version of the extraction pipeline the stored knowledge came from.' }),
    dataVersion: Type.Union([DataVersionSchema, Type.Null()], {
      description:
        'Which data answers (also the `x-data-version` header of every /v1 answer): a digest of the corpus and the pipeline, equal on every replica serving the same corpus or snapshot. Null only when the corpus files changed while a boot read them (the next boot names one).'
    }),
    snapshot: Type.Union([SnapshotManifestSchema, Type.Null()], { description: 'The manifest of the snapshot served read-only (DB_READONLY); null for a database this process boots itself.' }),
    boot: BootReportSchema
  },
  {
    $id: 'Readiness',
    description: 'Readiness probe result, with the report of the corpus boot.',
    examples: [
      {
        status: 'ready',
        articles: 5,
        pipelineVersion: 'pipeline-881c62e25d94+kb.e3efd7570305',
        dataVersion: '5d0c3a4e9b1f2a77',
        snapshot: null,
        boot: BOOT_REPORT_EXAMPLE
      }
    ]
  }
)
export type Readiness = Static<typeof ReadinessSchema>
