/**
 * What a speaker sieve reads off the text around one cue: the person or body named in its subject region (not one the
 * speaker is with, not one inside an anonymous phrase, not an addressee or a cited outlet), and the offices of the
 * people the article names, as roles. Pure functions of the document and the entity stage.
 */
import { isBarePreposition, startsWithArticle, withoutConjunction } from '../text/affixes.js'
import { tokenIs, type DocContext } from './context.js'
import type { EntityStage, RoleRecord, TokMention } from './mentions.js'
import type { Cue } from './quotes.js'
import { possessor } from './titled-names.js'
import { trieMatchAt } from './trie.js'
import { DEMONYM_RULE } from './kb.js'

const SPEAKER_TYPES = new Set(['organization', 'country', 'media', 'armed_group'])

/** An entity usable as a speaker: capitals stand for their country (`قالت موسكو`). */
export function speakerEntity(ctx: DocContext, m: TokMention): string | null {
  const e = ctx.kb.entities.get(m.entityId)
  // discovered people and bodies (`person:…`, `org:…`) speak for themselves
  if (!e) return m.entityId.includes(':') ? m.entityId : null
  if (e.type === 'person' || SPEAKER_TYPES.has(e.type)) return e.id
  if (e.type === 'place' && e.capitalOf) return e.capitalOf
  return null
}

export function isPerson(ctx: DocContext, id: string): boolean {
  return id.startsWith('person:') || ctx.kb.entities.get(id)?.type === 'person'
}

export function mentionsIn(ent: EntityStage, a: number, b: number): TokMention[] {
  return ent.mentions.filter((m) => m.start >= a && m.start < b && m.ruleId !== DEMONYM_RULE)
}

/** The person named in the subject region: the last one before an adjunct, not one the speaker is with. */
export function explicitPerson(ctx: DocContext, ent: EntityStage, cue: Cue): TokMention | null {
  let found: TokMention | null = null
  // `خلال مؤتمر صحفي مع وزير الخارجية الروسي سيرغي لافروف`: who is with the speaker is not the speaker (until a comma)
  let companion = false
  const title = trieMatchAt(ctx.kb.titleTrie, ctx.tokens, cue.subjectStart)
  for (let j = cue.subjectStart; j < cue.subjectEnd; j++) {
    const t = ctx.tokens[j]
    if (t && j > cue.subjectStart && /[،,]/.test(t.gap)) companion = false
    const m = ent.mentionAt.get(j)
    if (m && isPerson(ctx, m.entityId)) {
      // `المتحدث باسم الرئيس بوتين`, `محامي مارادونا`: whose role it is, not who holds it
      if (!companion && !(title && possessor(ctx, cue.subjectStart, title, m.start))) found = m
      j = m.end - 1
      continue
    }
    if (found && t && ctx.kb.words.adjuncts.has(t.text)) break
    // `وقال ساركوزي الذي استقبله الرئيس السبسي`, `مدير المستشفى الذي يعالج فيه عباس`: who a relative clause names
    // is not the speaker (until a comma: `كبير الباحثين الذين قاموا بالدراسة، سيث بولاك`)
    if (t && j > cue.subjectStart && ctx.kb.words.relativePronouns.has(withoutConjunction(t.text))) {
      if (found) break
      companion = true
    }
    if (t && ctx.kb.words.companionMarkers.has(t.text)) companion = true
  }
  return found
}

/** `مصدر مقرب من الرئيس بوتين`: the person follows a preposition inside an anonymous phrase, and is not the speaker. */
export function personInsideAnonymous(ctx: DocContext, cue: Cue, person: TokMention): boolean {
  const h = trieMatchAt(ctx.kb.subjectTrie, ctx.tokens, cue.subjectStart)
  if (h?.values[0]?.cls !== 'anonymous') return false
  for (let k = h.end; k < person.start; k++) if (ctx.tokens[k]?.hardGap) return false
  // the person's own title (`من الرئيس بوتين`, `من وزير الخارجية لافروف`) is stepped over back to the preposition
  let k = person.start - 1
  while (k >= h.end && (startsWithArticle(ctx.tokens[k]?.text ?? '') || trieMatchAt(ctx.kb.titleTrie, ctx.tokens, k, false))) k--
  return k >= h.end && ctx.kb.words.adjuncts.has(ctx.tokens[k]?.text ?? '')
}

/** An organisation, country, outlet or capital (as its country) right after the cue. */
export function explicitOrg(ctx: DocContext, ent: EntityStage, cue: Cue): string | null {
  for (const m of mentionsIn(ent, cue.subjectStart, Math.min(cue.subjectEnd, cue.subjectStart + 3))) {
    // `وأضاف في أنقرة`: a capital after a preposition is where it was said, not who said it
    if (ctx.kb.entities.get(m.entityId)?.type === 'place' && m.start > cue.subjectStart && ctx.kb.words.adjuncts.has(ctx.tokens[m.start - 1]?.text ?? '')) continue
    // `وأضاف لقناة سكاي نيوز`, `بحسب رويترز`, `لرويترز`: a body behind a preposition is addressed or cited, not the
    // speaker
    if (/[بل]/.test(ctx.norm.text.slice(ctx.tokens[m.start]?.s ?? 0, m.s))) continue
    if (m.start > cue.subjectStart && tokenIs(ctx.kb.words.adjuncts, ctx.tokens[m.start - 1]?.text ?? '')) continue
    // `وأكد لـ"الرياض"`: the preposition written apart from the quoted outlet it addresses
    if (m.start > cue.subjectStart && isBarePreposition(ctx.tokens[m.start - 1]?.text ?? '')) continue
    const id = speakerEntity(ctx, m)
    if (id && !isPerson(ctx, id)) return id
  }
  return null
}

export function entityType(ctx: DocContext, ent: EntityStage, id: string): string | undefined {
  return ctx.kb.entities.get(id)?.type ?? ent.discovered.get(id)?.type
}

/** The title lexicon entry a phrase of words starts with (longest match), if any. */
function titleIdOf(ctx: DocContext, words: string[]): string | null {
  let node = ctx.kb.titleTrie
  let id: string | null = null
  for (const w of words) {
    const next = node.next.get(w)
    if (!next) break
    node = next
    if (node.values[0]) id = node.values[0].id
  }
  return id
}

/**
 * The offices of the KB people the article mentions, held on its date, as roles seen from their first mention on:
 * `وقال مبعوث الأمم المتحدة إن` after `دي ميستورا` names him although the article never gave him the title.
 */
export function kbRoles(ctx: DocContext, ent: EntityStage): RoleRecord[] {
  const out: RoleRecord[] = []
  const seen = new Set<string>()
  const day = ctx.pubDate
  for (const m of ent.mentions) {
    const person = ctx.kb.entities.get(m.entityId)
    if (person?.type !== 'person' || seen.has(person.id)) continue
    seen.add(person.id)
    for (const o of ctx.kb.officesOf.get(person.id) ?? []) {
      if (day !== null && ((o.from !== null && day < o.from) || (o.to !== null && day > o.to))) continue
      const titleId = titleIdOf(ctx, o.tokens)
      if (titleId) out.push({ tokens: o.tokens, personId: person.id, titleId, affiliation: person.affiliation, pos: m.start })
    }
  }
  return out
}
