import t from 'tap'
import { TIMELINE_ENTITY_ROLES } from '../../src/db/timeline.js'
import { attack, OTHER, quote, SAID, storeWith } from './helpers.js'

t.test('timeline: statements and events in date order, by entity and range', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)], events: [attack('2020-02-09')] })
  write('a2', '2020-03-01T09:00:00Z', { quotes: [quote(OTHER, '2020-02-28')] })
  finish()
  const all = store.timeline.list({ limit: 10 })
  t.same(all.items.map((i) => [i.kind, i.date.start]), [['event', '2020-02-09'], ['quote', '2020-02-10'], ['quote', '2020-02-28']])
  t.equal(all.total, 3)
  t.same(store.timeline.list({ entity: 'Idlib', limit: 10 }).items.map((i) => i.kind), ['event'], 'a place: its events')
  t.same(store.timeline.list({ entity: 'بوتين', from: '2020-02-11', limit: 10 }).items.map((i) => i.date.start), ['2020-02-28'])
  const first = store.timeline.list({ limit: 2 })
  t.same(store.timeline.list({ limit: 2, cursor: first.nextCursor ?? '' }).items.map((i) => i.date.start), ['2020-02-28'], 'cursor')
})

t.test('an entity timeline pages the same whether its ranges are merged (many items) or its items sorted (few)', async (t) => {
  const { store, write, finish } = storeWith(t)
  // Putin speaks in every article; every third also has an attack in Idlib with Putin (and Idlib) as its actors
  for (let i = 0; i < 30; i++) {
    const day = `2020-01-${String(i + 1).padStart(2, '0')}`
    const events = i % 3 === 0 ? [{ ...attack(day, 100), actorIds: ['putin', 'idlib'] }] : []
    write(`a${i}`, `${day}T09:00:00Z`, { quotes: [quote(`${SAID} ${i}`, day)], events })
  }
  finish()
  const pages = (query: { entity: string; from?: string }, limit: number, total = 40) => {
    const items: string[] = []
    let cursor: string | undefined
    do {
      const page = store.timeline.list({ ...query, limit, ...(cursor ? { cursor } : {}) })
      items.push(...page.items.map((i) => `${i.date.start} ${i.kind}`))
      t.equal(page.total, total, `${query.entity}: the total counts each item once`)
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return items
  }
  const expected = Array.from({ length: 30 }, (_, i) => `2020-01-${String(i + 1).padStart(2, '0')}`).flatMap((d, i) => (i % 3 === 0 ? [`${d} event`, `${d} quote`] : [`${d} quote`]))
  t.same(pages({ entity: 'putin' }, 3), expected, 'pages of 3: two ranges (speaker, actor) × 4 rows < 40 items, merged')
  t.same(pages({ entity: 'putin' }, 50), expected, 'one page of 50: more rows than items, sorted')
  t.same(pages({ entity: 'بوتين' }, 7), expected, 'by name, pages of 7')
  t.same(
    pages({ entity: 'idlib' }, 2, 10),
    expected.filter((x) => x.endsWith('event')),
    'Idlib is the place and an actor of each attack: merged from two ranges, each attack once'
  )
})

t.test('the timeline files items under the roles the entity filter reads', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)], events: [{ ...attack('2020-02-09'), actorIds: ['putin'] }] })
  finish()
  const roles = (store.db.prepare('SELECT DISTINCT role FROM timeline_entities ORDER BY role').all() as { role: string }[]).map((r) => r.role)
  t.same(roles, [...TIMELINE_ENTITY_ROLES, 'place'].sort(), 'speaker and actor (TIMELINE_ENTITY_ROLES), and place')
})
