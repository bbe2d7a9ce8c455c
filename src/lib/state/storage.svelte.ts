// Whether the browser keeps this app's storage when space runs low, and how much it uses. Without
// persistence the browser may clear the data under storage pressure (the relay or a backup file
// is then the only other copy).

/** Asks the browser to keep this app's storage; resolves to whether it will. */
export async function keepStorage(): Promise<boolean> {
  if (typeof navigator === 'undefined' || !navigator.storage?.persist) return false;
  try {
    return (await navigator.storage.persisted()) || (await navigator.storage.persist());
  } catch {
    return false;
  }
}

export class StorageState {
  /** False where the browser has no StorageManager (old browsers, pages not served securely). */
  readonly supported = typeof navigator !== 'undefined' && !!navigator.storage?.persisted;
  /** null until known. */
  persisted = $state<boolean | null>(null);
  usage = $state<number | null>(null);
  quota = $state<number | null>(null);
  /** The user asked and the browser said no. */
  refused = $state(false);

  /** Reads the current grant and estimate. */
  async refresh(): Promise<void> {
    if (!this.supported) return;
    try {
      this.persisted = await navigator.storage.persisted();
      const { usage, quota } = await navigator.storage.estimate();
      this.usage = usage ?? null;
      this.quota = quota ?? null;
    } catch {
      // An estimate is a nicety: the page works without it.
    }
  }

  /** Asks for persistent storage (on the user's action) and shows the answer. */
  async ask(): Promise<void> {
    const granted = await keepStorage();
    this.refused = !granted;
    await this.refresh();
  }
}
