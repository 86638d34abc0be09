/**
 * A corpus scraped from anywhere: binary files, invalid UTF-8, a 50 MB line, 10k empty lines, duplicate ids, deeply
 * nested quotes, an article of only quotation marks, mixed Persian/Urdu letters. Boot completes, the report lists
 * what was skipped, extraction never throws (the boot would fail), and every good article is served.
 */
import { createWriteStream } from 'node:fs'
import path from 'node:path'
import { once } from 'node:events'
import t from 'tap'
import { build, json, tempDir } from '../helper.js'

const PARA = 'قال وزير الخارجية الروسي سيرغي لافروف إن "الوضع في إدلب خطير" مضيفاً أن موسكو ستواصل الحوار مع أنقرة.'
const line = (o: Record<string, unknown>) => JSON.stringify(o) + '\n'
const article = (id: string, title: string, body: string) => ({ id, title, body, publishedAt: '2020-02-20', source: 'test', url: null })

const GOOD = {
  'plain-1': article('plain-1', 'خبر أول', `${PARA}\n${PARA}`),
  nested: article('nested', 'اقتباسات متداخلة', `قال المتحدث: ${'«'.repeat(200)}نص ${'"'.repeat(300)}“داخل ${'»'.repeat(150)} ${'”'.repeat(500)}` + PARA),
  'only-quotes': article('only-quotes', '"«»"', '"""“”«»„‟‹›' + '"“”«»'.repeat(2000)),
  persian: article('persian', 'خبر فارسی', 'گفت وزیر خارجه ایران کہ "مذاکرات ادامه دارد" ۱۲۳ ۴۵۶ ی ک ے ۃ ھ ں ٹ ڈ ڑ\n' + PARA),
  rtl: article('rtl', 'علامات', '\u200f\u202eقال\u202c \u200d\u200c\ufeff "نص" ' + PARA),
  'after-big': article('after-big', 'بعد السطر الكبير', PARA),
  'after-empty': article('after-empty', 'بعد الأسطر الفارغة', PARA),
  'txt-good': null
}

t.test('a hostile corpus boots, reports what it skipped, and serves every good article', async (t) => {
  const dir = tempDir(t, {
    'a.jsonl':
      line(GOOD['plain-1']) +
      line(GOOD.nested) +
      line(GOOD['only-quotes']) +
      line(GOOD.persian) +
      line(GOOD.rtl) +
      line(article('plain-1', 'نسخة مكررة', PARA)) + // duplicate id
      '{"id": "broken", "title": \n' +
      '\u0000\u0001binary line\n' +
      line({ id: 'no-title', title: '', body: PARA }) +
      line({ id: 42, title: ['x'], body: {} }) +
      '[]\nnull\n"string"\n',
    'b-binary.txt': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    'c-latin1.txt': Buffer.concat([Buffer.from('titre\n'), Buffer.from([0xe9, 0xe8, 0xff, 0xfe, 0xc3, 0x28])]),
    'd-empty-lines.jsonl': '\n'.repeat(10_000) + '   \n\t\n'.repeat(100) + line(GOOD['after-empty']),
    'e-empty.txt': '',
    'f-only-newlines.txt': '\n\n\n  \n',
    'g-good.txt': 'عنوان الملف النصي\n' + PARA + '\n',
    'g-good.meta.json': '{"publishedAt": "not a date", "source": 7}',
    'h-invalid-utf8.jsonl': Buffer.concat([Buffer.from('{"id":"bad-utf8","title":"x","body":"'), Buffer.from([0xc3, 0x28, 0xa0, 0xa1]), Buffer.from('"}\n')])
  })
  // A 50 MB line (no newline inside), then a good article on the next line: streamed past, never held.
  const big = createWriteStream(path.join(dir, 'c-big.jsonl'))
  const chunk = Buffer.alloc(1024 * 1024, 'ب')
  for (let i = 0; i < 50; i++) if (!big.write(chunk)) await once(big, 'drain')
  big.end('\n' + line(GOOD['after-big']))
  await once(big, 'finish')

  const started = Date.now()
  const app = await build(t, { CORPUS_DIR: dir, RATE_LIMIT_MAX: '0' })
  t.comment(`hostile boot in ${Date.now() - started} ms`)
  const ready = await app.inject('/health/ready')
  t.equal(ready.statusCode, 200, 'boot completed')
  const { boot, articles } = json<{ articles: number; boot: { status: string; skipped: { file: string; reason: string; line: number | null; id: string | null }[]; skippedTotal: number } }>(ready)
  t.equal(boot.status, 'ready')
  const reasons = boot.skipped.map((s) => `${s.file}:${s.line ?? ''} ${s.reason}`)
  t.comment(reasons.join('\n'))
  for (const expected of [
    /^a\.jsonl:6 duplicate id/,
    /^a\.jsonl:7 broken JSON/,
    /^a\.jsonl:8 binary content/,
    /^a\.jsonl:9 no title/,
    /^a\.jsonl:10 not an article object/,
    /^b-binary\.txt: binary content/,
    /^c-latin1\.txt: not valid UTF-8/,
    /^c-big\.jsonl:1 line larger than/,
    /^e-empty\.txt: empty file/,
    /^f-only-newlines\.txt: empty file/,
    /^h-invalid-utf8\.jsonl:1 not valid UTF-8/
  ]) {
    t.ok(reasons.some((r) => expected.test(r)), `skipped and reported: ${expected.source}`)
  }
  const good = Object.keys(GOOD).filter((id) => id !== 'txt-good').concat('g-good')
  t.equal(articles, good.length, 'exactly the good articles are stored')
  for (const id of good) {
    const res = await app.inject(`/v1/articles/${encodeURIComponent(id)}`)
    t.equal(res.statusCode, 200, `served: ${id}`)
    const quotes = await app.inject(`/v1/quotes?articleId=${encodeURIComponent(id)}&limit=100`)
    t.equal(quotes.statusCode, 200, `its quotes are served: ${id}`)
    t.equal((await app.inject(`/v1/events?articleId=${encodeURIComponent(id)}`)).statusCode, 200)
    t.equal((await app.inject(`/v1/entities?articleId=${encodeURIComponent(id)}`)).statusCode, 200)
  }
  const persian = json<{ body: string }>(await app.inject('/v1/articles/persian'))
  t.ok(persian.body.includes('۱۲۳'), 'the served body keeps the original letters and digits')
  const search = json<{ total: number }>(await app.inject(`/v1/articles?q=${encodeURIComponent('وزير')}`))
  t.ok(search.total >= 1, 'search works on the hostile corpus')
  const quotesOnly = await app.inject('/v1/articles?q=%22%22%22')
  t.ok(quotesOnly.statusCode === 200 || quotesOnly.statusCode === 400, `a query of only quotes is answered (${quotesOnly.statusCode})`)
})
