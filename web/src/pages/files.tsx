import { useEffect, useState } from 'react';
import { Link } from 'wouter';
import { spaces } from '../api/spaces.ts';
import { FileLibrary } from '../components/file-library.tsx';

/** The person's own files: upload, watch them become searchable, download, retry, delete. */
export function FilesPage() {
  const [spaceNames, setSpaceNames] = useState<Record<string, string>>({});
  // Files uploaded into a space are listed too; their space is named (and linked) when known.
  useEffect(() => {
    spaces.list().then(
      (reply) => setSpaceNames(Object.fromEntries(reply.spaces.map((space) => [space.id, space.name]))),
      () => {},
    );
  }, []);
  return (
    <div className="page files-page">
      <h1>Files</h1>
      <p className="muted">
        Ask with the <strong>My files</strong> focus to get answers from these, cited by file and page. To
        share files with others, put them in a <Link href="/spaces">space</Link>.
      </p>
      <FileLibrary
        canUpload
        canChange
        spaceNames={spaceNames}
        empty="No files yet. Upload documents, and answers can cite them."
      />
    </div>
  );
}
