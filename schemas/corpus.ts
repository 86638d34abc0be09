import { Type, type Static } from 'typebox'

/**
 * ISO 8601 calendar date, or date-time with a UTC offset or without one (a local timestamp, `2015-08-04T18:17:24`,
 * as half the corpus gives it), as the outlet published it.
 */
export const PUBLISHED_AT_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\\d|3[01])(T([01]\\d|2[0-3]):[0-5]\\d(:[0-5]\\d(\\.\\d{1,9})?)?(Z|[+-]([01]\\d|2[0-3]):?[0-5]\\d)?)?$'

/** Sidecar metadata for a `NAME.txt` article: `NAME.meta.json`. */
export const ArticleMetaSchema = Type.Object(
  {
    publishedAt: Type.Optional(Type.String({ pattern: PUBLISHED_AT_PATTERN })),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    url: Type.Optional(Type.String({ minLength: 1, maxLength: 4000 }))
  },
  { additionalProperties: true }
)
export type ArticleMeta = Static<typeof ArticleMetaSchema>

/** One line of a `*.jsonl` / `*.jsonl.gz` corpus file. Extra fields (category, …) are ignored. */
export const JsonlArticleSchema = Type.Object(
  {
    id: Type.Union([Type.String({ minLength: 1, maxLength: 256 }), Type.Integer({ minimum: 0 })]),
    title: Type.String(),
    body: Type.String(),
    publishedAt: Type.Optional(Type.Union([Type.String(), Type.Null()])),
    source: Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()])),
    url: Type.Optional(Type.Union([Type.String({ maxLength: 4000 }), Type.Null()]))
  },
  { additionalProperties: true }
)

/** An article as read from the corpus and cleaned, before it is stored. */
export const SourceArticleSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  publishedAt: Type.Union([Type.String(), Type.Null()]),
  source: Type.Union([Type.String(), Type.Null()]),
  url: Type.Union([Type.String(), Type.Null()]),
  origin: Type.String({ description: 'file (and line) the article came from' })
})
export type SourceArticle = Static<typeof SourceArticleSchema>

export const SkippedItemSchema = Type.Object(
  {
    file: Type.String({ description: 'Corpus file, relative to CORPUS_DIR.' }),
    line: Type.Union([Type.Integer(), Type.Null()], { description: 'Line number for JSON-lines files.' }),
    id: Type.Union([Type.String(), Type.Null()], { description: 'Article id, when it could be read.' }),
    reason: Type.String({ description: 'Why it was skipped.' })
  },
  {
    $id: 'SkippedItem',
    description: 'A corpus file or line that was not loaded.',
    examples: [{ file: 'feed.jsonl', line: 42, id: null, reason: 'broken JSON line' }]
  }
)
export type SkippedItem = Static<typeof SkippedItemSchema>

/** A boot report of the seeds, the example of every schema that shows one. */
export const BOOT_REPORT_EXAMPLE = {
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

export const BootReportSchema = Type.Object(
  {
    status: Type.Union([Type.Literal('booting'), Type.Literal('ready'), Type.Literal('failed')]),
    corpusDir: Type.String(),
    files: Type.Integer({ description: 'Corpus files read.' }),
    read: Type.Integer({ description: 'Articles read successfully.' }),
    inserted: Type.Integer({ description: 'New articles stored and extracted.' }),
    updated: Type.Integer({ description: 'Changed articles (content or pipeline version) re-extracted.' }),
    unchanged: Type.Integer({ description: 'Articles whose content hash and pipeline version were already stored.' }),
    removed: Type.Integer({ description: 'Stored articles no longer in the corpus, deleted.' }),
    skippedTotal: Type.Integer({ description: 'Files or lines skipped.' }),
    skipped: Type.Array(SkippedItemSchema, { description: 'The first 100 skipped items.' }),
    warnings: Type.Array(Type.String(), { description: 'Non-fatal problems (e.g. an unreadable sidecar, an ignored field); first 100.' }),
    fieldsRejected: Type.Integer({
      minimum: 0,
      description: 'Fields of loaded articles that were ignored as unusable (a `publishedAt` that is no ISO 8601 date); the first are named in `warnings`.'
    }),
    extractionFailures: Type.Record(Type.String({ pattern: '^[a-z]+$' }), Type.Integer({ minimum: 1 }), {
      description:
        'Articles on which a pipeline stage threw, by stage (`entities`, `dates`, `quotes`, `speakers`, `agreements`, `events`, ' +
        '`assembly`); empty when none did. Such an article is stored without that stage\u2019s output; the first are named in `warnings`.'
    }),
    startedAt: Type.String({ format: 'date-time' }),
    durationMs: Type.Union([Type.Integer(), Type.Null()], { description: 'Boot time, null while booting.' }),
    error: Type.Union([Type.String(), Type.Null()], { description: 'Why boot failed (storage problems only; corpus content never fails boot).' })
  },
  {
    $id: 'BootReport',
    description: 'What the last corpus boot did.',
    examples: [BOOT_REPORT_EXAMPLE]
  }
)
export type BootReport = Static<typeof BootReportSchema>
