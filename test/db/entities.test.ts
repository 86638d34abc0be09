import t from 'tap'
import { idlib, putin, quote, SAID, storeWith } from './helpers.js'

t.test('a speaker filter names the entity by any whole-word run of its names', async (t) => {
  const { store, write, finish } = storeWith(t)
  write('a1', '2020-02-10T09:00:00Z', { quotes: [quote(SAID, null)] })
  finish()
  for (const value of ['putin', 'بوتين', 'فلاديمير بوتين', 'Putin', 'vladimir putin', 'فلاديمير']) {
    t.same(store.entities.resolveIds(value), ['putin'], value)
  }
  for (const value of ['بوتي', 'Vlad', 'بوتين فلاديمير', 'الرئيس']) t.same(store.entities.resolveIds(value), [], `${value}: not a run of name words`)
})

t.test('resolveRefs: the references of what resolveIds names, in its order, in one statement', async (t) => {
  const { store, write, finish } = storeWith(t)
  const lavrov = { ...putin, id: 'lavrov', name: 'سيرغي لافروف', nameEn: 'Sergey Lavrov', aliases: ['لافروف'] }
  const peskov = { ...putin, id: 'peskov', name: 'دميتري بيسكوف', nameEn: 'Dmitry Peskov', aliases: [], role: 'الناطق باسم الكرملين' }
  write('a1', '2020-02-10T09:00:00Z', { entities: [putin, idlib, lavrov, peskov], quotes: [quote(SAID, null)] })
  finish()
  const ref = store.entities.refResolver()
  for (const value of ['putin', 'بوتين', 'Sergey Lavrov', 'الكرملين', 'nobody', 'idlib']) {
    t.same(store.entities.resolveRefs(value), store.entities.resolveIds(value).map((id) => ref(id)), value)
  }
})
