import t from 'tap'
import { searchForm } from '../../src/search/fold.js'
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

t.test('named: what resolveIds names, a page at a time from the name index, with the names a search adds', async (t) => {
  const { store, write, finish } = storeWith(t)
  const lavrov = { ...putin, id: 'lavrov', name: 'سيرغي لافروف', nameEn: 'Sergey Lavrov', aliases: ['لافروف'] }
  const peskov = { ...putin, id: 'peskov', name: 'دميتري بيسكوف', nameEn: 'Dmitry Peskov', aliases: [], role: 'الناطق باسم الكرملين' }
  const kremlin = { ...putin, id: 'kremlin', name: 'الكرملين', nameEn: 'Kremlin', type: 'organization' as const, aliases: ['الرئاسة الروسية'], role: null }
  const kremlinPress = { ...kremlin, id: 'kremlin-press', name: 'المكتب الصحفي للكرملين', nameEn: 'Kremlin press office', aliases: [] }
  const mention = (entityId: string) => ({ entityId, span: { start: 0, end: 4 }, text: 'بوتين', ruleId: 'test' })
  const everyone = [putin, idlib, lavrov, peskov, kremlin, kremlinPress]
  write('a1', '2020-02-10T09:00:00Z', { entities: everyone, mentions: everyone.map((e) => mention(e.id)), quotes: [quote(SAID, null)] })
  finish()
  const ref = store.entities.refResolver()
  for (const value of ['putin', 'بوتين', 'Sergey Lavrov', 'الكرملين', 'Kremlin', 'nobody', 'idlib']) {
    const ids = store.entities.resolveIds(value)
    const all = store.entities.named(value, searchForm(value), { offset: 0, limit: 10 }, 10)
    t.same(all.refs, ids.map((id) => ref(id)), `${value}: the references of resolveIds, in its order`)
    t.equal(all.total, ids.length, `${value}: total`)
    const paged = [0, 1, 2].flatMap((offset) => store.entities.named(value, searchForm(value), { offset, limit: 1 }, 10).refs)
    t.same(paged, all.refs.slice(0, 3), `${value}: one at a time`)
    // the names a full-text query adds: those (in search form) that do not contain the value itself
    const expected = [...new Set(ids.map((id) => searchForm(ref(id)?.name ?? '')))].filter((n) => !n.includes(searchForm(value).trim()))
    t.same(all.expansions, expected, `${value}: expansions`)
  }
  t.same(store.entities.named('Kremlin', searchForm('Kremlin'), { offset: 0, limit: 10 }, 10).expansions, [searchForm('الكرملين'), searchForm('المكتب الصحفي للكرملين')], 'English → the Arabic names')
  t.same(store.entities.named('الكرملين', searchForm('الكرملين'), { offset: 0, limit: 10 }, 10).expansions, [], 'names that contain the value add nothing')
  t.same(store.entities.named('Kremlin', searchForm('Kremlin'), { offset: 0, limit: 10 }, 1).expansions, [searchForm('الكرملين')], 'at most maxExpansions')
  // an entity written again under another name: its keys carry the new one
  write('a2', '2020-02-11T09:00:00Z', { entities: [{ ...kremlin, name: 'قصر الكرملين' }], mentions: [mention('kremlin')], quotes: [quote(SAID, null)] })
  finish()
  t.same(store.entities.named('Kremlin', searchForm('Kremlin'), { offset: 0, limit: 1 }, 10).refs.map((r) => r.name), ['قصر الكرملين'], 'the name index follows a renamed entity')
})
