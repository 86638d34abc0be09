import { gzipSync } from 'node:zlib'
import t from 'tap'
import { readCorpus, type CorpusItem } from '../../src/corpus/read.js'
import { parseDateline } from '../../src/corpus/dateline.js'
import { foldForSearch } from '../../src/search/fold.js'
import { tempDir } from '../helper.js'

const months = new Map([['مارس', 3], ['اذار', 3]])
const dateline = (body: string) => parseDateline(body, months, foldForSearch)
const options = { maxBytes: 10_000, dateline }

async function readAll(dir: string): Promise<CorpusItem[]> {
  const items: CorpusItem[] = []
  for await (const item of readCorpus(dir, options)) items.push(item)
  return items
}
const articles = (items: CorpusItem[]) => items.flatMap((i) => (i.kind === 'article' ? [i.article] : []))
const skips = (items: CorpusItem[]) => items.flatMap((i) => (i.kind === 'skip' ? [i.skip] : []))

t.test('txt: first non-empty line is the title, the rest the body; sidecar metadata', async (t) => {
  const dir = tempDir(t, {
    'a1.txt': '\n\nعنوان الخبر \nالفقرة الأولى.\n\nالفقرة الثانية.',
    'a1.meta.json': JSON.stringify({ publishedAt: '2020-02-12T10:00:00+03:00', source: 'وكالة', url: 'https://example.org/a1' })
  })
  const [article] = articles(await readAll(dir))
  t.same(article, {
    id: 'a1',
    title: 'عنوان الخبر',
    body: 'الفقرة الأولى.\n\nالفقرة الثانية.',
    publishedAt: '2020-02-12T10:00:00+03:00',
    source: 'وكالة',
    url: 'https://example.org/a1',
    origin: 'a1.txt'
  })
})

t.test('a dateline gives source and date when there is no metadata', async (t) => {
  const dir = tempDir(t, { 'd.txt': 'عنوان\n(پاکستان پوائنٹ نیوز / سبوتنيك - 14 مارس 2020ء) قالت وزارة الدفاع' })
  const [article] = articles(await readAll(dir))
  t.equal(article?.publishedAt, '2020-03-14')
  t.equal(article?.source, 'پاکستان پوائنٹ نیوز / سبوتنيك')
  t.equal(dateline('(وكالة - 31 آذار/مارس 2021) نص')?.publishedAt, '2021-03-31')
  t.equal(dateline('(وكالة - 31 فبراير 2021) نص'), null, 'unknown month name')
  t.equal(dateline('نص بلا خط تاريخ'), null)
})

t.test('metadata wins over the dateline; bad sidecars are warnings, not skips', async (t) => {
  const dir = tempDir(t, {
    'm.txt': 'عنوان\n(وكالة - 14 مارس 2020) نص',
    'm.meta.json': JSON.stringify({ publishedAt: '2020-03-13' }),
    'n.txt': 'عنوان\nنص',
    'n.meta.json': '{ not json'
  })
  const items = await readAll(dir)
  const [m, n] = articles(items)
  t.equal(m?.publishedAt, '2020-03-13')
  t.equal(m?.source, 'وكالة', 'source still read from the dateline')
  t.equal(n?.publishedAt, null)
  t.match(items.filter((i) => i.kind === 'warning'), [{ message: /n\.meta\.json/ }])
})

t.test('bad txt files are skipped with a reason', async (t) => {
  const dir = tempDir(t, {
    'empty.txt': '',
    'blank.txt': '\n \n\n',
    'latin1.txt': Buffer.from([0x41, 0x0a, 0xe9, 0xe8, 0x20, 0x62]),
    'binary.txt': Buffer.from([0x41, 0x0a, 0x00, 0x01, 0x02]),
    'huge.txt': 'عنوان\n' + 'ا'.repeat(20_000),
    'titleonly.txt': 'عنوان فقط\n\n',
    'ok.txt': 'عنوان\nنص'
  })
  const items = await readAll(dir)
  t.same(articles(items).map((a) => a.id), ['ok'])
  const reasons = Object.fromEntries(skips(items).map((s) => [s.file, s.reason]))
  t.match(reasons, {
    'empty.txt': /empty/,
    'blank.txt': /empty/,
    'latin1.txt': /UTF-8/,
    'binary.txt': /binary/,
    'huge.txt': /larger than/,
    'titleonly.txt': /empty body/
  })
})

t.test('jsonl and jsonl.gz: one article a line, bad lines skipped with their number', async (t) => {
  const good = (id: string | number) => JSON.stringify({ id, title: `عنوان ${id}`, body: 'نص الخبر', publishedAt: '2018-03-01T09:00:00+03:00', source: 'BBC', url: null, category: 'x' })
  const lines = [
    good('j1'),
    '',
    '{ broken',
    JSON.stringify({ id: 'j2', body: 'no title' }),
    JSON.stringify({ id: 'j3', title: '   ', body: 'blank title' }),
    good(42),
    JSON.stringify({ id: 'big', title: 't', body: 'ب'.repeat(20_000) }),
    JSON.stringify({ id: 'bad-date', title: 'عنوان', body: 'نص', publishedAt: 'yesterday' })
  ].join('\n')
  const dir = tempDir(t, { 'a.jsonl': lines, 'b.jsonl.gz': gzipSync(good('g1') + '\n' + good('g2')), 'c.jsonl.gz': Buffer.from('not gzip at all') })
  const items = await readAll(dir)
  const got = articles(items)
  t.same(got.map((a) => a.id), ['j1', '42', 'bad-date', 'g1', 'g2'])
  t.equal(got[0]?.source, 'BBC')
  t.equal(got[0]?.url, null)
  t.equal(got[2]?.publishedAt, null, 'an unparseable date is dropped, not the article')
  t.match(
    items.filter((i) => i.kind === 'rejected-field'),
    [{ message: /^a\.jsonl:8 \(bad-date\): publishedAt "yesterday" is not an ISO 8601/ }],
    'and the dropped field is named'
  )
  t.match(skips(items), [
    { file: 'a.jsonl', line: 3, reason: /broken JSON/ },
    { file: 'a.jsonl', line: 4, id: 'j2', reason: /title/ },
    { file: 'a.jsonl', line: 5, id: 'j3', reason: /no title/ },
    { file: 'a.jsonl', line: 7, reason: /larger than/ },
    { file: 'c.jsonl.gz', reason: /unreadable/ }
  ])
})

t.test('a local timestamp without a UTC offset is kept as the outlet gave it', async (t) => {
  const line = (id: string, publishedAt: string) => JSON.stringify({ id, title: 'عنوان', body: 'نص', publishedAt })
  const dir = tempDir(t, {
    'l.jsonl': [line('local', '2015-08-04T18:17:24'), line('minutes', '2015-08-04T18:17'), line('fraction', '2015-08-04T18:17:24.5'), line('hour-only', '2015-08-04T18')].join('\n')
  })
  const items = await readAll(dir)
  t.same(
    articles(items).map((a) => a.publishedAt),
    ['2015-08-04T18:17:24', '2015-08-04T18:17', '2015-08-04T18:17:24.5', null]
  )
  t.equal(items.filter((i) => i.kind === 'rejected-field').length, 1, 'only the malformed one is rejected')
})

t.test('invalid UTF-8 inside a JSON line is skipped', async (t) => {
  const bad = Buffer.concat([Buffer.from('{"id":"x","title":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","body":"b"}\n')])
  const dir = tempDir(t, { 'u.jsonl': bad })
  t.match(skips(await readAll(dir)), [{ line: 1, reason: /UTF-8/ }])
})

t.test('a missing directory throws (a start-up error, not a content error)', async (t) => {
  await t.rejects(readAll('/nonexistent/corpus/dir'))
})

t.test('entries named like corpus files that are not regular files are listed, never opened', async (t) => {
  const { mkdirSync, symlinkSync, writeFileSync } = await import('node:fs')
  const { execFileSync } = await import('node:child_process')
  const dir = tempDir(t, { 'ok.txt': 'عنوان\nنص', 'target.json': '{}' })
  const outside = tempDir(t, { 'secret.txt': 'كلمة السر\nسر' })
  symlinkSync(`${outside}/secret.txt`, `${dir}/link.txt`)
  symlinkSync('/dev/zero', `${dir}/zero.jsonl`)
  symlinkSync(`${dir}/missing`, `${dir}/dangling.jsonl.gz`)
  mkdirSync(`${dir}/sub.jsonl`)
  mkdirSync(`${dir}/sub`) // not named like a corpus file: ignored, as before
  writeFileSync(`${dir}/sub/inner.txt`, 'عنوان\nنص')
  execFileSync('mkfifo', [`${dir}/pipe.jsonl`, `${dir}/ok.meta.json`])
  const items = await readAll(dir)
  t.same(articles(items).map((a) => a.id), ['ok'], 'the regular file is read; its FIFO sidecar does not block it')
  t.same(
    skips(items).map((s) => `${s.file}: ${s.reason}`),
    [
      'dangling.jsonl.gz: symbolic link: not followed (copy the file into the corpus directory)',
      'link.txt: symbolic link: not followed (copy the file into the corpus directory)',
      'pipe.jsonl: FIFO (named pipe): not a regular file',
      'sub.jsonl: directory: the corpus directory is not read recursively',
      'zero.jsonl: symbolic link: not followed (copy the file into the corpus directory)'
    ]
  )
  t.match(items.filter((i) => i.kind === 'warning'), [{ message: 'ok.meta.json: not a regular file; ignored' }])
})

t.test('an oversized metadata sidecar is ignored with a warning, not read into memory', async (t) => {
  const dir = tempDir(t, { 'a.txt': 'عنوان\nنص', 'a.meta.json': JSON.stringify({ source: 'x'.repeat(20_000) }) })
  const items = await readAll(dir)
  t.equal(articles(items)[0]?.source, null)
  t.match(items.filter((i) => i.kind === 'warning'), [{ message: 'a.meta.json: larger than 10000 bytes; ignored' }])
})
