/**
 * Navigation state of the review walk and the key reducer. Pure, so the key handling is tested
 * without a terminal: j/k or arrows move, g/G jump to the ends, enter toggles details, u/d (PgUp/PgDn)
 * scroll a trace longer than the screen, q quits.
 */
export interface ReviewState {
  selected: number;
  /** Details mode (enter): full hunk, trace with source locations, model state, replay command. */
  expanded: boolean;
  /** Items the reviewer has moved past: shown as finished (✓) in the list. */
  finished: ReadonlySet<number>;
  /** Trace lines scrolled up from the end (0: the failing step is in view). */
  scroll: number;
  quit: boolean;
}

export type ReviewAction = 'down' | 'up' | 'first' | 'last' | 'toggle' | 'older' | 'newer' | 'quit';

export interface KeyInfo {
  upArrow?: boolean;
  downArrow?: boolean;
  return?: boolean;
  escape?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  ctrl?: boolean;
}

export function initialState(): ReviewState {
  return { selected: 0, expanded: false, finished: new Set(), scroll: 0, quit: false };
}

/** The action an Ink keypress (input text + key flags) stands for, if any. */
export function actionOf(input: string, key: KeyInfo): ReviewAction | undefined {
  if (key.downArrow || input === 'j') return 'down';
  if (key.upArrow || input === 'k') return 'up';
  if (key.return || input === ' ') return 'toggle';
  if (input === 'q' || key.escape || (key.ctrl && input === 'c')) return 'quit';
  if (key.pageUp || input === 'u') return 'older';
  if (key.pageDown || input === 'd') return 'newer';
  if (input === 'g') return 'first';
  if (input === 'G') return 'last';
  return undefined;
}

function moveTo(state: ReviewState, target: number, count: number): ReviewState {
  const next = Math.max(0, Math.min(count - 1, target));
  if (count === 0 || next === state.selected) return state;
  const finished = new Set(state.finished);
  finished.add(state.selected);
  return { ...state, selected: next, finished, scroll: 0 };
}

export interface ScrollLimits {
  /** Largest useful `scroll` for the current finding on this screen. */
  max: number;
  /** Lines per u/d press. */
  page: number;
}

const NO_SCROLL: ScrollLimits = { max: 0, page: 1 };

export function reduce(state: ReviewState, action: ReviewAction, count: number, limits: ScrollLimits = NO_SCROLL): ReviewState {
  switch (action) {
    case 'down':
      return moveTo(state, state.selected + 1, count);
    case 'up':
      return moveTo(state, state.selected - 1, count);
    case 'first':
      return moveTo(state, 0, count);
    case 'last':
      return moveTo(state, count - 1, count);
    case 'toggle':
      return count === 0 ? state : { ...state, expanded: !state.expanded, scroll: 0 };
    case 'older':
      return { ...state, scroll: Math.min(limits.max, state.scroll + limits.page) };
    case 'newer':
      return { ...state, scroll: Math.max(0, Math.min(limits.max, state.scroll) - limits.page) };
    case 'quit':
      return { ...state, quit: true };
  }
}

/** The slice of the list to show around the selection: [start, end). */
export function listWindow(selected: number, count: number, rows: number): [number, number] {
  if (count <= rows) return [0, count];
  const start = Math.max(0, Math.min(count - rows, selected - Math.floor(rows / 2)));
  return [start, start + rows];
}
