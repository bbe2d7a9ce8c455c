// The service worker and app updates: a new version waits until the user says "update".
import { Workbox } from 'workbox-window';

export class AppUpdates {
  /** A new version is installed and waiting. */
  available = $state(false);
  #wb: Workbox | null = null;

  /** Registers the service worker generated at build time (`/sw.js`). */
  register(): void {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    this.#wb = new Workbox('/sw.js');
    this.#wb.addEventListener('waiting', () => (this.available = true));
    this.#wb.register().catch((e: unknown) => console.warn('Service worker not registered:', e));
  }

  /** Activates the waiting version and reloads once it controls the page. */
  apply(): void {
    const wb = this.#wb;
    if (!wb) return;
    wb.addEventListener('controlling', () => location.reload());
    wb.messageSkipWaiting();
  }
}
