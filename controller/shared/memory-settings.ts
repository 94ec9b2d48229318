import { setFlagsFromString } from 'node:v8';

/**
 * A plan of a large fleet holds the manifests, the inventory and the live objects at once.
 * By default V8 lets the heap grow up to several times the live set between full collections,
 * so a 250 MB working set peaked above 600 MB of RSS. Growing by 50% at a time keeps the peak
 * near 410 MB for 200,000 objects (test/bench/RESULTS.md). 30% saved another 15 MB but cost
 * 0.4 s of collections in a 9 s plan, over four interleaved pairs of runs.
 * Imported first by every entry point; it must run before the heap grows.
 */
setFlagsFromString('--heap-growing-percent=50');
