/**
 * One turn of the event loop, for long loops over a large fleet: the answers still arriving
 * from the panels (other sockets, other panels) are read in between, so a panel's socket does
 * not stall while another panel's objects are worked through.
 */
export const yieldToEventLoop = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/** How many objects a long loop works through between two turns (about 5 ms of diff). */
export const OBJECTS_PER_TURN = 2000;
