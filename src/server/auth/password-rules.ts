import type { FieldProblem } from '../forms/validate-submission';

export const MIN_LENGTH = 12;
/** bcrypt reads only the first 72 bytes; a longer password would be silently cut short. */
export const MAX_BYTES = 72;

const CLASSES: Array<[name: string, test: RegExp]> = [
  ['lower-case letters', /\p{Ll}/u],
  ['upper-case letters', /\p{Lu}/u],
  ['digits', /\p{Nd}/u],
  // Anything that is neither a cased letter nor a digit: punctuation, spaces, CJK characters.
  ['symbols', /[^\p{Ll}\p{Lu}\p{Lt}\p{Nd}]/u],
];

/** What is wrong with a new password for this person; empty when it may be used. */
export function passwordProblems(password: string, username: string, currentPassword: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const problem = (code: string, message: string) => problems.push({ field: 'newPassword', code, message });
  if ([...password].length < MIN_LENGTH) problem('minLength', `use at least ${MIN_LENGTH} characters`);
  if (Buffer.byteLength(password, 'utf8') > MAX_BYTES) problem('maxBytes', `use at most ${MAX_BYTES} bytes (about ${MAX_BYTES} Latin or 24 Chinese characters)`);
  const present = CLASSES.filter(([, test]) => test.test(password)).length;
  if (present < 3) problem('characterClasses', `mix at least 3 of: ${CLASSES.map(([name]) => name).join(', ')}`);
  if (username && password.toLowerCase().includes(username.toLowerCase())) problem('containsUsername', 'must not contain your user name');
  if (password === currentPassword) problem('sameAsCurrent', 'must differ from the current password');
  return problems;
}
