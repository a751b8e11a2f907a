import { Layout } from "../components/Layout.tsx";
import { CodebookPage } from "../features/codebook/CodebookPage.tsx";
import { LibraryPage } from "../features/library/LibraryPage.tsx";
import { ReaderPage } from "../features/reader/ReaderPage.tsx";
import { Link, match, usePath } from "./router.tsx";

/** Routes: `/` library, `/d/:docId` reader, `/codebook`. */
export function App() {
  const path = usePath();
  const reader = match("/d/:docId", path);
  if (reader) return <ReaderPage key={reader.docId} docId={reader.docId!} />;
  if (path === "/" || path === "") {
    return (
      <Layout>
        <LibraryPage />
      </Layout>
    );
  }
  if (match("/codebook", path)) {
    return (
      <Layout>
        <CodebookPage />
      </Layout>
    );
  }
  return (
    <Layout>
      <div className="page">
        <h1>Not found</h1>
        <p>
          There is nothing at this address. <Link href="/">Back to the library</Link>.
        </p>
      </div>
    </Layout>
  );
}
