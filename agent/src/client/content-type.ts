/** Content types of the files a run delivers (for uploads to S3 and for the console's downloads). */
const CONTENT_TYPES: Record<string, string> = {
  ".md": "text/markdown; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".svg": "image/svg+xml",
  ".pdf": "application/pdf",
  ".html": "text/html; charset=utf-8",
  ".csv": "text/csv; charset=utf-8",
  ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
};

export function contentTypeOf(file: string): string {
  const dot = file.lastIndexOf(".");
  return (
    (dot === -1 ? undefined : CONTENT_TYPES[file.slice(dot).toLowerCase()]) ?? "application/octet-stream"
  );
}
