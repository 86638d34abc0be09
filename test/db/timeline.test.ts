import t from 'tap'
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
