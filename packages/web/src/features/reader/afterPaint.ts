/**
 * Calls `callback` once the next frame has been painted: a requestAnimationFrame callback runs
 * just before paint, and a message posted from it is delivered just after.
 */
export function afterPaint(callback: () => void): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => callback();
    channel.port2.postMessage(null);
  });
}
