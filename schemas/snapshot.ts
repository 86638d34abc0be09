import { Type, type Static } from 'typebox'

export const SNAPSHOT_FORMAT = 'news-intel-snapshot/1'

/** 16 hexadecimal digits: a digest of the corpus fingerprint and the pipeline version. */
export const DATA_VERSION_PATTERN = '^[0-9a-f]{16}$'

export const DataVersionSchema = Type.String({
  pattern: DATA_VERSION_PATTERN,
  description:
    'Which data answered: a digest of the corpus (the names and bytes of its files, the reader) and the extraction pipeline. The same corpus and pipeline give the same data version on every machine and replica.'
})

/**
 * What `npm run snapshot` wrote: kept inside the snapshot (table `snapshot_manifest`), so the file is self-contained,
 * and beside it as `FILE.manifest.json` with the file's size and SHA-256.
 */
export const SnapshotManifestSchema = Type.Object(
  {
    format: Type.Literal(SNAPSHOT_FORMAT, { description: 'The snapshot format.' }),
    dataVersion: DataVersionSchema,
    corpusFingerprint: Type.String({ description: 'Digest of everything the boot read (corpus files, reader, pipeline version).' }),
    pipelineVersion: Type.String({ description: 'Version of the extraction pipeline (code and knowledge base) the stored knowledge came from.' }),
    schemaVersion: Type.Integer({ minimum: 1, description: 'Database schema version (the last migration applied).' }),
    articles: Type.Integer({ minimum: 0, description: 'Articles in the snapshot.' }),
    corpusDir: Type.String({ description: 'The corpus directory the snapshot was built from (informative).' }),
    builtAt: Type.String({ format: 'date-time', description: 'When the snapshot was written.' }),
    buildMs: Type.Integer({ minimum: 0, description: 'How long the build took (boot and copy), in milliseconds.' })
  },
  {
    $id: 'SnapshotManifest',
    description: 'The manifest of the snapshot being served (DB_READONLY).',
    examples: [
      {
        format: SNAPSHOT_FORMAT,
        dataVersion: '5d0c3a4e9b1f2a77',
        corpusFingerprint: '4f1e0c9a8b7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f',
        pipelineVersion: 'pipeline-881c62e25d94+kb.e3efd7570305',
        schemaVersion: 9,
        articles: 5,
        corpusDir: '/app/seeds',
        builtAt: '2026-11-23T17:00:00.000Z',
        buildMs: 2150
      }
    ]
  }
)
export type SnapshotManifest = Static<typeof SnapshotManifestSchema>

/** `FILE.manifest.json`: the manifest, and what the file should be (to check a copy before serving it). */
export const SnapshotFileManifestSchema = Type.Object({
  ...SnapshotManifestSchema.properties,
  file: Type.String({ description: 'File name of the snapshot (in the same directory).' }),
  bytes: Type.Integer({ minimum: 0, description: 'Size of the snapshot file.' }),
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$', description: 'SHA-256 of the snapshot file (as `sha256sum` prints it).' })
})
export type SnapshotFileManifest = Static<typeof SnapshotFileManifestSchema>
