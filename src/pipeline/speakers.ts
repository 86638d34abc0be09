/**
 * Speaker attribution in sieves (CoreNLP style), each recording its id:
 *  1. speaker.explicit-person  — a person named in the subject region after the cue (last one before an adjunct,
 *                                so `المتحدث باسم الرئيس أردوغان، إبراهيم كالين` gives Kalin)
 *  2. speaker.role-mention     — a bare title phrase (`مدير مركز حميميم`) matching a role seen with a name earlier
 *  3. speaker.explicit-org     — an organisation, country, outlet or capital (as its country) right after the cue
 *  4. speaker.same-sentence    — implicit subject: the speaker of an earlier cue in the same sentence
 *  5. speaker.sentence-subject — implicit subject: a person or body named earlier in the same sentence
 *  6. speaker.last-speaker     — implicit subject (`وأضاف`, `وتابع`): the most recent speaker
 */
import type { DocContext } from './context.js'
import type { EntityStage, RoleRecord, TokMention } from './entities.js'
import type { Cue } from './quotes.js'
import { trieMatchAt } from './trie.js'
import { DEMONYM_RULE } from './kb.js'

export interface Attribution {
  speakerId: string | null
  ruleId: string | null
}

const SPEAKER_TYPES = new Set(['organization', 'country', 'media', 'armed_group'])
const LAST_SPEAKER_WINDOW = 6

/** An entity usable as a speaker: capitals stand for their country (`قالت موسكو`). */
function speakerEntity(ctx: DocContext, m: TokMention): string | null {
  const e = ctx.kb.entities.get(m.entityId)
  if (!e) return m.entityId.startsWith('person:') ? m.entityId : null
  if (e.type === 'person' || SPEAKER_TYPES.has(e.type)) return e.id
  if (e.type === 'place' && e.capitalOf) return e.capitalOf
  return null
}

function isPerson(ctx: DocContext, id: string): boolean {
  return id.startsWith('person:') || ctx.kb.entities.get(id)?.type === 'person'
}

function mentionsIn(ent: EntityStage, a: number, b: number): TokMention[] {
  return ent.mentions.filter((m) => m.start >= a && m.start < b && m.ruleId !== DEMONYM_RULE)
}

function explicitPerson(ctx: DocContext, ent: EntityStage, cue: Cue): TokMention | null {
  let found: TokMention | null = null
  for (let j = cue.subjectStart; j < cue.subjectEnd; j++) {
    const m = ent.mentionAt.get(j)
    if (m && isPerson(ctx, m.entityId)) {
      found = m
      j = m.end - 1
      continue
    }
    const t = ctx.tokens[j]
    if (found && t && ctx.kb.words.adjuncts.has(t.text)) break
  }
  return found
}

function roleMention(ctx: DocContext, roles: RoleRecord[], cue: Cue): string | null {
  if (!trieMatchAt(ctx.kb.titleTrie, ctx.tokens, cue.subjectStart)) return null
  const region = ctx.tokens.slice(cue.subjectStart, cue.subjectEnd).map((t) => t.text)
  let best: { len: number; id: string } | null = null
  for (const r of roles) {
    let n = 0
    while (n < r.tokens.length && n < region.length && r.tokens[n] === region[n]) n++
    if (n >= 2 && (!best || n >= best.len)) best = { len: n, id: r.personId }
  }
  return best?.id ?? null
}

function explicitOrg(ctx: DocContext, ent: EntityStage, cue: Cue): string | null {
  for (const m of mentionsIn(ent, cue.subjectStart, Math.min(cue.subjectEnd, cue.subjectStart + 3))) {
    const id = speakerEntity(ctx, m)
    if (id) return id
  }
  return null
}

function sentenceSubject(ctx: DocContext, ent: EntityStage, cue: Cue): string | null {
  const first = ctx.seg.sentences[cue.sentence]?.firstToken ?? cue.start
  const before = mentionsIn(ent, first, cue.start)
  const person = before.find((m) => isPerson(ctx, m.entityId))
  if (person) return person.entityId
  for (const m of before) {
    const e = ctx.kb.entities.get(m.entityId)
    if (e && (e.type === 'organization' || e.type === 'media' || e.type === 'country' || (e.type === 'place' && e.capitalOf))) return speakerEntity(ctx, m)
  }
  return null
}

export interface SpeakerStage {
  byCue: Attribution[]
  roles: RoleRecord[]
}

export function attributeSpeakers(ctx: DocContext, ent: EntityStage, cues: Cue[]): SpeakerStage {
  const roles = [...ent.roles]
  const byCue: Attribution[] = []
  let last: { id: string; sentence: number } | null = null
  for (const cue of cues) {
    let att: Attribution = { speakerId: null, ruleId: null }
    // a participle's subject is the main clause's: what follows it is its object (`متهماً روسيا`)
    const person = cue.kind === 'participle' ? null : explicitPerson(ctx, ent, cue)
    if (person) {
      att = { speakerId: person.entityId, ruleId: 'speaker.explicit-person' }
      if (person.start > cue.subjectStart && trieMatchAt(ctx.kb.titleTrie, ctx.tokens, cue.subjectStart)) {
        roles.push({ tokens: ctx.tokens.slice(cue.subjectStart, person.start).map((t) => t.text), personId: person.entityId })
      }
    } else {
      const role = cue.kind === 'participle' ? null : roleMention(ctx, roles, cue)
      const org = role || cue.kind === 'participle' ? null : explicitOrg(ctx, ent, cue)
      if (role) att = { speakerId: role, ruleId: 'speaker.role-mention' }
      else if (org) att = { speakerId: org, ruleId: 'speaker.explicit-org' }
      else {
        const same = [...cues.slice(0, byCue.length)].reverse().findIndex((c) => c.sentence === cue.sentence)
        const prevIdx = same >= 0 ? byCue.length - 1 - same : -1
        const prev = prevIdx >= 0 ? byCue[prevIdx] : undefined
        if (prev?.speakerId) att = { speakerId: prev.speakerId, ruleId: 'speaker.same-sentence' }
        else {
          const subj = sentenceSubject(ctx, ent, cue)
          if (subj) att = { speakerId: subj, ruleId: 'speaker.sentence-subject' }
          else if (last && cue.sentence - last.sentence <= LAST_SPEAKER_WINDOW) att = { speakerId: last.id, ruleId: 'speaker.last-speaker' }
        }
      }
    }
    byCue.push(att)
    if (att.speakerId) last = { id: att.speakerId, sentence: cue.sentence }
  }
  return { byCue, roles }
}
