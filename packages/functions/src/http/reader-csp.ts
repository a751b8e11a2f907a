/**
 * The reader's Content-Security-Policy, the one definition the local runtime
 * (packages/local/src/web.ts) and the CloudFront edge (infra/web.ts) both send with its pages.
 * The reader runs only its own bundle; inline style attributes carry code colours; presigned
 * uploads go straight to the storage origin (`uploadOrigin`). Imported by infra/, so it imports
 * nothing: SST's bundling of the config resolves only relative files.
 */
export function readerCsp(uploadOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ${uploadOrigin}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'self'",
  ].join("; ");
}
