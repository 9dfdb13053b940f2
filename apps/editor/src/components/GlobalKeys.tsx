'use client';
// Shortcuts that work on every page (`?`, `/`, `g` + a letter) and the `?` overlay listing all of them.
import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import { SHORTCUTS, typingTarget } from '~/lib/shortcuts.ts';

const GO: Record<string, string> = { s: '/', n: '/sources/new', t: '/timeline', a: '/actors', r: '/review', x: '/export' };

export function GlobalKeys({ signedIn }: { signedIn: boolean }) {
  const router = useRouter();
  const dialog = useRef<HTMLDialogElement>(null);
  const [pendingG, setPendingG] = useState(false);

  useEffect(() => {
    let gTimer: ReturnType<typeof setTimeout> | undefined;
    let g = false;
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typingTarget(e.target)) return;
      if (dialog.current?.open) return;
      if (e.key === '?') {
        e.preventDefault();
        dialog.current?.showModal();
        return;
      }
      if (!signedIn) return;
      if (g) {
        g = false;
        setPendingG(false);
        clearTimeout(gTimer);
        const to = GO[e.key];
        if (to) {
          e.preventDefault();
          router.push(to);
        }
        return;
      }
      if (e.key === 'g') {
        g = true;
        setPendingG(true);
        gTimer = setTimeout(() => {
          g = false;
          setPendingG(false);
        }, 1500);
        return;
      }
      if (e.key === '/') {
        const field = document.querySelector<HTMLInputElement>('[data-page-search]') ?? document.querySelector<HTMLInputElement>('[data-global-search]');
        if (field) {
          e.preventDefault();
          field.focus();
          field.select();
        }
      }
    }
    window.addEventListener('keydown', onKey);
    // Lets tests (and the benchmark) know the shortcuts are live.
    document.documentElement.dataset.keysReady = '1';
    return () => {
      window.removeEventListener('keydown', onKey);
      clearTimeout(gTimer);
    };
  }, [router, signedIn]);

  return (
    <>
      {pendingG && (
        <div className="key-hint" role="status">
          g … <span className="muted">s sources · n new source · t timeline · a actors · r review · x export</span>
        </div>
      )}
      <dialog ref={dialog} className="shortcuts" aria-labelledby="shortcuts-title" data-testid="shortcuts">
        <header>
          <h2 id="shortcuts-title">Keyboard shortcuts</h2>
          <form method="dialog">
            <button type="submit" className="ghost" aria-label="Close">
              Close (Esc)
            </button>
          </form>
        </header>
        <div className="shortcut-sections">
          {SHORTCUTS.map((s) => (
            <section key={s.section}>
              <h3>{s.section}</h3>
              <dl>
                {s.items.map((i) => (
                  <div key={i.what}>
                    <dt>
                      {i.keys.map((k, n) => (
                        <kbd key={n}>{k}</kbd>
                      ))}
                    </dt>
                    <dd>{i.what}</dd>
                  </div>
                ))}
              </dl>
            </section>
          ))}
        </div>
      </dialog>
    </>
  );
}
