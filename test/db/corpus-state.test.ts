import t from 'tap'
import { openDatabase } from '../../src/db/database.js'
import { CorpusStateRepository } from '../../src/db/corpus-state.js'

t.test('the record of the last complete boot: none, one, forgotten', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const state = new CorpusStateRepository(db)
  t.equal(state.get(), null)
  state.set({ fingerprint: 'f1', articles: 5, report: '{"read":5}' })
  state.set({ fingerprint: 'f2', articles: 6, report: '{"read":6}' })
  t.same(state.get(), { fingerprint: 'f2', articles: 6, report: '{"read":6}' }, 'one record, the latest')
  state.set(null)
  t.equal(state.get(), null)
})
