// Dexie code under test gets an in-memory IndexedDB (real Chromium covers the real one in e2e).
import 'fake-indexeddb/auto';
// Browser globals the renderer's libraries expect at load (dexie-export-import reads `self`).
(globalThis as { self?: unknown }).self ??= globalThis;

// Node has Blob but no FileReader; dexie-export-import reads Blobs with it. The e2e suite runs the same
// export and import in Chromium's own FileReader.
if (typeof globalThis.FileReader === 'undefined') {
  class NodeFileReader extends EventTarget {
    result: ArrayBuffer | string | null = null;
    error: Error | null = null;
    onload: ((ev: { target: NodeFileReader }) => void) | null = null;
    onerror: ((ev: { target: NodeFileReader }) => void) | null = null;
    onabort: ((ev: { target: NodeFileReader }) => void) | null = null;
    private read(blob: Blob, as: (buf: ArrayBuffer) => ArrayBuffer | string) {
      blob.arrayBuffer().then(
        (buf) => {
          this.result = as(buf);
          this.onload?.({ target: this });
          this.dispatchEvent(new Event('load'));
        },
        (err: Error) => {
          this.error = err;
          this.onerror?.({ target: this });
          this.dispatchEvent(new Event('error'));
        },
      );
    }
    readAsArrayBuffer(blob: Blob) {
      this.read(blob, (b) => b);
    }
    readAsBinaryString(blob: Blob) {
      this.read(blob, (b) => Buffer.from(b).toString('latin1'));
    }
    readAsText(blob: Blob) {
      this.read(blob, (b) => Buffer.from(b).toString('utf8'));
    }
  }
  (globalThis as { FileReader?: unknown }).FileReader = NodeFileReader;
}
