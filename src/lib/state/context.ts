// Typed contexts: layouts create state and set it here; components and pages read it.
import { createContext } from 'svelte';
import type { AppState } from './app.svelte';
import type { FederationSession } from './federation.svelte';

export const [getApp, setApp] = createContext<AppState>();
export const [getFederation, setFederation] = createContext<FederationSession>();
