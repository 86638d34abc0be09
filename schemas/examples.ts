/**
 * The contract's examples, one per answer of every operation, drawn from the seed articles and the knowledge base:
 * each success example is what the service answers to its `request` (arrays abridged where the summary says so),
 * each problem example what it answers to its own request. The swagger plugin writes them into the contract
 * (problem bodies completed from src/errors.ts); test/schemas-examples.test.ts checks them against the schemas and
 * the live service.
 */
import { ArticleSchema } from './articles.js'
import { AgreementDetailSchema, AgreementSchema, EntityDetailSchema, EventSchema, QuoteSchema, SearchHitSchema, TimelineItemSchema } from './knowledge.js'
import { LivenessSchema, ReadinessSchema } from './health.js'
import type { FieldError } from './problem.js'

/** Stable facts of the seeds: knowledge-base ids and article ids, and extracted records they contain. */
export const SEED = {
  articleId: '000_b4eebee602e972a1',
  quoteId: 'q_b8b14d2675c81eb8',
  eventId: 'ev_68595c6b7a6fcf3f',
  agreementId: 'sochi-2018',
  entityId: 'peskov'
} as const

/** An example request id, as the service generates them (a UUID) when the client sends none. */
export const EXAMPLE_REQUEST_ID = '0b6c7f0e-3f1a-4c1e-9d52-7a8e2f4b9c31'

const first = <T = Record<string, unknown>>(schema: object): T => ((schema as { examples: T[] }).examples[0]) as T

export interface SuccessExample {
  summary: string
  /** The request (path and query) this is the answer to. */
  request: string
  value: unknown
}

export interface ProblemExample {
  /** Key of the problem type in src/errors.ts (`validation`, `badCursor`, …). */
  code: string
  summary: string
  /** The request (path and query) that gets this answer: the problem's `instance`. */
  request: string
  detail: string
  errors?: FieldError[]
}

export interface OperationExamples {
  ok: SuccessExample
  /** Problem examples by status; 429, 500 and 503 are added for every /v1 operation from `ok.request`. */
  problems: Record<number, ProblemExample[]>
}

const quote = first(QuoteSchema)
const event = first(EventSchema)
const agreement = first(AgreementSchema)
const article = first(ArticleSchema)

const invalidLimit: ProblemExample = {
  code: 'validation',
  summary: 'limit out of range',
  request: '',
  detail: 'query/limit must be <= 100',
  errors: [{ in: 'query', name: 'limit', detail: 'must be <= 100' }]
}
/** Base64url of `not-json`: the right alphabet, but no cursor this service issued. */
const FOREIGN_CURSOR = 'bm90LWpzb24'
const badCursor = (list: string, query = ''): ProblemExample => ({
  code: 'badCursor',
  summary: 'a cursor this service did not issue',
  request: `${list}?${query}cursor=${FOREIGN_CURSOR}`,
  detail: 'cursor is not one this service issued; start again without it',
  errors: [{ in: 'query', name: 'cursor', detail: 'unrecognised cursor' }]
})
const badDateRange = (list: string): ProblemExample => ({
  code: 'badDateRange',
  summary: '`from` after `to`',
  request: `${list}?from=2020-03-01&to=2020-02-01`,
  detail: '`from` is after `to`',
  errors: [{ in: 'query', name: 'from', detail: 'must not be after `to`' }]
})
const noSuchArticle = (list: string): ProblemExample => ({
  code: 'notFound',
  summary: '`articleId` names no article',
  request: `${list}?articleId=no-such-article`,
  detail: "article 'no-such-article' does not exist"
})
const longId = (path: string): ProblemExample => ({
  code: 'validation',
  summary: 'an id longer than 256 characters',
  request: `${path}/${'x'.repeat(257)}`,
  detail: 'path/id must NOT have more than 256 characters',
  errors: [{ in: 'path', name: 'id', detail: 'must NOT have more than 256 characters' }]
})
const noSuchRecord = (path: string, noun: string): ProblemExample => ({
  code: 'notFound',
  summary: `no ${noun} has this id`,
  request: `${path}/no-such-${noun}`,
  detail: `${noun} '${'no-such-' + noun}' does not exist`
})
const idTooLong = (path: string): ProblemExample => ({
  code: 'uriTooLong',
  summary: 'an id longer than any the service issues (over 3072 encoded bytes)',
  request: `${path}/${'x'.repeat(3073)}`,
  detail: 'a path parameter is longer than this service accepts'
})
const withRequest = (example: ProblemExample, request: string): ProblemExample => ({ ...example, request })

/** The first page of a list, as `{ items, nextCursor, total }`. */
const page = (items: unknown[], nextCursor: string | null, total: number) => ({ items, nextCursor, total })

const entityPageItems = [
  {
    id: 'akar',
    name: 'خلوصي أكار',
    nameEn: 'Hulusi Akar',
    type: 'person',
    aliases: ['أكار', 'خلوصي آكار', 'آكار', 'Akar'],
    role: 'وزير الدفاع التركي',
    affiliation: { id: 'tr-mod', name: 'وزارة الدفاع التركية', nameEn: 'Turkish Ministry of National Defence', type: 'organization' },
    location: null,
    partOf: null,
    source: 'kb',
    ruleId: 'kb.entry',
    confidence: 1
  }
]

/** Examples by operationId. */
export const OPERATION_EXAMPLES: Record<string, OperationExamples> = {
  getLiveness: { ok: { summary: 'The process serves HTTP', request: '/health/live', value: first(LivenessSchema) }, problems: {} },
  getReadiness: {
    ok: { summary: 'The seeds are loaded', request: '/health/ready', value: first(ReadinessSchema) },
    problems: { 503: [{ code: 'notReady', summary: 'The corpus is still loading', request: '/health/ready', detail: 'corpus is booting: 3 articles read so far' }] }
  },
  listArticles: {
    ok: {
      summary: 'Articles that name Peskov, newest first (abridged: the first of two)',
      request: `/v1/articles?q=${encodeURIComponent('بيسكوف')}&limit=1`,
      value: page(
        [
          {
            id: '001_d988bde6b7a87097',
            title: 'نار إدلب تصل تركيا وروسيا.. موسكو تتهم أنقرة بالفشل',
            publishedAt: '2020-02-13',
            source: null,
            url: null,
            language: 'ar',
            wordCount: 497,
            excerpt:
              'الضغوط على العلاقات الروسية التركية مع ارتفاع وتيرة المواجهات في محافظة إدلب، شمال غربي سوريا، وسط اتهامات متبادلة بين الطرفين وصلت ذروتها أمس الأربعاء.\nوفي جديد جولة الاتهامات هذه، اعتبرت وزارة الدفا'
          }
        ],
        'WyIyMDIwLTAyLTEzVDAwOjAwOjAwLjAwMFoiLCIwMDFfZDk4OGJkZTZiN2E4NzA5NyJd',
        2
      )
    },
    problems: {
      400: [withRequest(invalidLimit, '/v1/articles?limit=500'), badCursor('/v1/articles'), badDateRange('/v1/articles')]
    }
  },
  getArticle: {
    ok: { summary: 'One seed article (body abridged)', request: `/v1/articles/${SEED.articleId}`, value: article },
    problems: { 400: [longId('/v1/articles')], 404: [noSuchRecord('/v1/articles', 'article')], 414: [idTooLong('/v1/articles')] }
  },
  listQuotes: {
    ok: {
      summary: 'Direct statements by Dmitry Peskov (abridged: the first of two)',
      request: '/v1/quotes?speaker=Peskov&kind=direct&limit=1',
      value: page([quote], 'WzEsM10', 2)
    },
    problems: {
      400: [
        { code: 'validation', summary: 'not one of the allowed values', request: '/v1/quotes?kind=summary', detail: 'query/kind must be one of: direct, indirect', errors: [{ in: 'query', name: 'kind', detail: 'must be one of: direct, indirect' }] },
        badCursor('/v1/quotes'),
        badDateRange('/v1/quotes')
      ],
      404: [noSuchArticle('/v1/quotes')]
    }
  },
  getQuote: {
    ok: { summary: 'A direct statement by Dmitry Peskov', request: `/v1/quotes/${SEED.quoteId}`, value: quote },
    problems: { 400: [longId('/v1/quotes')], 404: [noSuchRecord('/v1/quotes', 'quote')], 414: [idTooLong('/v1/quotes')] }
  },
  listEvents: {
    ok: {
      summary: 'Attacks with at least ten deaths (abridged: the first of two)',
      request: '/v1/events?type=attack&minFatalities=10&limit=1',
      value: page([event], 'WyIyMDIwLTAyLTEyIiwiZXZfMDA0OTk0MDZmNmIxNTIwYiJd', 2)
    },
    problems: {
      400: [
        {
          code: 'validation',
          summary: 'a bounding box with its corners swapped',
          request: '/v1/events?bbox=37.0,36.2,36.0,35.5',
          detail: 'query/bbox minLon is greater than maxLon and minLat is greater than maxLat (minLon,minLat,maxLon,maxLat; a box across the antimeridian is not supported)',
          errors: [
            {
              in: 'query',
              name: 'bbox',
              detail: 'minLon is greater than maxLon and minLat is greater than maxLat (minLon,minLat,maxLon,maxLat; a box across the antimeridian is not supported)'
            }
          ]
        },
        {
          code: 'validation',
          summary: 'not one of the allowed values',
          request: '/v1/events?type=bombing',
          detail: 'query/type must be one of: attack, territorial_control, deployment, displacement, talks, ceasefire, patrol, threat, withdrawal',
          errors: [{ in: 'query', name: 'type', detail: 'must be one of: attack, territorial_control, deployment, displacement, talks, ceasefire, patrol, threat, withdrawal' }]
        },
        badCursor('/v1/events'),
        badDateRange('/v1/events')
      ],
      404: [noSuchArticle('/v1/events')]
    }
  },
  getEvent: {
    ok: { summary: 'An attack in Idlib with at least ten deaths', request: `/v1/events/${SEED.eventId}`, value: event },
    problems: { 400: [longId('/v1/events')], 404: [noSuchRecord('/v1/events', 'event')], 414: [idTooLong('/v1/events')] }
  },
  listAgreements: {
    ok: {
      summary: 'The second agreement by signature date (abridged: one of its seven mentions)',
      request: '/v1/agreements?limit=1&cursor=WyIyMDIwLTAzLTA1IiwibW9zY293LTIwMjAiXQ',
      value: page([{ ...agreement, mentionCount: 7 }], 'WyIyMDE4LTA5LTE3Iiwic29jaGktMjAxOCJd', 3)
    },
    problems: { 400: [withRequest(invalidLimit, '/v1/agreements?limit=500'), badCursor('/v1/agreements')], 404: [noSuchArticle('/v1/agreements')] }
  },
  getAgreement: {
    ok: {
      summary: 'The Sochi memorandum (abridged: one of seven mentions, one of five statements, none of six events)',
      request: `/v1/agreements/${SEED.agreementId}`,
      value: first(AgreementDetailSchema)
    },
    problems: { 400: [longId('/v1/agreements')], 404: [noSuchRecord('/v1/agreements', 'agreement')], 414: [idTooLong('/v1/agreements')] }
  },
  listEntities: {
    ok: { summary: 'The first entity by id', request: '/v1/entities?limit=1', value: page(entityPageItems, 'WyJha2FyIl0', 62) },
    problems: { 400: [withRequest(invalidLimit, '/v1/entities?limit=500'), badCursor('/v1/entities')], 404: [noSuchArticle('/v1/entities')] }
  },
  getEntity: {
    ok: {
      summary: 'Dmitry Peskov, with how often the seeds mention and quote him',
      request: `/v1/entities/${SEED.entityId}`,
      value: first(EntityDetailSchema)
    },
    problems: { 400: [longId('/v1/entities')], 404: [noSuchRecord('/v1/entities', 'entity')], 414: [idTooLong('/v1/entities')] }
  },
  getTimeline: {
    ok: {
      summary: 'What Dmitry Peskov said, earliest first (abridged: the first of four)',
      request: '/v1/timeline?entity=peskov&limit=1',
      value: page([first(TimelineItemSchema)], 'WyIyMDIwLTAyLTEyIiwicXVvdGUiLCJxXzdiODgzZmJhMzM5ZWQzMDQiXQ', 4)
    },
    problems: { 400: [withRequest(invalidLimit, '/v1/timeline?limit=500'), badCursor('/v1/timeline'), badDateRange('/v1/timeline')] }
  },
  search: {
    ok: {
      summary: 'Sochi: the city, then the memorandum (abridged: two of eight)',
      request: '/v1/search?q=Sochi&limit=2',
      value: page([{ kind: 'entity', id: 'sochi', label: 'سوتشي', snippet: 'Sochi', articleId: null }, first(SearchHitSchema)], 'WzJd', 8)
    },
    problems: {
      400: [
        { code: 'validation', summary: '`q` is required', request: '/v1/search', detail: 'query/q is required', errors: [{ in: 'query', name: 'q', detail: 'is required' }] },
        badCursor('/v1/search', 'q=Sochi&')
      ]
    }
  }
}
