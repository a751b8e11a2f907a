/**
 * A passage's quote (cut to `preview` characters with "…", when given) and, when it has one, its
 * note, each in its own writing direction. The lists that show passages style them apart, so each
 * names its own classes.
 */
export function QuoteAndNote({
  passage,
  preview,
  quoteClass,
  noteClass,
}: {
  passage: { exact: string; note?: string | null | undefined };
  preview?: number;
  quoteClass: string;
  noteClass: string;
}) {
  const { exact, note } = passage;
  const quote =
    preview !== undefined && exact.length > preview ? `${exact.slice(0, preview)}…` : exact;
  return (
    <>
      <blockquote className={quoteClass} dir="auto">
        {quote}
      </blockquote>
      {note && (
        <p className={noteClass} dir="auto">
          {note}
        </p>
      )}
    </>
  );
}
