/**
 * Character classes the search form and the article facts scan every body with, one code point at a time: whether it
 * is a letter (`\p{L}`) or a number (`\p{N}`), the two that make words (`[\p{L}\p{N}]+`). A table per BMP code point,
 * each entry computed by the regular expression the first time it is asked for, so the answers are the engine's own;
 * scanning with it allocates nothing (matching the whole text would build an array of every letter or word).
 */

const LETTER = /^\p{L}$/u
const NUMBER = /^\p{N}$/u

export const OTHER = 1
export const LETTER_CLASS = 2
export const NUMBER_CLASS = 3

/** 0: not computed yet. */
const bmp = new Uint8Array(0x10000)
const astral = new Map<number, number>()

function classify(ch: string): number {
  return LETTER.test(ch) ? LETTER_CLASS : NUMBER.test(ch) ? NUMBER_CLASS : OTHER
}

/** The class of code point `cp`: OTHER, LETTER_CLASS or NUMBER_CLASS. */
export function charClass(cp: number): number {
  if (cp < 0x10000) {
    let c = bmp[cp] as number
    if (c === 0) {
      c = cp >= 0xd800 && cp <= 0xdfff ? OTHER : classify(String.fromCharCode(cp))
      bmp[cp] = c
    }
    return c
  }
  let c = astral.get(cp)
  if (c === undefined) {
    c = classify(String.fromCodePoint(cp))
    astral.set(cp, c)
  }
  return c
}

/** Whether code point `cp` belongs to a word (`[\p{L}\p{N}]`). */
export const isWordChar = (cp: number): boolean => charClass(cp) !== OTHER
