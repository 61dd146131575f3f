/**
 * A small equivalent of `emoji.is_emoji(char)` for one code point, which IFBench's emoji checker
 * calls. Approximation: Unicode's Emoji property stands in for the emoji package's table; the
 * keycap bases 0-9, # and * are not emoji on their own.
 */
export function isEmojiCodePoint(char: string): boolean {
  return /^\p{Emoji}$/u.test(char) && !/^[0-9#*]$/u.test(char);
}
