import { PINYIN_NAME_CHARACTERS } from './pinyin-dictionary.js';

/** How many characters the candidate bar offers at once. */
export const MAX_CANDIDATES = 12;

/**
 * Characters for what has been typed so far: the exact syllable first, then the syllables it
 * begins ("zh" → 张, 赵, 周 …, by syllable order), so a member can tap as soon as they see theirs.
 * "v" stands for ü, as on every Chinese keyboard (lv → 吕).
 */
export function pinyinCandidates(typed: string, max = MAX_CANDIDATES): string[] {
  const key = typed.toLowerCase().replace(/ü/g, 'v');
  if (!/^[a-z]+$/.test(key)) return [];
  const exact = PINYIN_NAME_CHARACTERS[key] ?? '';
  // Round robin over the syllables the prefix begins: each one's most common character first
  // (zh → 翟 詹 张 赵 … then their second characters), so no syllable crowds out the others.
  const lists = Object.keys(PINYIN_NAME_CHARACTERS)
    .filter((syllable) => syllable !== key && syllable.startsWith(key))
    .sort()
    .map((syllable) => [...(PINYIN_NAME_CHARACTERS[syllable] ?? '')]);
  const prefixed: string[] = [];
  for (let rank = 0; lists.some((list) => rank < list.length); rank++) {
    for (const list of lists) {
      const character = list[rank];
      if (character) prefixed.push(character);
    }
  }
  return [...new Set([...exact, ...prefixed])].slice(0, max);
}

export type KeyboardMode = 'pinyin' | 'letters';

/** What the keyboard holds: the field's text, and in pinyin mode the syllable being typed (not yet in the field). */
export interface KeyboardState {
  value: string;
  pending: string;
  mode: KeyboardMode;
}

export type KeyboardAction =
  | { type: 'key'; key: string }
  | { type: 'pick'; character: string }
  | { type: 'space' }
  | { type: 'delete' }
  | { type: 'mode'; mode: KeyboardMode }
  | { type: 'set'; value: string };

/** Longest text a field takes from the keyboard (the member service allows 40 characters for a name). */
const MAX_LENGTH = 40;

export function keyboardReducer(state: KeyboardState, action: KeyboardAction): KeyboardState {
  switch (action.type) {
    case 'key': {
      const isLetter = /^[a-z]$/i.test(action.key);
      if (state.mode === 'pinyin' && isLetter) return state.pending.length >= 6 ? state : { ...state, pending: state.pending + action.key.toLowerCase() };
      return { ...state, value: (state.value + action.key).slice(0, MAX_LENGTH) };
    }
    case 'pick':
      return { ...state, value: (state.value + action.character).slice(0, MAX_LENGTH), pending: '' };
    case 'space': {
      // In pinyin mode a space takes the first candidate (as desktop input methods do).
      if (state.pending !== '') {
        const first = pinyinCandidates(state.pending)[0];
        return first ? keyboardReducer(state, { type: 'pick', character: first }) : state;
      }
      return state.value === '' || state.value.endsWith(' ') ? state : { ...state, value: (state.value + ' ').slice(0, MAX_LENGTH) };
    }
    case 'delete':
      if (state.pending !== '') return { ...state, pending: state.pending.slice(0, -1) };
      return { ...state, value: [...state.value].slice(0, -1).join('') };
    case 'mode':
      return { ...state, mode: action.mode, pending: '' };
    case 'set':
      return { ...state, value: action.value, pending: '' };
  }
}
