// What the benchmark runs inside the page, installed before the app's scripts on every load: waiting
// for the DOM to reach a state, then for the next painted frame, timed with the page's own clock.
// Plain JavaScript read from disk, so no build step rewrites it before it reaches the page.
(() => {
  const frame = () => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0)));
  /** Resolves once `pred()` holds, checking after every DOM change. */
  const until = (pred, timeoutMs = 600_000) =>
    new Promise((resolve, reject) => {
      if (pred()) return resolve();
      const mo = new MutationObserver(() => {
        if (!pred()) return;
        mo.disconnect();
        clearTimeout(timer);
        resolve();
      });
      const timer = setTimeout(() => {
        mo.disconnect();
        reject(new Error(`timed out on ${location.pathname}`));
      }, timeoutMs);
      mo.observe(document, { subtree: true, childList: true, characterData: true });
    });
  const bench = { home: null, shell: null };

  // The federation's home screen with real figures: organizations counted, the fund's balance.
  const homeReady = () => {
    const orgs = document.querySelector('[data-testid="org-count"]');
    const fund = document.querySelector('[data-testid="fund-balance"]');
    return !!fund && /[1-9]/.test(orgs?.textContent ?? '');
  };
  until(() => !!document.querySelector('main'))
    .then(frame)
    .then(() => (bench.shell = performance.now()))
    .catch(() => {});
  until(homeReady)
    .then(frame)
    .then(() => (bench.home = performance.now()))
    .catch(() => {});

  /** In-app navigation (a link click the router handles) until `selector` matches; ms to that frame. */
  bench.navigate = async (href, selector) => {
    const a = document.createElement('a');
    a.href = href;
    document.body.append(a);
    const t0 = performance.now();
    a.click();
    a.remove();
    await until(
      () => location.pathname + location.search === href && !!document.querySelector(selector),
      120_000,
    );
    await frame();
    return performance.now() - t0;
  };

  /** Types `text` into a field one key at a time, then clears it; ms from each key to the next frame. */
  bench.type = async (selector, text) => {
    const input = document.querySelector(selector);
    if (!input) throw new Error(`no ${selector} on ${location.pathname}`);
    const out = [];
    for (const ch of [...text, '']) {
      const t0 = performance.now();
      input.value = ch ? input.value + ch : '';
      input.dispatchEvent(new Event('input', { bubbles: true }));
      await frame();
      out.push(performance.now() - t0);
    }
    return out;
  };

  /** Switches the first filter to another option; ms to the next frame, or null without a filter. */
  bench.filter = async (selector) => {
    const select = document.querySelector(selector);
    if (!select || select.options.length < 2) return null;
    const t0 = performance.now();
    select.selectedIndex = select.selectedIndex === 1 ? 0 : 1;
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await frame();
    return performance.now() - t0;
  };

  /**
   * Clicks the button labelled `label`; ms until the page's path matches `path` and `watch` shows,
   * or (without `path`) until the text of `watch` changed, to that frame.
   */
  bench.click = async (label, watch, path) => {
    const button = [...document.querySelectorAll('main button')].find(
      (b) => b.textContent.trim() === label,
    );
    if (!button) throw new Error(`no button "${label}" on ${location.pathname}`);
    const before = bench.text(watch);
    const done = () =>
      path
        ? new RegExp(path).test(location.pathname) && !!document.querySelector(watch)
        : bench.text(watch) !== before;
    const t0 = performance.now();
    button.click();
    await until(done, 60_000);
    await frame();
    return performance.now() - t0;
  };

  /** When the device's copy was loaded into the document (ms from navigation start), or null. */
  bench.loaded = () => performance.getEntriesByName('federation-loaded')[0]?.startTime ?? null;

  /** The text of `selector`, blanks collapsed. */
  bench.text = (selector) =>
    (document.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();

  /** y-indexeddb's copy of a federation: how many updates it stores and their bytes. */
  bench.stored = (name) =>
    new Promise((resolve, reject) => {
      const open = indexedDB.open(name);
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const out = { updates: 0, bytes: 0 };
        const req = db.transaction('updates').objectStore('updates').openCursor();
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const c = req.result;
          if (!c) {
            db.close();
            resolve(out);
            return;
          }
          out.updates += 1;
          out.bytes += c.value.byteLength;
          c.continue();
        };
      };
    });

  /** The device database's home snapshot of a federation: 'kept' or 'none'; with `forget`, deletes it. */
  bench.homeSnapshot = (fid, forget) =>
    new Promise((resolve, reject) => {
      const open = indexedDB.open('federation-planner');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const store = db.transaction('homes', 'readwrite').objectStore('homes');
        const req = forget ? store.delete(fid) : store.get(fid);
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          db.close();
          resolve(req.result === undefined ? 'none' : 'kept');
        };
      };
    });

  window.__bench = bench;
})();
