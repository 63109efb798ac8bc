/**
 * An image body, shown from a blob URL (allowed by the page's CSP). A large one is fetched a page
 * at a time first (each page its own task), with the progress shown.
 */
import { useEffect, useState } from 'react';
import type { BodySource } from './body-source';

export function ImageView({ source, contentType }: { source: BodySource; contentType: string }) {
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState<string>();
  const [loaded, setLoaded] = useState(0);
  useEffect(() => {
    let live = true;
    let made: string | undefined;
    setUrl(undefined);
    setFailed(undefined);
    void source.whole((n) => live && setLoaded(n)).then(
      (bytes) => {
        if (!live) return;
        made = URL.createObjectURL(new Blob([bytes.slice().buffer as ArrayBuffer], { type: contentType }));
        setUrl(made);
      },
      (error: unknown) => live && setFailed(`the body could not be loaded: ${(error as Error)?.message ?? String(error)}`),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [source, contentType]);
  if (failed) return <p className="error-text">This image cannot be shown: {failed}</p>;
  if (!url) return <p className="muted body-empty">loading the image… {source.complete ? '' : `${Math.round((100 * loaded) / Math.max(1, source.size))} %`}</p>;
  return <img className="body-image" src={url} alt={`Body as image (${contentType})`} onError={() => setFailed(`it is not a displayable ${contentType} image; try the Hex view`)} />;
}
