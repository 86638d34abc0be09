/**
 * Token-sequence trie for lexicon and alias lookup. The first token may carry proclitics (و ف ب ل ك, لل→ال);
 * later tokens must match exactly and be joined by soft gaps (spaces, hyphens), never by punctuation.
 */
import { procliticVariants } from '../text/affixes.js'
import type { Token } from './segment.js'

export interface TrieNode<T> {
  next: Map<string, TrieNode<T>>
  values: T[]
}

export interface TrieMatch<T> {
  /** First token index. */
  start: number
  /** Exclusive token index. */
  end: number
  /** Characters of the first token that are proclitics. */
  strip: number
  values: T[]
}

export function newTrie<T>(): TrieNode<T> {
  return { next: new Map(), values: [] }
}

export function trieInsert<T>(root: TrieNode<T>, keyTokens: string[], value: T): void {
  if (keyTokens.length === 0) return
  let node = root
  for (const t of keyTokens) {
    let child = node.next.get(t)
    if (!child) {
      child = newTrie<T>()
      node.next.set(t, child)
    }
    node = child
  }
  node.values.push(value)
}

/** Longest match starting at token i (ties: fewest proclitic characters). */
export function trieMatchAt<T>(root: TrieNode<T>, tokens: Token[], i: number, allowProclitics = true): TrieMatch<T> | null {
  const first = tokens[i]
  if (!first) return null
  let best: TrieMatch<T> | null = null
  const variants = allowProclitics ? procliticVariants(first.text) : [{ form: first.text, strip: 0 }]
  for (const v of variants) {
    let node = root.next.get(v.form)
    let j = i + 1
    while (node) {
      if (node.values.length && (!best || j > best.end || (j === best.end && v.strip < best.strip))) {
        best = { start: i, end: j, strip: v.strip, values: node.values }
      }
      const tok = tokens[j]
      if (!tok || tok.hardGap || tok.sentence !== first.sentence) break
      node = node.next.get(tok.text)
      j++
    }
  }
  return best
}

/** All non-overlapping longest matches, scanning left to right. */
export function trieScan<T>(root: TrieNode<T>, tokens: Token[], allowProclitics = true): TrieMatch<T>[] {
  const out: TrieMatch<T>[] = []
  for (let i = 0; i < tokens.length; ) {
    const m = trieMatchAt(root, tokens, i, allowProclitics)
    if (m) {
      out.push(m)
      i = m.end
    } else i++
  }
  return out
}

/** Tokenises a normalised key the same way the segmenter tokenises text. */
export function keyTokens(normalisedKey: string): string[] {
  return normalisedKey.match(/[a-z\u00c0-\u024f\u0370-\u04ff\u0621-\u064a\u066e-\u06d3\u06fa\u06fb]+|[0-9]+/g) ?? []
}
