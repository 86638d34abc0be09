import t from 'tap'
import type { DocumentAnnotations } from '../../schemas/annotations.js'
import { DEFAULT_KB_DIR as KB_DIR } from '../../src/config.js'
import { createKnowledge, recordIds } from '../../src/knowledge/extractor.js'
import { PIPELINE_VERSION } from '../../src/pipeline/index.js'

type Ann = DocumentAnnotations

const event = (over: Partial<Ann['events'][number]> = {}): Ann['events'][number] => ({
  type: 'attack',
  status: 'occurred',
  date: { start: '2020-02-09', end: '2020-02-09', precision: 'day', text: 'الأحد' },
  locationIds: ['idlib'],
  actorIds: [],
  fatalities: null,
  fatalitiesQualifier: null,
  span: { start: 0, end: 3 },
  text: 'قصف',
  trigger: 'قصف',
  confidence: 0.7,
  ruleId: 'event.test',
  ...over
})

const quote = (start: number, kind: 'direct' | 'indirect' = 'direct'): Ann['quotes'][number] => ({
  text: 'نص',
  kind,
  speakerId: null,
  cue: null,
  span: { start, end: start + 10 },
  date: null,
  confidence: 0.9,
  ruleId: 'quote.test',
  speakerRuleId: null
})

const annotations = (over: Partial<Ann>): Ann => ({ failures: [], entities: [], mentions: [], quotes: [], events: [], agreements: [], agreementMentions: [], ...over })

t.test('record ids: a quote by article, span and kind; an event by its cluster key, across articles', async (t) => {
  const a = recordIds('a1', annotations({ quotes: [quote(0), quote(20), quote(20, 'indirect')], events: [event(), event({ span: { start: 50, end: 53 } })] }))
  t.equal(a.quotes.length, 3)
  t.equal(new Set(a.quotes).size, 3, 'distinct spans or kinds, distinct ids')
  t.match(a.quotes[0], /^q_[0-9a-f]{16}$/)
  t.equal(a.events[0], a.events[1], 'the same event twice in one article')
  const b = recordIds('a2', annotations({ quotes: [quote(0)], events: [event(), event({ locationIds: ['saraqib'] })] }))
  t.not(b.quotes[0], a.quotes[0], 'the same span in another article is another quote')
  t.equal(b.events[0], a.events[0], 'the same event reported by another article')
  t.not(b.events[1], a.events[0], 'another place, another event')
  t.same(recordIds('a1', annotations({ quotes: [quote(0)] })).quotes, [a.quotes[0]], 'stable')
})

t.test('the knowledge version is the pipeline version plus a digest of the knowledge base', async (t) => {
  const knowledge = createKnowledge(KB_DIR)
  t.match(knowledge.version, new RegExp(`^${PIPELINE_VERSION.replace(/[.]/g, '\\.')}\\+kb\\.[0-9a-f]{12}$`))
  t.equal(createKnowledge(KB_DIR).version, knowledge.version)
  t.same([...knowledge.statementTerms('قال بوتين في إدلب')].includes('في'), false, 'function words are not content words')
})
