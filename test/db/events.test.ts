import t from 'tap'
import { attack, preparedSql, storeWith } from './helpers.js'

t.test('events: newest first from the read model; lists carry at most 50 mentions, the event all of them', async (t) => {
  const { store, write, finish } = storeWith(t)
  // one event (same key) reported 60 times in one article, another event later
  write('a1', '2020-02-10T09:00:00Z', { events: Array.from({ length: 60 }, (_, i) => attack('2020-02-09', i * 10)) })
  write('a2', '2020-03-01T09:00:00Z', { events: [attack('2020-03-01')] })
  finish()
  const page = store.events.list({ limit: 10 })
  t.same(page.items.map((e) => e.date?.start), ['2020-03-01', '2020-02-09'])
  t.equal(page.total, 2)
  const big = page.items[1]
  t.equal(big?.mentionCount, 60)
  t.equal(big?.mentions.length, 50)
  t.equal(store.events.get(big?.id ?? '')?.mentions.length, 60)
  t.equal(store.events.list({ articleId: 'a1', limit: 10 }).items[0]?.mentions.length, 60, "with articleId: that article's mentions")

  const filtered = store.events.list({ type: 'attack', location: 'Idlib', from: '2020-02-15', limit: 10 })
  t.same(filtered.items.map((e) => e.date?.start), ['2020-03-01'])
  t.equal(filtered.total, 1)
  const next = store.events.list({ limit: 1 })
  t.same(store.events.list({ limit: 1, cursor: next.nextCursor ?? '' }).items.map((e) => e.date?.start), ['2020-02-09'], 'cursor')
  t.same(store.events.list({ location: 'idlib', to: '2020-01-31', limit: 10 }).items, [])
})

t.test('filtered events page the same whether the recency index is walked (many match) or the matches sorted (few)', async (t) => {
  const { store, write, finish } = storeWith(t)
  for (let i = 0; i < 30; i++) {
    const day = `2020-01-${String(i + 1).padStart(2, '0')}`
    write(`e${i}`, `${day}T09:00:00Z`, { events: [attack(day)] })
  }
  finish()
  const pages = (query: { type?: 'attack'; from?: string }, limit: number) => {
    const dates: (string | undefined)[] = []
    let cursor: string | undefined
    do {
      const page = store.events.list({ ...query, limit, ...(cursor ? { cursor } : {}) })
      dates.push(...page.items.map((e) => e.date?.start))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return dates
  }
  const newestFirst = Array.from({ length: 30 }, (_, i) => `2020-01-${String(30 - i).padStart(2, '0')}`)
  t.same(pages({ type: 'attack' }, 1), newestFirst, 'all 30 match: 30² > 2 × 30, the index is walked')
  t.same(pages({ type: 'attack', from: '2020-01-28' }, 1), newestFirst.slice(0, 3), 'three match: sorted from the matches')
  t.same(pages({}, 4), newestFirst, 'unfiltered')
})

t.test('date-window filters (R-tree) hold odd ranges: reversed or unparsable dates never break the rebuild', async (t) => {
  const { store, write, finish } = storeWith(t)
  const reversed = { ...attack('2020-03-10'), date: { start: '2020-03-10', end: '2020-03-01', precision: 'day' as const, text: '' } }
  const garbage = { ...attack('2020-03-10', 20), type: 'talks' as const, date: { start: 'not-a-date', end: 'not-a-date', precision: 'day' as const, text: '' } }
  write('a1', '2020-03-11T09:00:00Z', { events: [reversed, garbage, attack('2020-01-05', 40)] })
  t.doesNotThrow(() => finish())
  t.same(store.events.list({ from: '2020-03-05', to: '2020-03-06', limit: 10 }).items.map((e) => e.date?.start), ['2020-03-10'], 'the reversed range is searched as 03-01..03-10')
  t.same(store.events.list({ type: 'attack', to: '2020-01-31', limit: 10 }).items.map((e) => e.date?.start), ['2020-01-05'])
  t.equal(store.events.list({ type: 'talks', from: '2000-01-01', limit: 10 }).total, 0, 'an unparsable date matches no window')
})

t.test('a window walks the recency index from its end, and still finds the events whose latest mention is later', async (t) => {
  const { store, write, finish } = storeWith(t)
  for (let i = 0; i < 30; i++) {
    const day = `2020-01-${String(i + 1).padStart(2, '0')}`
    write(`e${i}`, `${day}T09:00:00Z`, { events: [attack(day)] })
  }
  // one event reported twice: on 3 January and again on 1 March (the same key), so its recency key is March
  const key = () => 'long-running'
  write('s1', '2020-01-03T10:00:00Z', { events: [attack('2020-01-03', 100)] }, key)
  write('s2', '2020-03-01T10:00:00Z', { events: [attack('2020-03-01', 100)] }, key)
  // and one with a month-long mention that began before the window: its key is before the window's start
  write('m1', '2019-12-20T10:00:00Z', { events: [{ ...attack('2019-12-01', 200), date: { start: '2019-12-01', end: '2019-12-31', precision: 'month', text: 'كانون الأول' } }] })
  // talks reported on 4 January and again on 2 March: later-keyed too, but not an attack
  const talksKey = () => 'long-talks'
  const talks = (day: string) => ({ ...attack(day, 300), type: 'talks' as const })
  write('t1', '2020-01-04T10:00:00Z', { events: [talks('2020-01-04')] }, talksKey)
  write('t2', '2020-03-02T10:00:00Z', { events: [talks('2020-03-02')] }, talksKey)
  finish()
  const pages = (query: { type?: 'attack'; status?: 'occurred' | 'planned'; from?: string; to?: string }, limit: number) => {
    const dates: (string | undefined)[] = []
    let cursor: string | undefined
    do {
      const page = store.events.list({ ...query, limit, ...(cursor ? { cursor } : {}) })
      dates.push(...page.items.map((e) => `${e.date?.start}/${e.mentionCount}`))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return dates
  }
  const window = { type: 'attack' as const, from: '2019-12-30', to: '2020-01-12' }
  const days = Array.from({ length: 12 }, (_, i) => `2020-01-${String(12 - i).padStart(2, '0')}/1`)
  const expected = ['2020-01-03/2', ...days, '2019-12-01/1']
  t.same(pages(window, 1), expected, 'walked (14 match: 14² > 2 × 32): the later-keyed event first, the month-long one last')
  t.same(pages(window, 12), expected, 'sorted from the matches (14² ≤ 13 × 32): the same')
  t.same(pages({ ...window, status: 'occurred' }, 1), expected, 'a filter on mentions (status) with the window: walked, checked mention by mention')
  t.same(pages({ ...window, status: 'occurred' }, 12), expected, 'and sorted from the matches')
  t.same(pages({ ...window, status: 'planned' }, 1), [], 'no mention has that status')
  t.same(pages({ type: 'attack' }, 1).length, 32, 'a type alone: the events of the type in recency order')
  const anyType = { from: window.from, to: window.to }
  t.same(pages(anyType, 1), ['2020-01-04/2', ...expected], 'without a type the later-keyed talks are in the window too')
  t.same(pages(anyType, 20), pages(anyType, 1), 'and sorted from the matches')
  t.same(pages({ to: '2020-01-02' }, 1), pages({ to: '2020-01-02' }, 10), 'an open start')
  t.same(pages({ from: '2020-01-29' }, 1), ['2020-01-04/2', '2020-01-03/2', '2020-01-30/1', '2020-01-29/1'], 'an open end: the walk starts at the newest')
})

t.test('a window with few matches is paged from its matches, whatever the planner guesses of the R-tree', async (t) => {
  // The R-tree reads its size from sqlite_stat1 only when a connection opens it. This store's migrations created it
  // before there were statistics, so it guesses a million rows, as a server does after its first boot; the events
  // table has been analysed. The page's keys must still start from the few matches, not walk every event.
  const { store, write, finish } = storeWith(t)
  for (let i = 0; i < 200; i++) {
    const day = `${1900 + i}-06-15`
    write(`e${i}`, `${day}T09:00:00Z`, { events: [attack(day, i)] }, (ev) => `${ev.type}|${ev.date?.start}|${i}`)
  }
  finish()
  const prepared = preparedSql(store)
  const page = store.events.list({ type: 'attack', from: '2013-01-01', to: '2013-12-31', limit: 20 })
  t.same(
    page.items.map((e) => e.date?.start),
    ['2013-06-15'],
    'the one event in the window'
  )
  const keys = prepared.find((sql) => sql.includes('SELECT DISTINCT event_id'))
  t.ok(keys, 'the matches were sorted (few match)')
  const planOf = (sql: string) =>
    (store.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all({ dayFrom: 0, dayTo: 0, type: 'attack', limit: 21 }) as { detail: string }[]).map((r) => r.detail)
  const matchesFirst = (plan: string[]) => {
    const outer = plan.findIndex((d) => d.startsWith('SCAN x'))
    return outer >= 0 && plan.slice(outer + 1).some((d) => /^SEARCH e USING (PRIMARY KEY|INDEX sqlite_autoindex_events)/.test(d))
  }
  const plan = planOf(keys ?? '')
  t.ok(matchesFirst(plan), `matches first, each event by its key: ${plan.join(' | ')}`)
  // the premise: left to the planner, this connection's guess would walk the events (if SQLite stops guessing so,
  // this fails and says the order no longer needs pinning)
  const free = planOf((keys ?? '').replace('CROSS JOIN', 'JOIN'))
  t.notOk(matchesFirst(free), `without the pinned order the planner walks every event here: ${free.join(' | ')}`)
})

t.test('a window with many later-keyed events pages from the newest of them, the same as from all of them', async (t) => {
  const { store, write, finish } = storeWith(t)
  // 40 events reported in the window (5 January; every other one again on 7 January, so two entries in the R-tree of
  // spans) and again later, each under its own key day in February or March (some days shared)
  for (let i = 0; i < 40; i++) {
    const key = () => `long-${i}`
    const later = `2020-0${2 + (i % 2)}-${String((i % 14) + 1).padStart(2, '0')}`
    write(`w${i}`, '2020-01-05T10:00:00Z', { events: [attack('2020-01-05', 10)] }, key)
    if (i % 2 === 0) write(`x${i}`, '2020-01-07T10:00:00Z', { events: [attack('2020-01-07', 20)] }, key)
    write(`l${i}`, `${later}T10:00:00Z`, { events: [attack(later, 30)] }, key)
  }
  for (let i = 0; i < 10; i++) write(`in${i}`, `2020-01-${String(i + 1).padStart(2, '0')}T09:00:00Z`, { events: [attack(`2020-01-${String(i + 1).padStart(2, '0')}`, 40)] })
  finish()
  const prepared = preparedSql(store)
  const window = { type: 'attack' as const, from: '2020-01-04', to: '2020-01-08' }
  const ids = (limit: number) => {
    const seen: string[] = []
    let cursor: string | undefined
    do {
      const page = store.events.list({ ...window, limit, ...(cursor ? { cursor } : {}) })
      seen.push(...page.items.map((e) => e.id))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    return seen
  }
  const all = store.events.list({ ...window, limit: 100 })
  t.equal(all.items.length, 45, 'the 40 later-keyed events and the 5 keyed in the window')
  for (const limit of [1, 3, 7, 20]) t.same(ids(limit), all.items.map((e) => e.id), `pages of ${limit}: the same events in the same order`)
  t.ok(
    prepared.some((sql) => sql.includes('s.key_start >= @spanFloor')),
    'the pages read the spanning events from the newest (the floor)'
  )
})
