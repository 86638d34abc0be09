/** The bench's tables, as Markdown (printed, and written beside the JSON for the README). */
import type { BootResult } from './boot.js'
import type { HttpResult, ServerKind } from './http.js'

interface Result {
  machine: { nproc: number; cpu: string; node: string; loadavgAtStart: number[]; loadavgAtEnd: number[] }
  settings: { sizes: string[]; fullSize: string; durationS: number; rounds: number; connections: number; pinned: unknown; bootRounds: number }
  boot: BootResult[]
  comparison: BootResult[]
  http: HttpResult[]
  search: { size: string; path: string; p50: number; p95: number; total: number | null }[]
  served?: { size: string; path: string; cold: { p50: number; p95: number } | null; warm: { p50: number; p95: number } | null }[]
}

const n = (x: number | null | undefined, digits = 0) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }))
const s = (ms: number | null | undefined) => (ms === null || ms === undefined ? '–' : `${n(ms / 1000, ms < 10_000 ? 2 : 1)} s`)
const medianOf = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b)
  return sorted.length === 0 ? null : (sorted[Math.floor((sorted.length - 1) / 2)] as number)
}
const table = (head: string[], rows: string[][]) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')

function bootTable(r: Result): string {
  const rows = r.settings.sizes.map((size) => {
    const cold = r.boot.find((b) => b.size === size && b.kind === 'cold')
    const warm = r.boot.find((b) => b.size === size && b.kind === 'warm')
    return [
      `${size} (${n(cold?.articles)})`,
      `${s(cold?.readyMs)} / ${s(warm?.readyMs)}`,
      s(cold?.cpuMs),
      n(cold?.articlesPerCoreSecond),
      `${n(cold?.peakRssMb)} / ${n(warm?.peakRssMb)} MB`,
      `${n(cold?.dbMb)} MB`
    ]
  })
  return table(['corpus (articles)', 'cold / warm to ready', 'cold CPU', 'articles/s per core (cold)', 'peak RSS cold / warm', 'database on disk'], rows)
}

function comparisonTable(r: Result): string {
  if (r.comparison.length === 0) return ''
  const of = (build: 'us' | 'base') => r.comparison.filter((b) => b.build === build)
  const ready = (build: 'us' | 'base') => medianOf(of(build).map((b) => b.readyMs))
  const cpu = (build: 'us' | 'base') => medianOf(of(build).map((b) => b.cpuMs ?? NaN))
  const rows = (['base', 'us'] as const).map((build) => [
    build === 'base' ? 'baseline build' : 'this build',
    of(build).map((b) => s(b.readyMs)).join(', '),
    s(ready(build)),
    s(cpu(build)),
    n(medianOf(of(build).map((b) => b.articlesPerCoreSecond ?? NaN))),
    n(medianOf(of(build).map((b) => b.peakRssMb ?? NaN)))
  ])
  const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? n(a / b, 2) : '–')
  rows.push(['this / baseline', '', ratio(ready('us'), ready('base')), ratio(cpu('us'), cpu('base')), '', ''])
  return table([`cold boot, ${r.comparison[0]?.size} corpus, in turns`, 'rounds (to ready)', 'median', 'median CPU', 'articles/s per core', 'peak RSS MB'], rows)
}

const find = (r: Result, size: string, target: string, server: ServerKind) => r.http.find((h) => h.size === size && h.target === target && h.server === server)
const ratio = (x: HttpResult | undefined, y: HttpResult | undefined) => (x && y && y.reqPerSec > 0 ? x.reqPerSec / y.reqPerSec : null)

function uncachedTable(r: Result): string {
  const sizes = r.settings.sizes.filter((size) => r.http.some((h) => h.size === size))
  const targets = [...new Set(r.http.map((h) => h.target))]
  const rows = targets.map((target) => [
    target,
    ...sizes.map((size) => {
      const u = find(r, size, target, 'us-uncached')
      return u ? `${n(u.reqPerSec)} (${n(ratio(u, find(r, size, target, 'ceiling+headers')), 2)}×), ${u.p50}/${u.p99}` : '–'
    })
  ])
  return table(['uncached: req/s (× same-bytes ceiling), p50/p99 ms', ...sizes], rows)
}

/** Uncached, the baseline build (BENCH_BASE) beside this one on the same questions, where both ran. */
function baselineTable(r: Result): string {
  const size = r.settings.fullSize
  const targets = [...new Set(r.http.filter((h) => h.size === size && h.server === 'base-uncached').map((h) => h.target))]
  if (targets.length === 0) return ''
  const cell = (h: HttpResult | undefined, c: HttpResult | undefined) => (h ? `${n(h.reqPerSec)} (${n(ratio(h, c), 2)}×), ${h.p50}/${h.p99}, ${n(h.bytes / 1024, 1)} KB` : '–')
  const rows = targets.map((t) => {
    const [c, base, u] = (['ceiling+headers', 'base-uncached', 'us-uncached'] as const).map((k) => find(r, size, t, k))
    return [t, cell(base, c), cell(u, c), n(ratio(u, base), 2)]
  })
  return table([`uncached (${size}): req/s (× same-bytes ceiling), p50/p99 ms, body`, 'baseline build', 'this build', 'this / baseline req/s'], rows) + '\n'
}

function fullTable(r: Result): string {
  const size = r.settings.fullSize
  const targets = [...new Set(r.http.filter((h) => h.size === size).map((h) => h.target))]
  const lat = (h: HttpResult | undefined) => (h ? `${h.p50}/${h.p99}` : '–')
  const rows = targets.map((t) => {
    const [c, b, us, u, p] = (['ceiling+headers', 'ceiling', 'us', 'us-uncached', 'peer'] as const).map((k) => find(r, size, t, k))
    return [`${t} (${n((us?.bytes ?? 0) / 1024, 1)} KB)`, n(c?.reqPerSec), n(b?.reqPerSec), n(us?.reqPerSec), lat(us), n(u?.reqPerSec), lat(u), n(p?.reqPerSec), lat(p)]
  })
  const ratios = targets.map((t) => {
    const [c, b, us, u, p] = (['ceiling+headers', 'ceiling', 'us', 'us-uncached', 'peer'] as const).map((k) => find(r, size, t, k))
    return [t, n(ratio(us, c), 2), n(ratio(us, b), 2), n(ratio(u, c), 2), n(ratio(us, p), 2), n(ratio(u, p), 2)]
  })
  const errors = r.http.reduce((k, h) => k + h.non2xx + h.errors, 0)
  return [
    table([`HTTP (${size}), req/s`, 'ceiling (same bytes)', 'same body only', 'us', 'us p50/p99 ms', 'us uncached', 'uncached p50/p99 ms', 'peer', 'peer p50/p99 ms'], rows),
    '',
    `${errors} non-2xx and errors over every run. Ratios:`,
    '',
    table(['', 'us / ceiling', 'us / same body only', 'uncached / ceiling', 'us / peer', 'uncached / peer'], ratios)
  ].join('\n')
}

function searchTable(r: Result): string {
  const sizes = [...new Set(r.search.map((x) => x.size))]
  const paths = [...new Set(r.search.map((x) => x.path))]
  const rows = paths.map((p) => [`\`${p}\``, ...sizes.map((size) => {
    const x = r.search.find((y) => y.size === size && y.path === p)
    return x ? `${x.p50} / ${x.p95} (${n(x.total)})` : '–'
  })])
  return table(['sequential, uncached: p50 / p95 ms (hits)', ...sizes], rows)
}

/** The process that cold-booted a corpus, asked right after, beside the one that warm-booted it next (sequential). */
function servedTable(r: Result): string {
  if (!r.served?.length) return ''
  const rows = r.served.map((x) => [
    x.size,
    `\`${x.path}\``,
    x.cold ? `${x.cold.p50} / ${x.cold.p95}` : '–',
    x.warm ? `${x.warm.p50} / ${x.warm.p95}` : '–',
    x.cold && x.warm && x.warm.p50 > 0 ? `${n(x.cold.p50 / x.warm.p50, 2)}×` : '–'
  ])
  return table(['size', 'uncached, one at a time', 'after its cold boot: p50 / p95 ms', 'after its warm boot: p50 / p95 ms', 'cold / warm p50'], rows)
}

/** How each cost grows from one size to the next, beside how the corpus grew. */
function growthTable(r: Result): string {
  const sizes = r.settings.sizes
  const cold = (size: string) => r.boot.find((b) => b.size === size && b.kind === 'cold')
  const warm = (size: string) => r.boot.find((b) => b.size === size && b.kind === 'warm')
  const metrics: [string, (size: string) => number | null | undefined, number?][] = [
    ['articles', (z) => cold(z)?.articles, 0],
    ['cold boot CPU s', (z) => (cold(z)?.cpuMs ?? NaN) / 1000],
    ['cold boot to ready s', (z) => (cold(z)?.readyMs ?? NaN) / 1000],
    ['warm boot to ready s', (z) => (warm(z)?.readyMs ?? NaN) / 1000],
    ['peak RSS cold MB', (z) => cold(z)?.peakRssMb],
    ['database MB', (z) => cold(z)?.dbMb],
    ...[...new Set(r.http.map((h) => h.target))].map((t): [string, (size: string) => number | null | undefined] => [`${t}: uncached p99 ms`, (z) => find(r, z, t, 'us-uncached')?.p99]),
    ...[...new Set(r.http.map((h) => h.target))].map((t): [string, (size: string) => number | null | undefined, number] => [`${t}: uncached req/s`, (z) => find(r, z, t, 'us-uncached')?.reqPerSec, 0])
  ]
  const rows = metrics.map(([name, f, digits = 1]) => {
    const cells = sizes.map((z) => n(f(z) as number, digits))
    const growth = sizes.slice(1).map((z, i) => {
      const a = f(sizes[i] as string)
      const b = f(z)
      return a && b && Number.isFinite(a) && Number.isFinite(b) ? `${n(b / a, 1)}×` : '–'
    })
    return [name, ...cells, ...growth]
  })
  return table(['', ...sizes, ...sizes.slice(1).map((z, i) => `${sizes[i]} → ${z}`)], rows)
}

export function report(r: Result): string {
  const m = r.machine
  return [
    `Machine: ${m.nproc} vCPU ${m.cpu}, Node ${m.node}; load average ${m.loadavgAtStart.join(' ')} at the start, ${m.loadavgAtEnd.join(' ')} at the end.`,
    `HTTP: autocannon, ${r.settings.connections} connections, median of ${r.settings.rounds} rounds of ${r.settings.durationS} s, servers in turn${r.settings.pinned ? ', servers on CPU 1 and the load generator on CPU 0' : ''}.`,
    '',
    bootTable(r),
    '',
    comparisonTable(r),
    '',
    uncachedTable(r),
    '',
    baselineTable(r),
    fullTable(r),
    '',
    searchTable(r),
    '',
    servedTable(r),
    '',
    growthTable(r),
    ''
  ].join('\n')
}
