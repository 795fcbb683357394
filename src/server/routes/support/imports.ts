/**
 * The answer of an import (/api/metrics, /api/compliance-events, /api/compensation), by API or CSV:
 * validated completely before anything is written, idempotent (a re-import changes nothing and says
 * so), the source kept on each record, one audit entry per batch. 201 when something was created or
 * changed, 200 when everything was as sent.
 */
export const importStatus = (result: { created: number; updated: number }) => (result.created + result.updated > 0 ? 201 : 200);

/** Imports carry whole files (a 10,000-row CSV travels as one JSON string of about 0.5 MB): app.ts gives these paths a larger body limit. */
export const IMPORT_PATHS = ['/api/metrics', '/api/compliance-events', '/api/compensation'];
