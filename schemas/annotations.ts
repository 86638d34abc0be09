import { Type, type Static } from 'typebox'
import { DateValueSchema, SpanSchema } from './common.js'

/**
 * What the extraction pipeline (src/pipeline) produces for one article. Offsets are UTF-16 indices into the
 * article body exactly as given to the pipeline; every record carries the id of the rule that produced it.
 */

const ruleId = Type.String({ description: 'Id of the rule (or knowledge-base entry) that produced this record.' })
const confidence = Type.Number({ minimum: 0, maximum: 1, description: 'How sure the extractor is, 0–1.' })
const nullableString = (description: string) => Type.Union([Type.String(), Type.Null()], { description })

/** The enumerations are shared with the API schemas (schemas/knowledge.ts), which name them as components. */
export const AnnotationEntityTypeSchema = Type.Enum(['person', 'organization', 'country', 'armed_group', 'place', 'media'], {
  $id: 'EntityType',
  description: 'Kind of entity.',
  examples: ['person']
})
export type AnnotationEntityType = Static<typeof AnnotationEntityTypeSchema>

export const SourceKindSchema = Type.Enum(['kb', 'discovered'], {
  $id: 'SourceKind',
  description: '`kb`: from the knowledge base; `discovered`: found in the text by a pattern (a title, the subject of a speech verb, a new agreement name).',
  examples: ['kb']
})

export const QuoteKindSchema = Type.Enum(['direct', 'indirect'], {
  $id: 'QuoteKind',
  description: '`direct`: the words inside quotation marks; `indirect`: reported speech (speech verb + أن/إن clause, or a participle such as مضيفاً).',
  examples: ['direct']
})

export const EntityAnnotationSchema = Type.Object(
  {
    id: Type.String({ description: 'Knowledge-base id, or a stable id derived from the normalised name for discovered entities.' }),
    name: Type.String({ description: 'Canonical Arabic name.' }),
    nameEn: nullableString('English name, when known.'),
    type: AnnotationEntityTypeSchema,
    aliases: Type.Array(Type.String(), { description: 'Other names and spellings.' }),
    role: nullableString('Title or role, for people.'),
    affiliation: nullableString('Entity id of the organisation or country a person or body belongs to.'),
    lat: Type.Union([Type.Number(), Type.Null()], { description: 'Latitude, for places.' }),
    lon: Type.Union([Type.Number(), Type.Null()], { description: 'Longitude, for places.' }),
    partOf: nullableString('Id of the enclosing place, for places.'),
    source: SourceKindSchema,
    ruleId,
    confidence
  },
  { description: 'An entity mentioned in the article.' }
)
export type EntityAnnotation = Static<typeof EntityAnnotationSchema>

export const MentionAnnotationSchema = Type.Object(
  {
    entityId: Type.String({ description: 'The entity mentioned.' }),
    span: SpanSchema,
    text: Type.String({ description: 'The body slice at `span`.' }),
    ruleId
  },
  { description: 'One mention of an entity in the body.' }
)
export type MentionAnnotation = Static<typeof MentionAnnotationSchema>

export const QuoteAnnotationSchema = Type.Object(
  {
    text: Type.String({ description: 'The statement, equal to the body slice at `span` (quote marks excluded).' }),
    kind: QuoteKindSchema,
    speakerId: nullableString('Entity id of the speaker, when attributed.'),
    cue: nullableString('The speech verb or participle that introduces the statement.'),
    span: SpanSchema,
    date: Type.Union([DateValueSchema, Type.Null()], { description: 'When the statement was made, when known.' }),
    confidence,
    ruleId,
    speakerRuleId: nullableString('Id of the attribution sieve that chose the speaker.')
  },
  { description: 'A quoted or reported statement.' }
)
export type QuoteAnnotation = Static<typeof QuoteAnnotationSchema>

export const EventTypeSchema = Type.Enum(
  ['attack', 'territorial_control', 'deployment', 'displacement', 'talks', 'ceasefire', 'patrol', 'threat', 'withdrawal'],
  { $id: 'EventType', description: 'Kind of event.', examples: ['attack'] }
)
export type EventType = Static<typeof EventTypeSchema>

export const EventStatusSchema = Type.Enum(['occurred', 'planned', 'ongoing'], {
  $id: 'EventStatus',
  description: 'Whether the event happened, is planned or threatened, or is going on.',
  examples: ['occurred']
})
export type EventStatus = Static<typeof EventStatusSchema>

export const FatalitiesQualifierSchema = Type.Union(
  [Type.Enum(['exact', 'at_least', 'about', 'at_most']), Type.Null()],
  { description: 'How the death toll was qualified (`أكثر من` → at_least, `نحو` → about, `أقل من` → at_most).' }
)

export const EventAnnotationSchema = Type.Object(
  {
    type: EventTypeSchema,
    status: EventStatusSchema,
    date: Type.Union([DateValueSchema, Type.Null()], { description: 'When it happened, when known.' }),
    locationIds: Type.Array(Type.String(), { description: 'Place (or country) entity ids.' }),
    actorIds: Type.Array(Type.String(), { description: 'Entity ids of the parties involved.' }),
    fatalities: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Reported death toll.' }),
    fatalitiesQualifier: FatalitiesQualifierSchema,
    span: SpanSchema,
    text: Type.String({ description: 'The evidence: body slice at `span` (trigger plus its core arguments).' }),
    trigger: Type.String({ description: 'The word or phrase that signals the event.' }),
    confidence,
    ruleId
  },
  { description: 'An event mention.' }
)
export type EventAnnotation = Static<typeof EventAnnotationSchema>

export const AgreementAnnotationSchema = Type.Object(
  {
    id: Type.String({ description: 'Knowledge-base id, or a stable id derived from the name for discovered agreements.' }),
    name: Type.String({ description: 'Arabic name.' }),
    nameEn: nullableString('English name, when known.'),
    signedOn: Type.Union([Type.String({ format: 'date' }), Type.Null()], { description: 'Signing date (YYYY-MM-DD).' }),
    placeId: nullableString('Place entity id where it was signed.'),
    partyIds: Type.Array(Type.String(), { description: 'Entity ids of the parties.' }),
    provisions: Type.Array(Type.String(), { description: 'Main provisions.' }),
    aliases: Type.Array(Type.String(), { description: 'Other names it is referred to by.' }),
    source: SourceKindSchema
  },
  { description: 'An agreement referred to in the article.' }
)
export type AgreementAnnotation = Static<typeof AgreementAnnotationSchema>

export const AgreementMentionAnnotationSchema = Type.Object(
  {
    agreementId: Type.String({ description: 'The agreement referred to.' }),
    span: SpanSchema,
    text: Type.String({ description: 'The body slice at `span`.' }),
    ruleId,
    confidence
  },
  { description: 'One reference to an agreement in the body.' }
)
export type AgreementMentionAnnotation = Static<typeof AgreementMentionAnnotationSchema>

/** A pipeline stage that threw on one article: what was lost is that stage's output (and what needs it). */
export const StageFailureSchema = Type.Object({
  stage: Type.String({ description: 'The stage: entities, dates, quotes, speakers, agreements, events or assembly.' }),
  error: Type.String({ description: 'The exception message.' })
})
export type StageFailure = Static<typeof StageFailureSchema>

export const DocumentAnnotationsSchema = Type.Object(
  {
    failures: Type.Array(StageFailureSchema, { description: 'Stages that threw on this article (their output is empty).' }),
    entities: Type.Array(EntityAnnotationSchema),
    mentions: Type.Array(MentionAnnotationSchema),
    quotes: Type.Array(QuoteAnnotationSchema),
    events: Type.Array(EventAnnotationSchema),
    agreements: Type.Array(AgreementAnnotationSchema),
    agreementMentions: Type.Array(AgreementMentionAnnotationSchema)
  },
  { description: 'Everything the pipeline extracted from one article.' }
)
export type DocumentAnnotations = Static<typeof DocumentAnnotationsSchema>

/** The article as the pipeline sees it. */
export const PipelineDocumentSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  publishedAt: Type.Union([Type.String(), Type.Null()])
})
export type PipelineDocument = Static<typeof PipelineDocumentSchema>

/**
 * What an event is, from all its mentions (see src/pipeline/event-aggregate.ts): everything of the API's `Event` but
 * the mentions shown and the entity names. Stored with each event by the read-model rebuild.
 */
export const EventAggregateSchema = Type.Object(
  {
    type: EventTypeSchema,
    status: EventStatusSchema,
    date: Type.Union([DateValueSchema, Type.Null()], { description: 'The most precise date of its mentions.' }),
    locationIds: Type.Array(Type.String(), { description: 'Every place its mentions name, in mention order.' }),
    actorIds: Type.Array(Type.String(), { description: 'Every actor its mentions name, in mention order.' }),
    fatalities: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'The highest toll reported.' }),
    fatalitiesQualifier: FatalitiesQualifierSchema,
    mentionCount: Type.Integer({ minimum: 1, description: 'How many mentions it has.' }),
    confidence,
    ruleId
  },
  { description: 'An event aggregated over all its mentions.' }
)
export type EventAggregate = Static<typeof EventAggregateSchema>
