'use client';
// Shown when a save was refused because someone else changed the record: the form keeps what the
// user typed; reloading fetches the current record so the next save is based on it.
export function ConflictNotice({ what, onReload, reloading, reloaded }: { what: string; onReload: () => void; reloading?: boolean; reloaded?: boolean }) {
  return (
    <div className="conflict" role="alert" data-testid="conflict">
      {reloaded ? (
        <p>
          Reloaded the current {what}. Your changes are still in the form; fields that now differ from the saved {what} show its value. Save again to apply
          them.
        </p>
      ) : (
        <>
          <p>
            <strong>Someone else changed this {what}</strong> after you opened it, so your save was refused. Nothing you typed is lost.
          </p>
          <button type="button" onClick={onReload} disabled={reloading}>
            {reloading ? 'Reloading…' : `Reload the ${what} (keep my changes)`}
          </button>
        </>
      )}
    </div>
  );
}

/** The notice for a form run by useVersionedEdit: nothing until a save was refused as stale. */
export function EditConflict({ what, edit }: { what: string; edit: { notice: 'stale' | 'reloaded' | null; reload: () => Promise<void>; reloading: boolean } }) {
  if (!edit.notice) return null;
  return <ConflictNotice what={what} onReload={() => void edit.reload()} reloading={edit.reloading} reloaded={edit.notice === 'reloaded'} />;
}

/** "Saved value: …" under a field, after a reload, when it differs from what the user typed. */
export function SavedValue({ show, value }: { show: boolean; value: string }) {
  if (!show) return null;
  return (
    <span className="saved-value">
      Now saved as: <q dir="auto">{value || '(empty)'}</q>
    </span>
  );
}
