import t from 'tap'
import type { DateValue } from '../../schemas/common.js'
import { aggregateEvent, type AggregatedMention } from '../../src/pipeline/event-aggregate.js'

const date = (start: string, precision: DateValue['precision']): DateValue => ({ start, end: start, precision, text: start })

const mention = (over: Partial<AggregatedMention>): AggregatedMention => ({
  type: 'attack',
  status: 'occurred',
  date: null,
  locationIds: [],
  actorIds: [],
  fatalities: null,
  fatalitiesQualifier: null,
  confidence: 0.5,
  ruleId: 'event.test',
  ...over
})

t.test('an event over its mentions: the most precise date, every place and actor, the highest toll, the surest rule', async (t) => {
  const agg = aggregateEvent([
    mention({ date: date('2020-02', 'month'), locationIds: ['idlib'], actorIds: ['turkey'], fatalities: 5, fatalitiesQualifier: 'about' }),
    mention({ type: 'talks', status: 'planned', date: date('2020-02-09', 'day'), locationIds: ['saraqib', 'idlib'], confidence: 0.9, ruleId: 'event.best' }),
    mention({ date: date('2020-02-10', 'day'), actorIds: ['russia', 'turkey'], fatalities: 13, fatalitiesQualifier: 'exact', confidence: 0.9, ruleId: 'event.later' })
  ])
  t.same(agg, {
    type: 'attack',
    status: 'occurred',
    date: date('2020-02-09', 'day'),
    locationIds: ['idlib', 'saraqib'],
    actorIds: ['turkey', 'russia'],
    fatalities: 13,
    fatalitiesQualifier: 'exact',
    mentionCount: 3,
    confidence: 0.9,
    ruleId: 'event.best'
  }, 'type and status of the first; of equally precise dates and equally sure rules, the first')
})

t.test('undated and uncounted mentions leave date and toll empty; no mentions, no event', async (t) => {
  const agg = aggregateEvent([mention({}), mention({ fatalities: 0, fatalitiesQualifier: 'exact' })])
  t.equal(agg?.date, null)
  t.equal(agg?.fatalities, 0, 'a toll of zero is a toll')
  t.equal(agg?.fatalitiesQualifier, 'exact')
  t.equal(aggregateEvent([mention({})])?.fatalities, null)
  t.equal(aggregateEvent([]), null)
})
