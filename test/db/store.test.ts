import t from 'tap'
import { attack, quote, SAID, storeWith } from './helpers.js'

t.test('the generation moves with every write, never with a read', async (t) => {
  const { store, write, finish } = storeWith(t)
  const start = store.generation
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)] })
  const written = store.generation
  t.ok(written > start, 'an article and its annotations')
  store.articles.list({ fts: null, limit: 10 })
  store.quotes.list({ fts: null, limit: 10 })
  t.equal(store.generation, written, 'reads')
  finish()
  const rebuilt = store.generation
  t.ok(rebuilt > written, 'the end of a boot')
  store.articles.removeExcept(new Set())
  t.ok(store.generation > rebuilt, 'removing articles')
})

t.test('the end of a boot is short steps: pruning first, then the read models', async (t) => {
  const { store, write } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)], events: [attack('2020-02-09')] })
  t.same(store.events.list({ limit: 10 }).items, [], 'before: no read models')
  let steps = 0
  for (const _step of store.finishBoot()) steps++
  t.ok(steps >= 5, `${steps} steps`)
  t.same(store.events.list({ limit: 10 }).items.map((e) => e.date?.start), ['2020-02-09'])
  t.equal(store.timeline.list({ limit: 10 }).total, 2)
})
