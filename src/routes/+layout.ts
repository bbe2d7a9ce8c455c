import { AppState } from '$lib/state/app.svelte';

// An installable single-page app: rendered in the browser only, shell prerendered for the service worker.
export const ssr = false;
export const prerender = true;

export async function load(): Promise<{ app: AppState | null; startError: string | null }> {
  try {
    return { app: await AppState.open(), startError: null };
  } catch (e) {
    return { app: null, startError: e instanceof Error ? e.message : String(e) };
  }
}
