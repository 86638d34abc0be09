import t from 'tap'
import { ArticleSchema } from '../schemas/articles.js'
import { AgreementSchema, EntitySchema, EventSchema, QuoteSchema, SearchHitSchema, TimelineItemSchema } from '../schemas/knowledge.js'
import { build, json } from './helper.js'

/** The contract's examples are real records of the seeds, not invented ones: each is what the API serves. */
const example = <T>(schema: object): T => ((schema as { examples?: T[] }).examples ?? [])[0] as T

t.test('schema examples are what the API serves for the seeds', async (t) => {
  const app = await build(t)
  const quote = example<{ id: string; text: string; span: unknown; speaker: unknown; kind: string }>(QuoteSchema)
  t.match(json(await app.inject(`/v1/quotes/${quote.id}`)), { id: quote.id, text: quote.text, span: quote.span, speaker: quote.speaker, kind: quote.kind })

  const event = example<{ id: string; type: string; fatalities: number; mentions: { span: unknown; text: string }[] }>(EventSchema)
  t.match(json(await app.inject(`/v1/events/${event.id}`)), {
    id: event.id,
    type: event.type,
    fatalities: event.fatalities,
    mentions: [{ span: event.mentions[0]?.span, text: event.mentions[0]?.text }]
  })

  const entity = example<Record<string, unknown>>(EntitySchema)
  t.match(json(await app.inject(`/v1/entities/${String(entity.id)}`)), entity)

  const agreement = example<{ id: string; signedOn: string; provisions: string[]; mentions: { articleId: string; span: unknown }[] }>(AgreementSchema)
  const served = json<{ signedOn: string; provisions: string[]; mentions: { articleId: string; span: unknown }[] }>(await app.inject(`/v1/agreements/${agreement.id}`))
  t.equal(served.signedOn, agreement.signedOn)
  t.same(served.provisions.slice(0, agreement.provisions.length), agreement.provisions)
  t.ok(served.mentions.some((m) => m.articleId === agreement.mentions[0]?.articleId && JSON.stringify(m.span) === JSON.stringify(agreement.mentions[0]?.span)))

  const article = example<{ id: string; title: string; wordCount: number; publishedAt: string }>(ArticleSchema)
  t.match(json(await app.inject(`/v1/articles/${article.id}`)), { id: article.id, title: article.title, wordCount: article.wordCount, publishedAt: article.publishedAt })
})

t.test('timeline and search examples are served too', async (t) => {
  const app = await build(t)
  const item = example<{ quote: { id: string; text: string; span: unknown } }>(TimelineItemSchema)
  t.match(json(await app.inject(`/v1/quotes/${item.quote.id}`)), { text: item.quote.text, span: item.quote.span })
  const hits = (SearchHitSchema as { examples?: { kind: string; id: string }[] }).examples ?? []
  const served = json<{ items: { kind: string; id: string }[] }>(await app.inject('/v1/search?q=Sochi&limit=100')).items
  for (const hit of hits) t.ok(served.some((s) => s.kind === hit.kind && s.id === hit.id), `${hit.kind} ${hit.id}`)
})
