import { type FormEvent, useState } from "react";

/**
 * A form's submit: keeps the page from reloading, marks the form busy while `action` runs and
 * keeps what it threw, to show until the next submit clears it. `setError` lets the form report
 * a problem found before any submit (a refused file).
 */
export function useSubmit(action: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return { busy, error, setError, submit };
}
