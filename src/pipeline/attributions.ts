/**
 * Claims attributed to a source without a speech verb: `وبحسب المرصد السوري، فإن …`, `ووفق المرصد ينتشر …` (the
 * claim after the source) and `…، بحسب ما ذكر المركز الوطني للأعاصير` (the claim before it). The source must be
 * someone who can be cited — a person, body, outlet or country the entity stage found, an unnamed source or a
 * document — so that `وفق القانون` or `حسب الخطة` is no statement.
 */
import { isComplementizer, tokenIs, speechCueAt, type DocContext } from './context.js'
import type { EntityStage } from './mentions.js'
import { trieMatchAt } from './trie.js'

/** How many words a source named by a head noun may have (`مصادر عسكرية يمنية`, `إحصائية "يونامي"`). */
const SOURCE_WORDS = 6
/** How far into a sentence a dateline may run. */
const DATELINE_WORDS = 10
/** How long a claim before its attribution must be to be one. */
const MIN_CLAIM_WORDS = 4
const CITABLE = new Set(['person', 'organization', 'media', 'country', 'armed_group'])

export interface Attribution {
  /** The attribution word(s), token range. */
  start: number
  end: number
  /** The source, token range: the speaker sieves read it as the cue's subject. */
  sourceStart: number
  sourceEnd: number
  /** The claim, token range. */
  claimStart: number
  claimEnd: number
}

/** End (exclusive) of a citable source starting at token a, or -1. */
function sourceEnd(ctx: DocContext, ent: EntityStage, a: number, sentence: number): number {
  const { tokens, kb } = ctx
  let k = a
  // `بحسب ما ذكر …`, `وفق ما أعلنت …`: the verb after ما (which the attribution form may have taken already)
  if (tokens[k]?.text === 'ما') k++
  const verb = speechCueAt(ctx, k)
  if (verb) k = verb.end
  else if (k > a) return -1
  const t = tokens[k]
  if (!t || t.sentence !== sentence || (k > a && t.hardGap && !/^\s*["“«]\s*$/.test(t.gap))) return -1
  const m = ent.mentionAt.get(k)
  if (m) {
    const e = kb.entities.get(m.entityId)
    const type = e?.type ?? ent.discovered.get(m.entityId)?.type
    if (!type || !(CITABLE.has(type) || (e?.type === 'place' && e.capitalOf))) return -1
    return m.end
  }
  const head = trieMatchAt(kb.subjectTrie, tokens, k)
  const cls = head?.values[0]?.cls
  if (!head || !cls || cls === 'common') return -1
  let end = head.end
  while (end < tokens.length && end - k < SOURCE_WORDS) {
    const u = tokens[end]
    if (!u || u.sentence !== sentence || (u.hardGap && !/^\s*["“”«»]\s*$/.test(u.gap)) || isComplementizer(kb, u.text) || /^ف/.test(u.text)) break
    end++
  }
  return end
}

/** Whether a speech cue lies in [a, b): the claim is then that cue's report, not an attribution's. */
function cueBetween(ctx: DocContext, a: number, b: number): boolean {
  for (let k = a; k < b; k++) if (speechCueAt(ctx, k)) return true
  return false
}

/**
 * The attribution at token i, if the words there attribute a claim to a citable source; `claimEnd` of a claim after
 * its source is the sentence end (the caller cuts it at a new cue or the narrator).
 */
export function attributionAt(ctx: DocContext, ent: EntityStage, i: number, claimEnd: (from: number, sentence: number) => number): Attribution | null {
  const { tokens, kb } = ctx
  const m = trieMatchAt(kb.attributionTrie, tokens, i)
  const t = tokens[i]
  if (!m || !t) return null
  const sentence = t.sentence
  const first = ctx.seg.sentences[sentence]?.firstToken ?? i
  const src = sourceEnd(ctx, ent, m.end, sentence)
  if (src < 0) return null
  // a claim after its source only where the attribution opens the sentence (`وبحسب المرصد، فإن …`); after a comma
  // it closes the claim before it (`…، حسبما قال المرصد المعارض`)
  const headOfClause = i === first || (t.hardGap && !/[،,]/.test(t.gap)) || (i === first + 1 && kb.words.claimOpeners.has(tokens[first]?.text ?? ''))
  if (headOfClause) {
    // the claim after the source: past a comma, `فإن`, `فقد`
    let c = src
    if (kb.words.claimLinks.has(tokens[c]?.text ?? '') || isComplementizer(kb, tokens[c]?.text ?? '')) c++
    const end = tokens[c]?.sentence === sentence ? claimEnd(c, sentence) : c
    if (end - c >= 3 && !cueBetween(ctx, c, Math.min(end, c + 3))) return { start: i, end: m.end, sourceStart: m.end, sourceEnd: src, claimStart: c, claimEnd: end }
  }
  // the claim before: `…، بحسب ما ذكر المركز`; the source then closes its sentence (a date or comma may follow)
  if (!/[،,]/.test(t.gap)) return null
  const after = tokens[src]
  if (after && after.sentence === sentence && !after.hardGap && !trieMatchAt(kb.dateTrie, tokens, src)) return null
  let c = first
  // a dateline (`دبي، الإمارات العربية المتحدة (CNN)-- أصدر …`) is no part of the claim
  for (let k = first + 1; k < Math.min(i, first + DATELINE_WORDS); k++) if (/[—–]|--|\)\s*-/.test(tokens[k]?.gap ?? '')) c = k
  while (c < i && (kb.words.claimOpeners.has(tokens[c]?.text ?? '') || tokenIs(kb.words.adjuncts, tokens[c]?.text ?? ''))) c++
  if (i - c < MIN_CLAIM_WORDS || cueBetween(ctx, c, i)) return null
  return { start: i, end: m.end, sourceStart: m.end, sourceEnd: src, claimStart: c, claimEnd: i }
}
