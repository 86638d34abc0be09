/** Fixtures for the database tests: a knowledge-base person and place, quotes and events about them, a store. */
import type { Test } from 'tap'
import type { DocumentAnnotations } from '../../schemas/annotations.js'
import { openDatabase } from '../../src/db/database.js'
import { Store } from '../../src/db/store.js'
import { linkSameStatements, statementTerms } from '../../src/knowledge/statements.js'
import { articleFacts } from '../../src/corpus/text-facts.js'
import { aggregateEvent } from '../../src/pipeline/event-aggregate.js'
import { stableId } from '../../src/pipeline/ids.js'

export type AgreementMention = DocumentAnnotations['agreementMentions'][number]
export type Quote = DocumentAnnotations['quotes'][number]
export type EventAnn = DocumentAnnotations['events'][number]

export const STOP = new Set(['في', 'من', 'على', 'ان'])
export const SAID = 'قال بوتين إن روسيا ستواصل دعم الجيش السوري في محافظة إدلب حتى القضاء على الإرهاب'
export const OTHER = 'الاقتصاد الروسي ينمو بسرعة والتجارة مع الصين تتوسع كثيرا هذا العام'

export const putin = {
  id: 'putin',
  name: 'فلاديمير بوتين',
  nameEn: 'Vladimir Putin',
  type: 'person' as const,
  aliases: ['بوتين'],
  role: 'الرئيس الروسي',
  affiliation: null,
  lat: null,
  lon: null,
  partOf: null,
  source: 'kb' as const,
  ruleId: 'kb.person',
  confidence: 1
}
export const idlib = { ...putin, id: 'idlib', name: 'إدلب', nameEn: 'Idlib', type: 'place' as const, aliases: [], role: null, lat: 35.9, lon: 36.6 }

export const quote = (text: string, date: string | null): Quote => ({
  text,
  kind: 'direct',
  speakerId: 'putin',
  cue: 'قال',
  span: { start: 0, end: text.length },
  date: date === null ? null : { start: date, end: date, precision: 'day', text: '' },
  confidence: 0.9,
  ruleId: 'quote.test',
  speakerRuleId: 'speaker.test'
})

export const attack = (date: string, start = 0): EventAnn => ({
  type: 'attack',
  status: 'occurred',
  date: { start: date, end: date, precision: 'day', text: '' },
  locationIds: ['idlib'],
  actorIds: [],
  fatalities: null,
  fatalitiesQualifier: null,
  span: { start, end: start + 4 },
  text: 'قصف',
  trigger: 'قصف',
  confidence: 0.7,
  ruleId: 'event.test'
})

export const sochi: DocumentAnnotations['agreements'][number] = {
  id: 'sochi-2018',
  name: 'مذكرة سوتشي',
  nameEn: 'Sochi memorandum',
  signedOn: '2018-09-17',
  placeId: null,
  partyIds: ['putin'],
  provisions: ['منطقة منزوعة السلاح'],
  aliases: ['اتفاق سوتشي'],
  source: 'kb'
}

/** A mention of the Sochi memorandum at `start`. */
export const sochiMention = (start: number): AgreementMention => ({
  agreementId: 'sochi-2018',
  span: { start, end: start + 11 },
  text: 'مذكرة سوتشي',
  ruleId: 'agreement.name',
  confidence: 0.9
})

/** A store on a new in-memory database (closed after the test), with a writer of one article and its annotations. */
export function storeWith(t: Test) {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const store = new Store(db, { linkStatements: (statements) => linkSameStatements(statements, (text) => statementTerms(text, STOP)), aggregateEvent })
  const write = (id: string, publishedAt: string, ann: Partial<DocumentAnnotations>, eventKey = (ev: EventAnn) => `${ev.type}|${ev.date?.start}`) => {
    store.transaction(() => {
      const article = { id, title: `عنوان ${id}`, body: 'نص '.repeat(50), publishedAt, source: 'test', url: null, origin: 'test' }
      const rowid = store.articles.write(article, id, publishedAt, articleFacts(article))
      const all = { failures: [], entities: [putin, idlib], mentions: [], quotes: [], events: [], agreements: [], agreementMentions: [], ...ann }
      const ids = { quotes: all.quotes.map((q) => stableId('q', id, q.span.start, q.span.end, q.kind)), events: all.events.map((ev) => stableId('ev', eventKey(ev))) }
      store.annotations.write(rowid, all, ids)
    })
  }
  const finish = () => {
    for (const _step of store.finishBoot());
  }
  /** Sixty articles (no annotations), all about إدلب, every tenth also about سوتشي; n00 … n59, February 2020 (a day for each, from the 1st to the 28th, then again). */
  const writeNews = () => {
    store.transaction(() => {
      for (let i = 0; i < 60; i++) {
        const day = String((i % 28) + 1).padStart(2, '0')
        const body = `خبر عن إدلب ${i % 10 === 0 ? 'وسوتشي' : ''} ${'نص '.repeat(20)}`
        const article = { id: `n${String(i).padStart(2, '0')}`, title: `عنوان ${i}`, body, publishedAt: `2020-02-${day}T09:00:00Z`, source: 'test', url: null, origin: 't' }
        store.articles.write(article, `h${i}`, '2020-03-01', articleFacts(article))
      }
    })
  }
  return { db, store, write, writeNews, finish }
}

/** Every SQL text the store's connection prepares from now on (statements prepared once per shape show their first use). */
export function preparedSql(store: Store): string[] {
  const prepared: string[] = []
  const prepare = store.db.prepare.bind(store.db)
  store.db.prepare = ((sql: string) => {
    prepared.push(sql)
    return prepare(sql)
  }) as typeof store.db.prepare
  return prepared
}
