/**
 * One event reported by several mentions (the same cluster key, possibly across articles): what the event is, taken
 * from all of them.
 */
import type { EventAggregate, EventAnnotation } from '../../schemas/annotations.js'

/** A stored event mention, as aggregation reads it. */
export type AggregatedMention = Omit<EventAnnotation, 'span' | 'text' | 'trigger'>

const PRECISION_RANK: Record<string, number> = { day: 0, week: 1, month: 2, year: 3 }

/**
 * The most precise date, the union of places and actors, the highest toll, the most confident rule; type and status
 * of the first mention. `mentions` in corpus order; null when there are none.
 */
export function aggregateEvent(mentions: readonly AggregatedMention[]): EventAggregate | null {
  const first = mentions[0]
  if (!first) return null
  const dated = mentions.filter((m) => m.date !== null).sort((a, b) => (PRECISION_RANK[a.date?.precision ?? ''] ?? 9) - (PRECISION_RANK[b.date?.precision ?? ''] ?? 9))
  const counted = mentions.filter((m) => m.fatalities !== null).sort((a, b) => (b.fatalities ?? 0) - (a.fatalities ?? 0))
  const union = (pick: (m: AggregatedMention) => string[]) => [...new Set(mentions.flatMap(pick))]
  const best = mentions.reduce((a, b) => (b.confidence > a.confidence ? b : a))
  return {
    type: first.type,
    status: first.status,
    date: dated[0]?.date ?? null,
    locationIds: union((m) => m.locationIds),
    actorIds: union((m) => m.actorIds),
    fatalities: counted[0]?.fatalities ?? null,
    fatalitiesQualifier: counted[0]?.fatalitiesQualifier ?? null,
    mentionCount: mentions.length,
    confidence: best.confidence,
    ruleId: best.ruleId
  }
}
