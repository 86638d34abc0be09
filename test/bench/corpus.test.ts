import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import t from 'tap'
import { copyLine, makeCorpus, parseSize, shiftYears } from '../../bench/corpus.js'
import { tempDir } from '../helper.js'

t.test('a grown copy: dates shifted back by whole years as written, a new id, the text untouched', async (t) => {
  t.equal(shiftYears('2018-10-20T07:53:24+00:00', 3), '2015-10-20T07:53:24+00:00')
  t.equal(shiftYears('2016-02-29', 1), '2015-02-28', 'no 29 February in a common year')
  t.equal(shiftYears('2016-02-29T10:00:00Z', 4), '2012-02-29T10:00:00Z')
  t.equal(shiftYears(null, 2), null)
  t.equal(shiftYears('yesterday', 2), 'yesterday')
  const line = JSON.stringify({ id: 'a1', title: 'عنوان', body: 'نص', publishedAt: '2020-02-10', source: 's' })
  t.same(JSON.parse(copyLine(line, 2) ?? ''), { id: 'a1~y2', title: 'عنوان', body: 'نص', publishedAt: '2018-02-10', source: 's' })
  t.equal(copyLine('{broken', 1), null)
  t.equal(copyLine('[1,2]', 1), null)
})

t.test('corpus sizes: the first lines, or copies of the whole', async (t) => {
  t.same(parseSize('all'), { kind: 'all' })
  t.same(parseSize('6000'), { kind: 'first', lines: 6000 })
  t.same(parseSize('10x'), { kind: 'grown', copies: 10 })
  t.throws(() => parseSize('big'))
  const dir = tempDir(t)
  const source = path.join(dir, 'source.jsonl.gz')
  const lines = ['{"id":"a","title":"t","body":"b","publishedAt":"2020-01-01"}', '{broken', '{"id":"b","title":"t","body":"b","publishedAt":"2019-05-05"}']
  writeFileSync(source, gzipSync(`${lines.join('\n')}\n`))
  const read = (d: string) => gunzipSync(readFileSync(path.join(d, 'corpus.jsonl.gz'))).toString('utf8').trim().split('\n')
  t.same(read(await makeCorpus(source, parseSize('2'), path.join(dir, 'first'))), lines.slice(0, 2))
  const grown = read(await makeCorpus(source, parseSize('3x'), path.join(dir, 'grown')))
  t.same(grown.slice(0, 3), lines, 'the first copy as it is, bad lines included')
  t.same(grown.slice(3).map((l) => (JSON.parse(l) as { id: string; publishedAt: string }).id), ['a~y1', 'b~y1', 'a~y2', 'b~y2'])
  t.equal(await makeCorpus(source, parseSize('all'), path.join(dir, 'all')), dir, 'the whole corpus is read where it is')
})
