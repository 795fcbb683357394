/**
 * A form's submit button that looks ready. Form.io's disableOnInvalid greys the button out until
 * every field is valid, and again for a moment on each change while validity settles: people read
 * the pale button as "not yet possible" and got no reason why. The pages draw every button enabled
 * instead; pressing it on an incomplete form marks the fields at fault and lists them (Form.io's
 * validation, then the server's reasons, form-problems.ts), so nothing is sent that is not valid.
 * The stored schema is left as it is: this is how the pages draw it.
 */
export function withReadySubmit<T>(schema: T): T {
  const walk = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(walk);
    if (typeof value !== 'object' || value === null) return value;
    const copy: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) copy[key] = walk(inner);
    if (copy.type === 'button' && copy.disableOnInvalid === true) copy.disableOnInvalid = false;
    return copy;
  };
  return walk(schema) as T;
}
