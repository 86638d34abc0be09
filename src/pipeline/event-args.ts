/**
 * The arguments of an event trigger, read from its clause: who (actors, and the forces a nationality adjective names),
 * where (a place is the scene only where the text makes it one; a village brings the regions it lies in; else the
 * nearest clause of the sentence, else the article's main theatre) and how many were killed.
 */
import type { EventAnnotation } from '../../schemas/annotations.js'
import { pronounBases, procliticVariants } from '../text/affixes.js'
import { type DocContext } from './context.js'
import type { EntityStage, TokMention } from './mentions.js'
import { trieMatchAt } from './trie.js'

const ACTOR_TYPES = new Set(['person', 'organization', 'country', 'armed_group'])

export interface Clause {
  a: number
  b: number
}

/** Token range of the clause around i: bounded by commas/semicolons and the sentence. */
export function clauseOf(ctx: DocContext, i: number): Clause {
  const { tokens } = ctx
  const t = tokens[i]
  if (!t) return { a: i, b: i }
  let a = i
  while (a > 0 && tokens[a - 1]?.clause === t.clause) a--
  let b = i + 1
  while (b < tokens.length && tokens[b]?.clause === t.clause) b++
  return { a, b }
}

export function isActor(ctx: DocContext, m: TokMention): boolean {
  const e = ctx.kb.entities.get(m.entityId)
  return m.entityId.startsWith('person:') || (!!e && ACTOR_TYPES.has(e.type))
}

export function isPlace(ctx: DocContext, m: TokMention): boolean {
  return ctx.kb.entities.get(m.entityId)?.type === 'place'
}

/** Whether a word (with proclitics و/ف/ب and a pronoun suffix allowed) is in a set: `وتتهمها` → `تتهم`. */
export function wordIn(set: Set<string>, text: string): boolean {
  for (const { form } of procliticVariants(text)) {
    if (set.has(form) || pronounBases(form).some((b) => set.has(b))) return true
  }
  return false
}

/**
 * A capital or country mention is the scene of an event only when the text makes it one: a locative proclitic
 * (`بسوريا`) or a locative word before it (`في أنقرة`, `العاصمة أنقرة`). Otherwise it stands for a government
 * (`تحذيرات أنقرة`, `فصائل مدعومة من تركيا`).
 */
function locativeMention(ctx: DocContext, m: TokMention): boolean {
  const first = ctx.tokens[m.start]
  if (!first) return false
  const proclitics = ctx.norm.text.slice(first.s, m.s)
  if (proclitics.includes('ب')) return true
  const prev = ctx.tokens[m.start - 1]
  return !!prev && !first.hardGap && wordIn(ctx.kb.words.locativeCues, prev.text)
}

/** Where an event can take place: sub-national places, and capitals or countries named as the scene. */
export function sceneOf(ctx: DocContext, m: TokMention): boolean {
  const e = ctx.kb.entities.get(m.entityId)
  if (!e) return false
  if (e.type === 'place') return !e.capitalOf || locativeMention(ctx, m)
  return e.type === 'country' && locativeMention(ctx, m)
}

/** A place and the sub-national regions it lies in (`معزراف` → `جبل الزاوية` → `إدلب`), most specific first. */
export function withRegions(ctx: DocContext, ids: string[]): string[] {
  const out = [...ids]
  for (const id of ids) {
    let cur = ctx.kb.entities.get(id)
    for (let depth = 0; cur?.partOf && depth < 4; depth++) {
      const up = ctx.kb.entities.get(cur.partOf)
      if (!up || up.type !== 'place' || up.capitalOf) break
      if (!out.includes(up.id)) out.push(up.id)
      cur = up
    }
  }
  return out
}

/** Whether two places are the same or one lies in the other. */
export function placesRelated(ctx: DocContext, a: string, b: string): boolean {
  return withRegions(ctx, [a]).includes(b) || withRegions(ctx, [b]).includes(a)
}

function numberAt(ctx: DocContext, k: number): { value: number; end: number } | null {
  const t = ctx.tokens[k]
  if (!t) return null
  if (/^[0-9]+$/.test(t.text)) {
    const v = Number(t.text)
    return v < 1_000_000 ? { value: v, end: k + 1 } : null
  }
  const n = trieMatchAt(ctx.kb.numberTrie, ctx.tokens, k)
  if (!n) return null
  // `الاثنتي عشرة نقطة`, `الأول`: ordinals and definite numbers are not tolls
  const raw = ctx.tokens[k]?.text ?? ''
  if (/^(ال|وال)/.test(raw) && !raw.startsWith('الاف')) return null
  return { value: n.values[0]?.value ?? 0, end: n.end }
}

/** Death toll: a number (with qualifier) and a casualty noun within a few words after a fatality cue. */
export function fatalities(ctx: DocContext, c: Clause): { n: number; q: EventAnnotation['fatalitiesQualifier'] } | null {
  const { tokens, kb } = ctx
  const w = kb.words
  // a form of token k (as written or without its proclitics) in the set; past the last token, none
  const hasForm = (k: number, set: ReadonlySet<string>): boolean => tokens[k]?.variants.some((v) => set.has(v.form)) ?? false
  const isCue = (k: number): boolean => hasForm(k, w.fatalityCues)
  const isNoun = (k: number): boolean => hasForm(k, w.evidenceNouns)
  for (let cue = c.a; cue < c.b; cue++) {
    if (!isCue(cue)) continue
    for (let k = cue + 1; k < Math.min(c.b, cue + 4); k++) {
      const q = trieMatchAt(kb.qualifierTrie, tokens, k)
      const num = numberAt(ctx, q ? q.end : k)
      if (num && isNoun(num.end)) return { n: num.value, q: q ? (q.values[0]?.qualifier ?? 'exact') : 'exact' }
    }
  }
  return null
}

/** The article's main theatre: the most mentioned sub-national place. */
export function theatre(ctx: DocContext, ent: EntityStage): string | null {
  const counts = new Map<string, number>()
  for (const m of ent.mentions) {
    const e = ctx.kb.entities.get(m.entityId)
    if (e?.type === 'place' && !e.capitalOf && e.placeType !== 'road') counts.set(e.id, (counts.get(e.id) ?? 0) + 1)
  }
  let best: string | null = null
  let n = 0
  for (const [id, c] of counts) if (c > n) [best, n] = [id, c]
  return best
}

/** `قصف سوري`, `رتل عسكري تركي`, `بدعم روسي`: a nationality adjective right after the trigger names forces. */
export function adjectiveActors(ctx: DocContext, from: number, to: number): string[] {
  const out: string[] = []
  for (let k = from; k < Math.min(to, from + 3); k++) {
    const t = ctx.tokens[k]
    if (!t || t.hardGap) break
    const id = ctx.kb.militaryAdjectives.get(t.text)
    if (id) out.push(id)
  }
  return out
}

export const sceneOfFn = (ctx: DocContext) => (m: TokMention): boolean => sceneOf(ctx, m)

/**
 * Places for a trigger whose clause names none: the nearest clause of its sentence (same quotation layer) holding
 * a place, looking no further than the neighbouring triggers, after the trigger first (`استهدفت، مساء الجمعة،
 * تجمعات … في بلدة حزارين`), then before it.
 */
export function nearbyPlaces(
  ctx: DocContext,
  ent: EntityStage,
  usable: (m: TokMention) => boolean,
  scene: (m: TokMention) => boolean,
  i: number,
  triggerAt: number[],
  nth: number
): string[] {
  const { tokens } = ctx
  const sentence = tokens[i]?.sentence
  const lo = triggerAt[nth - 1] ?? -1
  const hi = triggerAt[nth + 1] ?? tokens.length
  const cands = ent.mentions.filter(
    (x) => x.start > lo && x.start < hi && tokens[x.start]?.sentence === sentence && usable(x) && scene(x)
  )
  if (!cands.length) return []
  const clauseOfTok = (k: number): number => tokens[k]?.clause ?? -1
  const own = clauseOfTok(i)
  const afterC = cands.filter((x) => x.start > i).map((x) => clauseOfTok(x.start))
  const beforeC = cands.filter((x) => x.start < i).map((x) => clauseOfTok(x.start))
  const target = afterC.length ? Math.min(...afterC) : Math.max(...beforeC)
  if (target === own) return []
  return [...new Set(cands.filter((x) => clauseOfTok(x.start) === target).map((x) => x.entityId))]
}
