// Finds the typographic quotes and dashes that word processors and forums put into copied Lua (`“token”`,
// `– comment`), which make prosody refuse to load the file, and straightens them so the reader can still say what
// the admin meant. Quotes inside a proper straight-quoted string are text, not code, and are left alone.

const DOUBLE_QUOTES = '\u201c\u201d\u201e\u201f\u00ab\u00bb\u2033';
const SINGLE_QUOTES = '\u2018\u2019\u201a\u201b\u2032';
/** Every typographic quote that may stand where Lua needs a straight one, written for a regex character class. */
export const TYPOGRAPHIC_QUOTES = DOUBLE_QUOTES + SINGLE_QUOTES;
const DOUBLE = new Set(DOUBLE_QUOTES);
const SINGLE = new Set(SINGLE_QUOTES);
const DASH = new Set(['\u2013', '\u2014']);

/** The first place a typographic character stands in for Lua syntax, and how many there are. */
export interface TypographicMarks {
  line: number;
  character: string;
  count: number;
}

/** Straightens typographic quotes and dashes in Lua code positions; null marks when there were none. */
export function straightenTypography(text: string): { text: string; marks: TypographicMarks | null } {
  let marks: TypographicMarks | null = null;
  const note = (line: number, character: string): void => {
    if (marks === null) marks = { line, character, count: 0 };
    marks.count++;
  };
  const lines = text.split('\n').map((line, index) => {
    let out = '';
    // The character that closes the open string: a straight quote, or any quote of a curly-opened string.
    let closer: 'straight"' | "straight'" | 'curly"' | "curly'" | null = null;
    for (let i = 0; i < line.length; i++) {
      const ch = line[i] as string;
      if (closer === null) {
        if (ch === '-' && line[i + 1] === '-') return out + line.slice(i);
        if (DASH.has(ch)) {
          note(index + 1, ch);
          return `${out}--${line.slice(i + 1)}`;
        }
        if (ch === '"' || ch === "'") closer = ch === '"' ? 'straight"' : "straight'";
        else if (DOUBLE.has(ch) || SINGLE.has(ch)) {
          note(index + 1, ch);
          closer = DOUBLE.has(ch) ? 'curly"' : "curly'";
          out += DOUBLE.has(ch) ? '"' : "'";
          continue;
        }
        out += ch;
        continue;
      }
      if (ch === '\\') {
        out += line.slice(i, i + 2);
        i++;
        continue;
      }
      const isClose =
        (closer === 'straight"' && ch === '"') ||
        (closer === "straight'" && ch === "'") ||
        (closer === 'curly"' && (DOUBLE.has(ch) || ch === '"')) ||
        (closer === "curly'" && (SINGLE.has(ch) || ch === "'"));
      if (isClose) {
        if (closer.startsWith('curly')) {
          if (ch !== '"' && ch !== "'") note(index + 1, ch);
          out += closer === 'curly"' ? '"' : "'";
        } else out += ch;
        closer = null;
        continue;
      }
      out += ch;
    }
    return out;
  });
  return { text: lines.join('\n'), marks };
}
