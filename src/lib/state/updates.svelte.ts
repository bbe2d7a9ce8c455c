// The service worker and app updates: a new version waits until the user says "update", is never
// applied in the middle of an edit without asking, and a reload happens only on the user's word.
import { Workbox } from 'workbox-window';

/** How often an open app asks the server whether there is a new version. */
const CHECK_EVERY_MS = 60 * 60 * 1000;

export class AppUpdates {
  /** A new version is installed and waiting (or another tab already switched to it). */
  available = $state(false);
  /** The user accepted and the app is reloading: nothing should hold the page back now. */
  reloading = $state(false);
  // Forms the user typed into and has not submitted; plain, read only when the user says "update".
  // eslint-disable-next-line svelte/prefer-svelte-reactivity
  #edited = new Set<HTMLFormElement>();

  /** Registers the service worker generated at build time (`/sw.js`); returns the cleanup. */
  register(): () => void {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return () => {};
    const wb = new Workbox('/sw.js');
    wb.addEventListener('waiting', () => (this.available = true));
    // Another tab accepted the update: this one keeps running as it is and offers the reload.
    wb.addEventListener('controlling', (event) => {
      if (event.isUpdate && !this.reloading) this.available = true;
    });
    wb.register().catch((e: unknown) => console.warn('Service worker not registered:', e));
    const check = () => {
      if (document.visibilityState === 'visible') void wb.update().catch(() => {});
    };
    const timer = setInterval(check, CHECK_EVERY_MS);
    document.addEventListener('visibilitychange', check);
    const onInput = (e: Event) => {
      const form = (e.target as Element | null)?.closest?.('form');
      if (form) this.#edited.add(form);
    };
    const onSubmit = (e: Event) => this.#edited.delete(e.target as HTMLFormElement);
    document.addEventListener('input', onInput, true);
    document.addEventListener('submit', onSubmit, true);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', check);
      document.removeEventListener('input', onInput, true);
      document.removeEventListener('submit', onSubmit, true);
    };
  }

  /** Whether a form on screen holds input the user typed and has not saved. */
  get editing(): boolean {
    for (const form of this.#edited) if (!form.isConnected) this.#edited.delete(form);
    return this.#edited.size > 0;
  }

  /** Switches to the waiting version and reloads once it controls the page. */
  async apply(): Promise<void> {
    this.reloading = true;
    const registration = await navigator.serviceWorker.getRegistration();
    const waiting = registration?.waiting;
    // Another tab already activated it: this page only has to reload.
    if (!waiting) return location.reload();
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), {
      once: true,
    });
    waiting.postMessage({ type: 'SKIP_WAITING' });
  }
}
