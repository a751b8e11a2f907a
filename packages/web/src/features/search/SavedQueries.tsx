import { useEffect, useState } from "react";
import { Link } from "../../app/router.tsx";
import { ErrorMessage } from "../../components/Status.tsx";
import {
  deleteQuery,
  listQueries,
  renameQuery,
  type SavedQuery,
  type SearchSpec,
  saveQuery,
  searchPath,
  specOf,
} from "./api.ts";

/** Saved searches: save the current one, re-run, rename or delete one. */
export function SavedQueries({
  ws,
  spec,
  canEdit,
}: {
  ws: string;
  spec: SearchSpec;
  canEdit: boolean;
}) {
  const [items, setItems] = useState<SavedQuery[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [name, setName] = useState("");
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);
  useEffect(() => {
    listQueries(ws).then(setItems, setError);
  }, [ws]);

  async function act(work: () => Promise<void>) {
    setError(null);
    try {
      await work();
    } catch (e) {
      setError(e);
    }
  }

  return (
    <section className="saved-queries" aria-labelledby="saved-queries-title">
      <h2 id="saved-queries-title">Saved searches</h2>
      {items.length === 0 && <p className="empty">None yet.</p>}
      <ul>
        {items.map((saved) => (
          <li key={saved.id}>
            {renaming?.id === saved.id ? (
              <form
                onSubmit={(e) => {
                  e.preventDefault();
                  act(async () => {
                    const next = await renameQuery(ws, saved, renaming.name);
                    setItems(items.map((q) => (q.id === next.id ? next : q)));
                    setRenaming(null);
                  });
                }}
              >
                <label className="visually-hidden" htmlFor={`rename-${saved.id}`}>
                  New name
                </label>
                <input
                  id={`rename-${saved.id}`}
                  value={renaming.name}
                  maxLength={120}
                  onChange={(e) => setRenaming({ id: saved.id, name: e.target.value })}
                />
                <button type="submit">Rename</button>
              </form>
            ) : (
              <>
                <Link href={searchPath(specOf(saved))} dir="auto">
                  {saved.name}
                </Link>{" "}
                <code dir="auto">{saved.q}</code>
                {canEdit && (
                  <>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setRenaming({ id: saved.id, name: saved.name })}
                    >
                      Rename<span className="visually-hidden"> {saved.name}</span>
                    </button>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() =>
                        act(async () => {
                          await deleteQuery(ws, saved.id);
                          setItems(items.filter((q) => q.id !== saved.id));
                        })
                      }
                    >
                      Delete<span className="visually-hidden"> {saved.name}</span>
                    </button>
                  </>
                )}
              </>
            )}
          </li>
        ))}
      </ul>
      {canEdit && spec.q && (
        <form
          className="save-query"
          onSubmit={(e) => {
            e.preventDefault();
            if (!name.trim()) return;
            act(async () => {
              const saved = await saveQuery(ws, name, spec);
              setItems([...items, saved]);
              setName("");
            });
          }}
        >
          <label htmlFor="save-query-name">Save this search as</label>
          <input
            id="save-query-name"
            value={name}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
          />
          <button type="submit">Save</button>
        </form>
      )}
      {error !== null && <ErrorMessage error={error} />}
    </section>
  );
}
