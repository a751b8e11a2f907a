/**
 * What makes the Router the only way in. Its viewer-request function (CloudFront Functions, plain
 * ES5-style JavaScript) adds to every request it forwards, replacing anything the client sent:
 * - `x-gloss-edge`: this secret, which the API and the issuer require (packages/functions
 *   `behindEdge`), so their Function URLs answer 403 to anyone calling them directly;
 * - `x-gloss-viewer-address`: the address CloudFront itself saw the viewer connect from, which
 *   every per-address limit keys on (X-Forwarded-For's first entries are the client's choice).
 * Set the secret once per stage before the first deploy (docs/deploy.md):
 * `npx sst secret set EdgeSecret "$(openssl rand -hex 32)" --stage <stage>`.
 */
export const edgeSecret = new sst.Secret("EdgeSecret");

export const viewerRequest = $interpolate`
event.request.headers["x-gloss-edge"] = { value: ${$jsonStringify(edgeSecret.value)} };
event.request.headers["x-gloss-viewer-address"] = { value: event.viewer.ip };`;
