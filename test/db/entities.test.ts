import t from 'tap'
import { quote, SAID, storeWith } from './helpers.js'

t.test('a speaker filter names the entity by any whole-word run of its names', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)] })
  finish()
  for (const value of ['putin', 'بوتين', 'فلاديمير بوتين', 'Putin', 'vladimir putin', 'فلاديمير']) {
    t.same(store.entities.resolveIds(value), ['putin'], value)
  }
  for (const value of ['بوتي', 'Vlad', 'بوتين فلاديمير', 'الرئيس']) t.same(store.entities.resolveIds(value), [], `${value}: not a run of name words`)
})
