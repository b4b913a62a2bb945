export interface Key {
  digit: string;
  letters: string;
  label: string;
}

const LETTERS: Record<string, string> = {
  '2': 'ABC',
  '3': 'DEF',
  '4': 'GHI',
  '5': 'JKL',
  '6': 'MNO',
  '7': 'PQRS',
  '8': 'TUV',
  '9': 'WXYZ',
  '0': '+',
};

export const KEYPAD: readonly Key[] = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '*', '0', '#'].map((digit) => ({
  digit,
  letters: LETTERS[digit] ?? '',
  // The name holds the letters shown on the key (WCAG 2.5.3, label in name).
  label: digit === '*' ? 'Star' : digit === '#' ? 'Pound' : `Digit ${digit}${LETTERS[digit] ? ` ${LETTERS[digit]}` : ''}`,
}));

/** Keeps what a phone number can hold: digits, *, #, and one leading +. */
export function sanitizeNumber(raw: string): string {
  const kept = raw.replace(/[^\d*#+]/g, '');
  const leadingPlus = kept.startsWith('+');
  return (leadingPlus ? '+' : '') + kept.replace(/\+/g, '').slice(0, 32);
}

export function isDialable(number: string): boolean {
  return /\d/.test(number);
}
