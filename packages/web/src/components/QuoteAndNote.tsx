/**
 * A passage's quote and, when it has one, its note, each in its own writing direction. The lists
 * that show passages style them apart, so each names its own classes.
 */
export function QuoteAndNote({
  quote,
  note,
  quoteClass,
  noteClass,
}: {
  quote: string;
  note: string | null | undefined;
  quoteClass: string;
  noteClass: string;
}) {
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
