// Every keyboard shortcut of the editor, in one table: the `?` overlay lists exactly these.

export interface Shortcut {
  keys: string[];
  what: string;
}

export const SHORTCUTS: { section: string; items: Shortcut[] }[] = [
  {
    section: 'Anywhere',
    items: [
      { keys: ['?'], what: 'Show this list' },
      { keys: ['/'], what: 'Search (the search field of this page, or the global search)' },
      { keys: ['g', 's'], what: 'Go to sources' },
      { keys: ['g', 'n'], what: 'Add a source' },
      { keys: ['g', 't'], what: 'Go to the timeline' },
      { keys: ['g', 'a'], what: 'Go to actors' },
      { keys: ['g', 'r'], what: 'Go to the review queue (reviewers)' },
      { keys: ['g', 'x'], what: 'Go to export' },
      { keys: ['Esc'], what: 'Close a form, list or dialog' },
    ],
  },
  {
    section: 'Source reader',
    items: [
      { keys: ['t'], what: 'Put the keyboard in the text (a word is selected)' },
      { keys: ['←', '→'], what: 'Move the selection by a word (visual direction, also in right-to-left text)' },
      { keys: ['Shift', '←/→'], what: 'Extend or shrink the selection by a word' },
      { keys: ['↑', '↓'], what: 'Move to the previous / next sentence' },
      { keys: ['Shift', '↑/↓'], what: 'Extend the selection by a sentence' },
      { keys: ['s'], what: 'Select the whole sentence' },
      { keys: ['Enter'], what: 'Annotate the selection: open the claim form' },
      { keys: ['j', 'k'], what: 'Next / previous claim (reading order)' },
      { keys: ['e'], what: 'Edit the selected claim' },
      { keys: ['l'], what: 'Link the selected claim to an event' },
      { keys: ['h'], what: 'History of the selected claim' },
    ],
  },
  {
    section: 'Forms and pickers',
    items: [
      { keys: ['Ctrl', 'Enter'], what: 'Save the form' },
      { keys: ['↑', '↓'], what: 'Move through a picker’s suggestions' },
      { keys: ['Enter'], what: 'Pick the suggestion (or “Create …” to add a new actor or event)' },
      { keys: ['Tab'], what: 'Next field' },
    ],
  },
  {
    section: 'Review queue',
    items: [
      { keys: ['1', '…', '6'], what: 'Rate the focused claim: true … unverifiable' },
      { keys: ['Ctrl', 'Enter'], what: 'Record the decision and open the next dispute' },
      { keys: ['n', 'p'], what: 'Next / previous dispute in the queue' },
    ],
  },
];

/** True when a key press belongs to the focused field rather than to a shortcut. */
export function typingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['checkbox', 'radio', 'button', 'submit', 'reset'].includes(type);
  }
  return false;
}
