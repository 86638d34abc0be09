import t from 'tap'
import { stableHash, stableId } from '../../src/pipeline/ids.js'

// Both hashes are part of published ids (quotes, events, discovered names): these values must never change.
t.test('record ids: prefix and the first 16 hex digits of SHA-256 over the parts', async (t) => {
  t.equal(stableId('q', '000_b4eebee602e972a1', 10, 20, 'direct'), 'q_a4b23160f6f227d6')
  t.not(stableId('q', 'a', 'b'), stableId('q', 'ab'), 'parts are separated')
})

t.test('discovered names: FNV-1a as 8 hex digits', async (t) => {
  t.equal(stableHash('سيرغي لافروف'), '475a16d9')
  t.equal(stableHash(''), '811c9dc5')
})
