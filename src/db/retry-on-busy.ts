/**
 * FerretDB on SQLite runs an update as read-then-write; when another write commits in between, it
 * answers SQLITE_BUSY at once instead of waiting (seen under load in `npm run bench`). The update
 * did not happen, so running it again is safe. Other stores never answer this; it costs them nothing.
 */
export function isStoreBusy(error: unknown): boolean {
  return /SQLITE_BUSY|database is locked/.test(String((error as { message?: string })?.message ?? ''));
}

export async function retryOnBusy<T>(write: () => PromiseLike<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (error) {
      if (!isStoreBusy(error) || attempt === attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 20 * attempt));
    }
  }
}
