import { Type, type Static } from 'typebox'

/** UTF-16 offsets into the served article body (`body` of GET /v1/articles/{id}). */
export const SpanSchema = Type.Object(
  {
    start: Type.Integer({ minimum: 0, description: 'Start offset (UTF-16 code units) into the served article body, inclusive.' }),
    end: Type.Integer({ minimum: 0, description: 'End offset (UTF-16 code units) into the served article body, exclusive.' })
  },
  { $id: 'Span', description: 'A half-open range of UTF-16 offsets into the served article body.', examples: [{ start: 120, end: 168 }] }
)
export type Span = Static<typeof SpanSchema>

export const DatePrecisionSchema = Type.Enum(['day', 'week', 'month', 'year'], {
  $id: 'DatePrecision',
  description: 'How precise a resolved date is.',
  examples: ['day']
})
export type DatePrecision = Static<typeof DatePrecisionSchema>

/** A date expression resolved against the article's local publication date. */
export const DateValueSchema = Type.Object(
  {
    start: Type.String({ format: 'date', description: 'First day of the resolved range (YYYY-MM-DD).' }),
    end: Type.String({ format: 'date', description: 'Last day of the resolved range (YYYY-MM-DD), equal to start for a single day.' }),
    precision: DatePrecisionSchema,
    text: Type.String({ description: 'The date expression as written in the article (empty when the date was inherited from publication).' })
  },
  {
    $id: 'DateValue',
    description: 'A calendar range resolved from a date expression against the article\u2019s local publication date.',
    examples: [{ start: '2020-02-12', end: '2020-02-12', precision: 'day', text: 'الأربعاء' }]
  }
)
export type DateValue = Static<typeof DateValueSchema>

export const LimitSchema = Type.Integer({ minimum: 1, maximum: 100, default: 20, format: 'int32', description: 'Page size (1–100).', examples: [20] })
export const CursorSchema = Type.String({
  minLength: 1,
  maxLength: 512,
  pattern: '^[A-Za-z0-9_-]+$',
  description: 'Opaque cursor from the previous page\u2019s `nextCursor`; a cursor only fits the list (and filters) that issued it.'
})
export const dateParam = (description: string, example: string) => Type.String({ format: 'date', maxLength: 10, description, examples: [example] })
/** A request id the service adopts from the `x-request-id` request header (else it generates a UUID). */
export const REQUEST_ID_PATTERN = '^[A-Za-z0-9._:-]{1,128}$'

/** Names, ids and search words: free text, but never blank (a value with no non-space character is a 400). */
export const NOT_BLANK = '\\S'

/** `{ items, nextCursor, total }` around an item schema. */
export function PageSchema<T extends Parameters<typeof Type.Array>[0]>(item: T, id: string, description: string) {
  return Type.Object(
    {
      items: Type.Array(item, { description: 'This page of results.' }),
      nextCursor: Type.Union([Type.String(), Type.Null()], { description: 'Pass as `cursor` for the next page; null on the last page.' }),
      total: Type.Integer({ minimum: 0, description: 'Number of results matching the filters, over all pages.' })
    },
    // The generic example: a one-item last page; each operation's own example is a real first page.
    { $id: id, description, examples: [{ items: (item as { examples?: unknown[] }).examples?.slice(0, 1) ?? [], nextCursor: null, total: 1 }] }
  )
}
