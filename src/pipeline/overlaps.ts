/**
 * The one place where competing spans are resolved: longer spans win, then higher priority, then earlier.
 */
export interface Ranked {
  s: number
  e: number
  priority: number
}

export function resolveOverlaps<T extends Ranked>(items: T[]): T[] {
  const sorted = [...items].sort((a, b) => b.e - b.s - (a.e - a.s) || b.priority - a.priority || a.s - b.s)
  const kept: T[] = []
  for (const it of sorted) {
    if (it.e <= it.s) continue
    if (kept.some((k) => k.s < it.e && it.s < k.e)) continue
    kept.push(it)
  }
  return kept.sort((a, b) => a.s - b.s)
}
