import { Type, type Static } from 'typebox'
import { CursorSchema, dateParam, DateValueSchema, LimitSchema, NOT_BLANK, PageSchema, SpanSchema } from './common.js'
import { ArticleIdSchema } from './articles.js'
import {
  AnnotationEntityTypeSchema as EntityTypeSchema,
  EventStatusSchema,
  EventTypeSchema,
  FatalitiesQualifierSchema,
  QuoteKindSchema,
  SourceKindSchema
} from './annotations.js'

export { EntityTypeSchema, EventStatusSchema, EventTypeSchema, QuoteKindSchema }

const ruleId = Type.String({ description: 'Id of the rule (or knowledge-base entry) that produced this record.' })
const confidence = Type.Number({ minimum: 0, maximum: 1, description: 'How sure the extractor is, 0–1.' })


export const EntityRefSchema = Type.Object(
  {
    id: Type.String({ description: 'Entity id (stable across reboots).' }),
    name: Type.String({ description: 'Canonical Arabic name.' }),
    nameEn: Type.Union([Type.String(), Type.Null()], { description: 'English name, when known.' }),
    type: EntityTypeSchema
  },
  { $id: 'EntityRef', description: 'A reference to an entity.', examples: [{ id: 'peskov', name: 'ديمتري بيسكوف', nameEn: 'Dmitry Peskov', type: 'person' }] }
)
export type EntityRef = Static<typeof EntityRefSchema>

const entityExample = {
  id: 'peskov',
  name: 'ديمتري بيسكوف',
  nameEn: 'Dmitry Peskov',
  type: 'person',
  aliases: ['بيسكوف', 'دميتري بيسكوف', 'ديميتري بيسكوف', 'Peskov'],
  role: 'المتحدث باسم الكرملين',
  affiliation: { id: 'kremlin', name: 'الكرملين', nameEn: 'Kremlin', type: 'organization' },
  location: null,
  partOf: null,
  source: 'kb',
  ruleId: 'kb.entry',
  confidence: 1
}

export const EntitySchema = Type.Object(
  {
    id: Type.String({ description: 'Entity id: the knowledge-base id, or a stable id derived from the name for discovered entities.' }),
    name: Type.String({ description: 'Canonical Arabic name.' }),
    nameEn: Type.Union([Type.String(), Type.Null()], { description: 'English name, when known.' }),
    type: EntityTypeSchema,
    aliases: Type.Array(Type.String(), { description: 'Other spellings and names it is found under (Arabic and English).' }),
    role: Type.Union([Type.String(), Type.Null()], { description: 'Title or role, for people.' }),
    affiliation: Type.Union([EntityRefSchema, Type.Null()], { description: 'Organisation or country a person or body belongs to.' }),
    location: Type.Union([Type.Object({ lat: Type.Number(), lon: Type.Number() }), Type.Null()], { description: 'Coordinates, for places.' }),
    partOf: Type.Union([Type.String(), Type.Null()], { description: 'Id of the enclosing place, for places.' }),
    source: SourceKindSchema,
    ruleId,
    confidence
  },
  {
    $id: 'Entity',
    description: 'A person, organisation, country, armed group, place or media outlet mentioned in the corpus.',
    examples: [entityExample]
  }
)
export type Entity = Static<typeof EntitySchema>


export const QuoteSchema = Type.Object(
  {
    id: Type.String({ description: 'Quote id (stable across reboots).' }),
    articleId: ArticleIdSchema,
    text: Type.String({ description: 'The statement as written: equals the article body sliced by `span`.' }),
    kind: QuoteKindSchema,
    speaker: Type.Union([EntityRefSchema, Type.Null()], { description: 'Who said it, resolved to an entity; null when no speaker could be attributed.' }),
    cue: Type.Union([Type.String(), Type.Null()], { description: 'The speech verb or participle that introduces it (قال، أكد، مضيفاً …).' }),
    span: SpanSchema,
    date: Type.Union([DateValueSchema, Type.Null()], { description: 'When it was said, resolved against the article\u2019s publication date.' }),
    confidence,
    ruleId,
    speakerRuleId: Type.Union([Type.String(), Type.Null()], { description: 'The attribution sieve that chose the speaker.' }),
    alsoReportedIn: Type.Array(
      Type.Object({
        quoteId: Type.String({ description: 'The same statement as another article reports it.' }),
        articleId: ArticleIdSchema,
        similarity: Type.Number({ minimum: 0, maximum: 1, description: 'Share of the shorter statement\u2019s content words both share.' })
      }),
      {
        description:
          'Other articles that report the same statement: same speaker, within three days, mostly the same words; the 50 most similar, in corpus order. Each stays a quote of its own.'
      }
    )
  },
  {
    $id: 'Quote',
    description: 'A quoted statement: who said what, with its evidence span.',
    examples: [
      {
        id: 'q_b8b14d2675c81eb8',
        articleId: '000_b4eebee602e972a1',
        text: 'لا خطط لإجراء اتصالات بين بوتين والأسد بشأن إدلب',
        kind: 'direct',
        speaker: { id: 'peskov', name: 'ديمتري بيسكوف', nameEn: 'Dmitry Peskov', type: 'person' },
        cue: 'قال',
        span: { start: 512, end: 560 },
        date: null,
        confidence: 0.9,
        ruleId: 'quote.direct.cue-adjacent',
        speakerRuleId: 'speaker.last-speaker',
        alsoReportedIn: []
      }
    ]
  }
)
export type Quote = Static<typeof QuoteSchema>

export const EventMentionSchema = Type.Object(
  {
    articleId: ArticleIdSchema,
    span: SpanSchema,
    text: Type.String({ description: 'The evidence: the article body sliced by `span`.' }),
    trigger: Type.String({ description: 'The trigger word that signalled the event.' }),
    ruleId,
    confidence
  },
  {
    $id: 'EventMention',
    description: 'One place an article reports the event.',
    examples: [
      {
        articleId: '000_b4eebee602e972a1',
        span: { start: 1457, end: 1525 },
        text: 'مقتل أكثر من عشرة جنود أتراك في قصف نفذته قوات النظام في محافظة إدلب',
        trigger: 'مقتل',
        ruleId: 'event.attack.noun',
        confidence: 0.7
      }
    ]
  }
)

export const EventSchema = Type.Object(
  {
    id: Type.String({ description: 'Event id (stable across reboots). The same event reported by several articles is one event.' }),
    type: EventTypeSchema,
    status: EventStatusSchema,
    date: Type.Union([DateValueSchema, Type.Null()], { description: 'When it happened, resolved against the reporting article\u2019s publication date.' }),
    locations: Type.Array(EntityRefSchema, { description: 'Where, as knowledge-base places.' }),
    actors: Type.Array(EntityRefSchema, { description: 'Who took part (perpetrators, targets, parties).' }),
    fatalities: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'People killed, when reported.' }),
    fatalitiesQualifier: FatalitiesQualifierSchema,
    mentionCount: Type.Integer({ minimum: 0, description: 'How many passages in the corpus report it.' }),
    mentions: Type.Array(EventMentionSchema, {
      description:
        'The passages that report it, in corpus order: all of them from `GET /v1/events/{id}`; in lists at most 50 ' +
        '(with `articleId`, that article\u2019s).'
    }),
    confidence,
    ruleId
  },
  {
    $id: 'Event',
    description: 'Something that happened (or is planned or threatened), with its arguments and evidence.',
    examples: [
      {
        id: 'ev_68595c6b7a6fcf3f',
        type: 'attack',
        status: 'occurred',
        date: { start: '2020-02-12', end: '2020-02-12', precision: 'day', text: '' },
        locations: [{ id: 'idlib', name: 'إدلب', nameEn: 'Idlib', type: 'place' }],
        actors: [
          { id: 'turkish-armed-forces', name: 'القوات التركية', nameEn: 'Turkish Armed Forces', type: 'armed_group' },
          { id: 'syrian-government-forces', name: 'قوات النظام السوري', nameEn: 'Syrian government forces', type: 'armed_group' },
          { id: 'assad', name: 'بشار الأسد', nameEn: 'Bashar al-Assad', type: 'person' }
        ],
        fatalities: 10,
        fatalitiesQualifier: 'at_least',
        mentionCount: 1,
        mentions: [
          {
            articleId: '000_b4eebee602e972a1',
            span: { start: 1457, end: 1525 },
            text: 'مقتل أكثر من عشرة جنود أتراك في قصف نفذته قوات النظام في محافظة إدلب',
            trigger: 'مقتل',
            ruleId: 'event.attack.noun',
            confidence: 0.7
          }
        ],
        confidence: 0.7,
        ruleId: 'event.attack.noun'
      }
    ]
  }
)
export type Event = Static<typeof EventSchema>

export const AgreementMentionSchema = Type.Object(
  {
    articleId: ArticleIdSchema,
    span: SpanSchema,
    text: Type.String({ description: 'The mention as written.' }),
    ruleId: Type.String({ description: 'How the mention was linked: by name, by date or by description.' }),
    confidence
  },
  {
    $id: 'AgreementMention',
    description: 'One place an article refers to the agreement.',
    examples: [{ articleId: '001_d988bde6b7a87097', span: { start: 286, end: 297 }, text: 'مذكرة سوتشي', ruleId: 'agreement.name', confidence: 0.95 }]
  }
)

export const AgreementSchema = Type.Object(
  {
    id: Type.String({ description: 'Agreement id (knowledge-base id, or derived from the name for discovered agreements).' }),
    name: Type.String({ description: 'Arabic name.' }),
    nameEn: Type.Union([Type.String(), Type.Null()], { description: 'English name.' }),
    signedOn: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'Signature date, YYYY-MM-DD.' }),
    place: Type.Union([EntityRefSchema, Type.Null()], { description: 'Where it was concluded.' }),
    parties: Type.Array(EntityRefSchema, { description: 'The signatories.' }),
    provisions: Type.Array(Type.String(), { description: 'What it provides for.' }),
    aliases: Type.Array(Type.String(), { description: 'Names it is referred to by.' }),
    source: SourceKindSchema,
    mentionCount: Type.Integer({ minimum: 0, description: 'How many mentions there are in the corpus (or in the filtered article).' }),
    mentions: Type.Array(AgreementMentionSchema, {
      description: 'The mentions, oldest article first: all of them on GET /v1/agreements/{id} and with `articleId`; the first 50 in an unfiltered list.'
    })
  },
  {
    $id: 'Agreement',
    description: 'An agreement between parties, with every mention of it.',
    examples: [
      {
        id: 'sochi-2018',
        name: 'مذكرة سوتشي',
        nameEn: 'Sochi Memorandum on Idlib',
        signedOn: '2018-09-17',
        place: { id: 'sochi', name: 'سوتشي', nameEn: 'Sochi', type: 'place' },
        parties: [
          { id: 'russia', name: 'روسيا', nameEn: 'Russia', type: 'country' },
          { id: 'turkey', name: 'تركيا', nameEn: 'Turkey', type: 'country' }
        ],
        provisions: ['منطقة منزوعة السلاح بعمق 15 إلى 20 كيلومتراً في إدلب', 'سحب الأسلحة الثقيلة من المنطقة منزوعة السلاح'],
        aliases: ['اتفاق سوتشي', 'اتفاقية سوتشي', 'مذكرة سوتشي'],
        source: 'kb',
        mentionCount: 4,
        mentions: [{ articleId: '001_d988bde6b7a87097', span: { start: 286, end: 297 }, text: 'مذكرة سوتشي', ruleId: 'agreement.name', confidence: 0.95 }]
      }
    ]
  }
)
export type Agreement = Static<typeof AgreementSchema>

const listParams = {
  limit: Type.Optional(LimitSchema),
  cursor: Type.Optional(CursorSchema),
  articleId: Type.Optional(
    Type.String({ minLength: 1, maxLength: 256, pattern: NOT_BLANK, description: 'Only records from (or mentioned in) this article.', examples: ['000_b4eebee602e972a1'] })
  )
}
/** An entity by id or name; `names` are the forms the description gives (a person for speakers, a place for locations…). */
const entityParam = (description: string, names: string, example: string) =>
  Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: NOT_BLANK,
      description: `${description} An entity id, or a name in Arabic or English (${names}); an unknown name matches nothing.`,
      examples: [example]
    })
  )
const textParam = Type.Optional(
  Type.String({
    minLength: 1,
    maxLength: 500,
    pattern: NOT_BLANK,
    description:
      'Arabic-aware full-text filter (spelling variants and attached و/ال are folded); every word must match. Input is never query syntax: quotes, `*`, `AND` are plain words.',
    examples: ['إدلب']
  })
)

export const KnowledgeListQuerySchema = Type.Object(listParams, { additionalProperties: false })
export type KnowledgeListQuery = Static<typeof KnowledgeListQuerySchema>

export const QuoteListQuerySchema = Type.Object(
  {
    ...listParams,
    speaker: entityParam('Only statements by this speaker.', 'peskov, بيسكوف, Peskov, Dmitry Peskov', 'Peskov'),
    q: textParam,
    kind: Type.Optional(QuoteKindSchema),
    from: Type.Optional(dateParam('Statements dated (or, undated, published) on or after this day.', '2020-02-01')),
    to: Type.Optional(dateParam('Statements dated (or, undated, published) on or before this day.', '2020-02-29'))
  },
  { additionalProperties: false }
)
export type QuoteListQuery = Static<typeof QuoteListQuerySchema>

/** A longitude and a latitude in decimal degrees, range included: −180…180 and −90…90. */
const LON = String.raw`-?(?:180(?:\.0+)?|(?:1[0-7][0-9]|[0-9]{1,2})(?:\.[0-9]+)?)`
const LAT = String.raw`-?(?:90(?:\.0+)?|[0-8]?[0-9](?:\.[0-9]+)?)`

export const EventListQuerySchema = Type.Object(
  {
    ...listParams,
    type: Type.Optional(EventTypeSchema),
    status: Type.Optional(EventStatusSchema),
    location: entityParam('Only events at this place or any place inside it (`partOf`).', 'idlib, إدلب, Idlib, جبل الزاوية', 'Idlib'),
    actor: entityParam('Only events with this actor.', 'syrian-government-forces, قوات النظام السوري, Turkish Armed Forces', 'syrian-government-forces'),
    minFatalities: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 1_000_000, format: 'int32', description: 'Only events with at least this many reported deaths.', examples: [10] })
    ),
    bbox: Type.Optional(
      Type.String({
        maxLength: 100,
        pattern: `^${LON},${LAT},${LON},${LAT}$`,
        description:
          'Only events at a place inside this box: `minLon,minLat,maxLon,maxLat` in WGS84 degrees (longitude −180 to 180, latitude −90 to 90, decimal point, no exponent). ' +
          'The minimum must not exceed the maximum on either axis (a box across the antimeridian is not supported): otherwise 400.',
        examples: ['36.0,35.5,37.0,36.2']
      })
    ),
    from: Type.Optional(dateParam('Only events whose date range ends on or after this day (undated events are left out).', '2020-09-01')),
    to: Type.Optional(dateParam('Only events whose date range starts on or before this day (undated events are left out).', '2020-09-30'))
  },
  { additionalProperties: false }
)
export type EventListQuery = Static<typeof EventListQuerySchema>
/** The `{id}` of a detail route, with an id of that resource as example. */
export const idParamsSchema = (example: string) =>
  Type.Object({ id: Type.String({ minLength: 1, maxLength: 256, pattern: NOT_BLANK, description: 'Record id.', examples: [example] }) })
export const IdParamsSchema = idParamsSchema('peskov')

export const QuotePageSchema = PageSchema(QuoteSchema, 'QuotePage', 'A page of quoted statements, in corpus order then position in the article.')
export const EventPageSchema = PageSchema(EventSchema, 'EventPage', 'A page of events, latest date first (undated last).')
export const AgreementPageSchema = PageSchema(AgreementSchema, 'AgreementPage', 'A page of agreements, latest signature first.')
export const EntityPageSchema = PageSchema(EntitySchema, 'EntityPage', 'A page of entities, by id.')
export type QuotePage = Static<typeof QuotePageSchema>
export type EventPage = Static<typeof EventPageSchema>
export type AgreementPage = Static<typeof AgreementPageSchema>
export type EntityPage = Static<typeof EntityPageSchema>

export const EntityDetailSchema = Type.Object(
  {
    ...EntitySchema.properties,
    mentionCount: Type.Integer({ minimum: 0, description: 'Times the corpus mentions it.' }),
    articleCount: Type.Integer({ minimum: 0, description: 'Articles that mention it.' }),
    statementCount: Type.Integer({ minimum: 0, description: 'Quoted statements it made.' }),
    eventCount: Type.Integer({ minimum: 0, description: 'Events it took part in or, for places, that happened there or inside it.' })
  },
  {
    $id: 'EntityDetail',
    description: 'An entity with how often the corpus mentions it, quotes it and reports it in events.',
    examples: [{ ...entityExample, mentionCount: 2, articleCount: 2, statementCount: 4, eventCount: 0 }]
  }
)
export type EntityDetail = Static<typeof EntityDetailSchema>

export const AgreementDetailSchema = Type.Object(
  {
    ...AgreementSchema.properties,
    statements: Type.Array(QuoteSchema, {
      description: 'Quoted statements that refer to the agreement (a mention of it inside the statement): claims of compliance or violation.'
    }),
    events: Type.Array(EventSchema, { description: 'Events reported next to a mention of the agreement (within 200 characters in the same article).' })
  },
  {
    $id: 'AgreementDetail',
    description: 'An agreement with every mention, and the statements and events that refer to it.',
    examples: [
      {
        ...((AgreementSchema as { examples?: Record<string, unknown>[] }).examples ?? [])[0],
        mentionCount: 7,
        statements: [
          {
            id: 'q_12a5cfa0b788fa04',
            articleId: '000_b4eebee602e972a1',
            text: 'أعلن أننا سنضرب قوات النظام في كل مكان اعتباراً من الآن بغض النظر عن اتفاقية سوتشي، في حال إلحاق أدنى أذى بجنودنا ونقاط المراقبة التابعة لنا أو في أي مكان آخر',
            kind: 'direct',
            speaker: { id: 'erdogan', name: 'رجب طيب أردوغان', nameEn: 'Recep Tayyip Erdogan', type: 'person' },
            cue: 'وقال',
            span: { start: 938, end: 1096 },
            date: null,
            confidence: 0.9,
            ruleId: 'quote.direct.after-subject',
            speakerRuleId: 'speaker.last-speaker',
            alsoReportedIn: []
          }
        ],
        events: []
      }
    ]
  }
)
export type AgreementDetail = Static<typeof AgreementDetailSchema>

export const TimelineItemSchema = Type.Object(
  {
    kind: Type.Enum(['event', 'quote'], { description: 'Which of `event` and `quote` is set.' }),
    date: DateValueSchema,
    event: Type.Union([EventSchema, Type.Null()]),
    quote: Type.Union([QuoteSchema, Type.Null()])
  },
  {
    $id: 'TimelineItem',
    description: 'One dated event or statement. An undated statement is dated by its article (precision day, empty text).',
    examples: [
      {
        kind: 'quote',
        date: { start: '2020-02-12', end: '2020-02-12', precision: 'day', text: '' },
        event: null,
        quote: {
          id: 'q_7b883fba339ed304',
          articleId: '000_b4eebee602e972a1',
          text: 'موسكو لا تزال ملتزمة بالاتفاقيات مع أنقرة، لكنها تعتبر أن الهجمات في إدلب غير مقبولة وتتنافى مع الاتفاق مع أنقرة',
          kind: 'indirect',
          speaker: { id: 'peskov', name: 'ديمتري بيسكوف', nameEn: 'Dmitry Peskov', type: 'person' },
          cue: 'قال',
          span: { start: 384, end: 496 },
          date: null,
          confidence: 0.8,
          ruleId: 'quote.indirect.complementizer',
          speakerRuleId: 'speaker.explicit-person',
          alsoReportedIn: []
        }
      }
    ]
  }
)
export const TimelinePageSchema = PageSchema(TimelineItemSchema, 'TimelinePage', 'Events and statements merged in date order (earliest first).')
export type TimelinePage = Static<typeof TimelinePageSchema>

export const TimelineQuerySchema = Type.Object(
  {
    limit: Type.Optional(LimitSchema),
    cursor: Type.Optional(CursorSchema),
    from: Type.Optional(dateParam('Items whose date range ends on or after this day.', '2020-02-10')),
    to: Type.Optional(dateParam('Items whose date range starts on or before this day.', '2020-02-13')),
    entity: entityParam('Only statements by it and events it took part in (for a place: events there or inside it).', 'erdogan, أردوغان, Erdogan, Idlib', 'Erdogan')
  },
  { additionalProperties: false }
)
export type TimelineQuery = Static<typeof TimelineQuerySchema>

export const SearchHitSchema = Type.Object(
  {
    kind: Type.Enum(['entity', 'agreement', 'quote', 'article'], { description: 'What was found; fetch it at /v1/{kind}s/{id}.' }),
    id: Type.String({ description: 'Id of the record.' }),
    label: Type.String({ description: 'Name, headline or statement text.' }),
    snippet: Type.Union([Type.String(), Type.Null()], { description: 'Context: the article excerpt, or the speaker of a statement.' }),
    articleId: Type.Union([Type.String(), Type.Null()], { description: 'The article, for quotes and articles.' })
  },
  {
    $id: 'SearchHit',
    description: 'One search result.',
    examples: [
      { kind: 'agreement', id: 'sochi-2018', label: 'مذكرة سوتشي', snippet: null, articleId: null },
      {
        kind: 'quote',
        id: 'q_27d2239bf45d303f',
        label: 'نجاحات قوات النظام السوري في إدلب سمحت بإنشاء منطقة آمنة هناك تنص عليها مذكرة سوتشي، بعد أن فشلت تركيا في تنفيذ هذه المهمة',
        snippet: 'وزارة الدفاع الروسية',
        articleId: '001_d988bde6b7a87097'
      }
    ]
  }
)
export const SearchPageSchema = PageSchema(SearchHitSchema, 'SearchPage', 'Search results: entities, then agreements, then statements, then articles (newest first).')
export type SearchPage = Static<typeof SearchPageSchema>
export const SearchQuerySchema = Type.Object(
  {
    q: Type.String({
      minLength: 1,
      maxLength: 200,
      pattern: NOT_BLANK,
      description: 'Words in Arabic or English: names and aliases (Erdogan, Idlib, Sochi, M4) and full text. Never query syntax: quotes, `*`, `AND` are plain words.',
      examples: ['Sochi']
    }),
    limit: Type.Optional(LimitSchema),
    cursor: Type.Optional(CursorSchema)
  },
  { additionalProperties: false }
)
export type SearchQuery = Static<typeof SearchQuerySchema>
