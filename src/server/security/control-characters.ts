import type { NextFunction, Request, Response } from 'express';
import type { FieldProblem } from '../forms/validate-submission';

/**
 * Text that would be stored and shown as something other than what a reader sees: C0 and C1 control
 * characters (NUL, BEL, ESC…) and the bidirectional overrides that make "gpj.exe" read as "exe.jpg"
 * (U+202A–U+202E, U+2066–U+2069). Tabs and line breaks are text. Refused in one place, for every body,
 * before any route reads it, so nothing downstream has to think about them.
 */
const FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function describe(text: string): string {
  const found = FORBIDDEN.exec(text)![0];
  return `U+${found.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Where a body holds a forbidden character, key or value, walked without recursion. */
export function controlCharacterProblems(body: unknown, limit = 20): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const stack: Array<{ value: unknown; path: string }> = [{ value: body, path: '' }];
  while (stack.length > 0 && problems.length < limit) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      if (FORBIDDEN.test(value)) problems.push({ field: path.slice(0, 200) || 'body', code: 'control-character', message: `${path || 'the body'} holds a control character (${describe(value)}), which is not text` });
    } else if (Array.isArray(value)) {
      value.forEach((item, index) => stack.push({ value: item, path: `${path}[${index}]` }));
    } else if (value !== null && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (FORBIDDEN.test(key)) problems.push({ field: path.slice(0, 200) || 'body', code: 'control-character', message: `a field name holds a control character (${describe(key)})` });
        else stack.push({ value: inner, path: path ? `${path}.${key}` : key });
      }
    }
  }
  return problems;
}

export function refuseControlCharacters(req: Request, res: Response, next: NextFunction): void {
  const problems = req.body === undefined ? [] : controlCharacterProblems(req.body);
  if (problems.length === 0) return next();
  res.status(400).json({ error: 'the request holds control characters', problems });
}
