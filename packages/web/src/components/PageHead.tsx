import type { ReactNode } from "react";

/** A page's title row (its title, then the page's own actions) and the lede under it, if any. */
export function PageHead({
  title,
  lede,
  children,
}: {
  title: string;
  lede?: ReactNode;
  /** The page's actions or summary, beside the title. */
  children?: ReactNode;
}) {
  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
        {children}
      </div>
      {lede && <p className="lede">{lede}</p>}
    </>
  );
}
