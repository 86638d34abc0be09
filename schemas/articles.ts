import { Type, type Static } from 'typebox'
import { CursorSchema, dateParam, LimitSchema, NOT_BLANK, PageSchema } from './common.js'

export const ArticleIdSchema = Type.String({
  minLength: 1,
  maxLength: 256,
  pattern: NOT_BLANK,
  description: 'Article id: the file name without extension for .txt articles, the `id` field for JSON lines.',
  examples: ['000_b4eebee602e972a1']
})

const articleFields = {
  id: ArticleIdSchema,
  title: Type.String({ description: 'Cleaned headline.' }),
  publishedAt: Type.Union([Type.String(), Type.Null()], {
    description: 'Publication date as the outlet gave it: YYYY-MM-DD, or an ISO 8601 date-time with the outlet\u2019s UTC offset or, when the outlet gave none, its local time.'
  }),
  source: Type.Union([Type.String(), Type.Null()], { description: 'Outlet, from metadata or the article\u2019s dateline.' }),
  url: Type.Union([Type.String(), Type.Null()], { description: 'Original URL, when known.' }),
  language: Type.String({ description: 'BCP 47 language of the body (`ar`, or `und` when not mainly Arabic script).' }),
  wordCount: Type.Integer({ minimum: 0, description: 'Words in the cleaned body.' })
}

const exampleArticle = {
  id: '000_b4eebee602e972a1',
  title: 'موسكو: تركيا لم تلتزم باتفاق إدلب ولم تبعد المتطرفين',
  publishedAt: '2020-02-12',
  source: null,
  url: null,
  language: 'ar',
  wordCount: 350
}

export const ArticleSummarySchema = Type.Object(
  {
    ...articleFields,
    excerpt: Type.String({ description: 'The first 200 characters of the body.' })
  },
  { $id: 'ArticleSummary', description: 'An article without its body.', examples: [
      {
        ...exampleArticle,
        excerpt:
          'الخلاف بين موسكو وأنقرة على الرغم من مساعي التهدئة، ففي حين اتهم الرئيس التركي، رجب طيب أردوغان، روسيا بارتكاب مجازر في إدلب، شمال غربي روسيا، أكد الكرملين، الأربعاء، أن تركيا لا تلتزم بالاتفاقيات الت'
      }
    ] }
)
export type ArticleSummary = Static<typeof ArticleSummarySchema>

export const ArticleSchema = Type.Object(
  {
    ...articleFields,
    body: Type.String({ description: 'Cleaned body text. Every offset the API returns is a UTF-16 index into this string.' })
  },
  { $id: 'Article', description: 'A corpus article with its cleaned body.', examples: [
      {
        ...exampleArticle,
        body: 'الخلاف بين موسكو وأنقرة على الرغم من مساعي التهدئة، ففي حين اتهم الرئيس التركي، رجب طيب أردوغان، روسيا بارتكاب مجازر في إدلب، شمال غربي روسيا، أكد الكرملين، الأربعاء، أن تركيا لا تلتزم بالاتفاقيات التي أبرمتها مع روسيا "لتحييد" المتشددين في المحافظة السورية، …'
      }
    ] }
)
export type Article = Static<typeof ArticleSchema>

export const ArticlePageSchema = PageSchema(ArticleSummarySchema, 'ArticlePage', 'A page of articles, newest first.')
export type ArticlePage = Static<typeof ArticlePageSchema>

export const ArticleListQuerySchema = Type.Object(
  {
    limit: Type.Optional(LimitSchema),
    cursor: Type.Optional(CursorSchema),
    q: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 500,
        pattern: NOT_BLANK,
        description:
          'Full-text search over title and body. Arabic-aware (hamza forms, ى/ي, ة/ه, harakat and tatweel are folded); every word must match. Input is never query syntax: quotes, `*`, `AND` are plain words (a word without letters or digits matches nothing).',
        examples: ['مذكرة سوتشي']
      })
    ),
    source: Type.Optional(Type.String({ minLength: 1, maxLength: 500, pattern: NOT_BLANK, description: 'Exact outlet name.', examples: ['hds-p.org'] })),
    from: Type.Optional(dateParam('Earliest local publication date (inclusive), YYYY-MM-DD.', '2020-02-13')),
    to: Type.Optional(dateParam('Latest local publication date (inclusive), YYYY-MM-DD.', '2020-02-18'))
  },
  { additionalProperties: false }
)
export type ArticleListQuery = Static<typeof ArticleListQuerySchema>

export const ArticleParamsSchema = Type.Object({ id: ArticleIdSchema })
export type ArticleParams = Static<typeof ArticleParamsSchema>
