import type { LayoutLoad } from './$types';

// Federation pages exist only on devices that joined them: never prerendered.
export const prerender = false;

export const load: LayoutLoad = async ({ params, parent }) => {
  const { app } = await parent();
  return { session: (await app?.session(params.fid as never)) ?? null };
};
