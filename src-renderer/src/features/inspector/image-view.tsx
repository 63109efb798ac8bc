/** An image body, shown from a blob URL (allowed by the page's CSP). */
import { useEffect, useState } from 'react';

export function ImageView({ bytes, contentType }: { bytes: Uint8Array; contentType: string }) {
  const [url, setUrl] = useState<string>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const u = URL.createObjectURL(new Blob([bytes.slice().buffer as ArrayBuffer], { type: contentType }));
    setUrl(u);
    setFailed(false);
    return () => URL.revokeObjectURL(u);
  }, [bytes, contentType]);
  if (failed) return <p className="error-text">This body is not a displayable {contentType} image; try the Hex view.</p>;
  return url ? <img className="body-image" src={url} alt={`Body as image (${contentType})`} onError={() => setFailed(true)} /> : null;
}
