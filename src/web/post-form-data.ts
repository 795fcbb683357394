/** Sends what a Form.io form submitted to one of meritflow's JSON routes, as `{ data }`, without the submit button's own value. */
export function postFormData(url: string, data: Record<string, unknown>): Promise<Response> {
  const payload = { ...data };
  delete payload.submit; // the button is not a field
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ data: payload }),
    credentials: 'same-origin',
  });
}
