import t from 'tap'
import { encodeCursor } from '../../src/db/cursor.js'
import { searchForm, searchTerms } from '../../src/search/fold.js'
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

t.test('nameMatches: what resolveIds names, counted from the name index, with the names a search adds', async (t) => {
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
  const matches = (value: string, max = 10) => store.entities.nameMatches(value, searchForm(value), max)
  for (const value of ['putin', 'بوتين', 'Sergey Lavrov', 'الكرملين', 'Kremlin', 'nobody', 'idlib']) {
    const ids = store.entities.resolveIds(value)
    const m = matches(value)
    t.equal(m.total, ids.length, `${value}: as many as resolveIds`)
    t.same(m.byId, ids.length === 1 && ids[0] === value ? ref(value) : null, `${value}: by id`)
    // the names a full-text query adds: those (in search form) that do not contain the value itself (each of these
    // values is a whole name or words of an English name)
    const expected = [...new Set(ids.map((id) => searchForm(ref(id)?.name ?? '')))].filter((n) => !n.includes(searchForm(value).trim()))
    t.same(m.expansions, expected, `${value}: expansions`)
  }
  t.same(matches('الرئاسة الروسية').expansions, [searchForm('الكرملين')], 'a whole alias adds the name')
  t.equal(matches('الروسية').total, 1, 'a word of an alias names the entity for the entity list')
  t.same(matches('الروسية').expansions, [], 'but adds nothing to the full-text query: the texts that say it are found already')
  t.same(matches('Kremlin').expansions, [searchForm('الكرملين'), searchForm('المكتب الصحفي للكرملين')], 'English → the Arabic names')
  t.same(matches('الكرملين').expansions, [], 'names that contain the value add nothing')
  t.same(matches('Kremlin', 1).expansions, [searchForm('الكرملين')], 'at most maxExpansions')
  // an entity written again under another name: its keys carry the new one
  write('a2', '2020-02-11T09:00:00Z', { entities: [{ ...kremlin, name: 'قصر الكرملين' }], mentions: [mention('kremlin')], quotes: [quote(SAID, null)] })
  finish()
  t.same(matches('Kremlin').expansions, [searchForm('قصر الكرملين'), searchForm('المكتب الصحفي للكرملين')], 'the name index follows a renamed entity')
  const page = (offset: number, limit: number) => store.search.list({ q: 'Kremlin', ...searchTerms('Kremlin'), limit, ...(offset ? { cursor: encodeCursor([offset]) } : {}) })
  t.same(page(0, 1).items, [{ kind: 'entity', id: 'kremlin', label: 'قصر الكرملين', snippet: 'Kremlin', articleId: null }], 'search shows the new name')
  t.same([0, 1].flatMap((o) => page(o, 1).items.map((i) => i.id)), ['kremlin', 'kremlin-press'], 'a page of entities at a time, by id')
})
