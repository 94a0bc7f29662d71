import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Memory outside the heap that live objects hold: the least reading of five full collections 100 ms
 * apart. A reading right after one collection can still count buffers V8 frees in the background
 * (10 to 36 MB on a loaded machine, on Node 24, where 100 ms later it is 0).
 */
export async function heldArrayBuffers(): Promise<number> {
  setFlagsFromString('--expose-gc');
  const collect = runInNewContext('gc') as () => void;
  let least = Number.POSITIVE_INFINITY;
  for (let round = 0; round < 5; round += 1) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    collect();
    least = Math.min(least, process.memoryUsage().arrayBuffers);
  }
  return least;
}
