import { readdirSync, readFileSync } from 'node:fs'
import t from 'tap'
import { openDatabase } from '../../src/db/database.js'
import { conditions, LIMIT, MAX_CACHED_COUNTS, Queries } from '../../src/db/queries.js'

t.test('conditions: only those of the parameters given, ANDed', async (t) => {
  const all = { a: 'x.a = @a', b: 'x.b = @b', c: 'x.c > @c' }
  t.equal(conditions(all, { a: 1, b: null, c: 0 }), 'x.a = @a AND x.c > @c', 'zero is a value; null is not')
  t.equal(conditions(all, { b: undefined }), 'TRUE')
})

t.test('a statement per shape, prepared once; counts cached until the next write', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const q = new Queries(db)
  const sql = 'SELECT count(*) AS n FROM corpus_state WHERE articles >= @min'
  t.equal(q.shape(sql), q.shape(sql), 'the same statement object')
  const count = () => q.count(q.shape<{ n: number }>(sql), { min: 0 })
  t.equal(count(), 0)
  db.prepare("INSERT INTO corpus_state (key, fingerprint, articles, report) VALUES (1, 'f', 3, '{}')").run()
  t.equal(count(), 0, 'cached: nothing said the data changed')
  t.equal(q.count(q.shape<{ n: number }>(sql), { min: 1 }), 1, 'other parameters, another count')
  const before = q.generation
  q.changed()
  t.equal(q.generation, before + 1)
  t.equal(count(), 1, 'a write forgets the cached counts')
})

t.test('a row of counts is cached like a count, and forgotten by the next write', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const q = new Queries(db)
  const stmt = q.shape<{ all: number; big: number }>('SELECT (SELECT count(*) FROM corpus_state) AS "all", (SELECT count(*) FROM corpus_state WHERE articles >= @min) AS big')
  t.same(q.countRow(stmt, { min: 2 }), { all: 0, big: 0 })
  db.prepare("INSERT INTO corpus_state (key, fingerprint, articles, report) VALUES (1, 'f', 3, '{}')").run()
  t.same(q.countRow(stmt, { min: 2 }), { all: 0, big: 0 }, 'cached: nothing said the data changed')
  t.same(q.countRow(stmt, { min: 5 }), { all: 1, big: 0 }, 'other parameters, another row')
  q.changed()
  t.same(q.countRow(stmt, { min: 2 }), { all: 1, big: 1 }, 'a write forgets the cached rows')
})

t.test('cached counts are bounded: past MAX_CACHED_COUNTS (over all statements) they are forgotten', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const q = new Queries(db)
  const a = q.shape<{ n: number }>('SELECT count(*) AS n FROM corpus_state WHERE articles >= @min')
  const b = q.shape<{ n: number }>('SELECT count(*) AS n FROM corpus_state WHERE articles < @max')
  t.equal(q.count(a, { min: 0 }), 0)
  db.prepare("INSERT INTO corpus_state (key, fingerprint, articles, report) VALUES (1, 'f', 3, '{}')").run()
  for (let i = 1; i < MAX_CACHED_COUNTS; i++) q.count(b, { max: i })
  t.equal(q.count(a, { min: 0 }), 0, 'still cached at the bound')
  q.count(b, { max: -1 })
  t.equal(q.count(a, { min: 0 }), 1, 'one more, and the cached counts of every statement are gone')
})

t.test('a derived value is computed once per key and kind, forgotten by the next write, and bounded with the counts', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const q = new Queries(db)
  let computed = 0
  const ids = (key: string) => q.derived('ids', key, () => [`${key}-${++computed}`])
  t.same(ids('a'), ['a-1'])
  t.same(ids('a'), ['a-1'], 'the same key: not computed again')
  t.same(q.derived('other', 'a', () => 'x'), 'x', 'another kind, its own value')
  t.same(ids('b'), ['b-2'])
  q.changed()
  t.same(ids('a'), ['a-3'], 'a write forgets it')
  const stmt = q.shape<{ n: number }>('SELECT count(*) AS n FROM corpus_state WHERE articles < @max')
  for (let i = 1; i < MAX_CACHED_COUNTS; i++) q.count(stmt, { max: i })
  t.same(ids('a'), ['a-3'], 'still kept at the bound (counts and derived values together)')
  q.count(stmt, { max: -1 })
  t.same(ids('a'), ['a-4'], 'one more count, and the derived values are gone with the counts')
})

t.test('a page limit is an expression: no statement binds a bare LIMIT parameter (it would be prepared again at every run)', async (t) => {
  const dir = new URL('../../src/db/', import.meta.url)
  const bare = readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    // a parameter (@x, :x, $x, ?), not a JavaScript interpolation (a literal number)
    .flatMap((f) => (readFileSync(new URL(f, dir), 'utf8').match(/LIMIT\s+(?:[@:?]|\$(?!\{))\w*/g) ?? []).map((m) => `${f}: ${m}`))
  t.same(bare, [], 'every LIMIT of a bound value is written with LIMIT (queries.ts)')
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const stmt = db.prepare<{ limit: number }, { value: number }>(`SELECT value FROM json_each('[1,2,3]') ${LIMIT}`)
  t.same(stmt.all({ limit: 2 }).map((r) => r.value), [1, 2])
  t.same(stmt.all({ limit: 1 }).map((r) => r.value), [1], 'bound again, the new limit holds')
})
