// Dexie code under test gets an in-memory IndexedDB (real Chromium covers the real one in e2e).
import 'fake-indexeddb/auto';
