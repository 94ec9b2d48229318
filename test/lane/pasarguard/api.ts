import { connectMarzban } from '../marzban/api.ts';

/** PasarGuard kept Marzban's form login and bearer tokens (pasarguard.md §2): the lane talks to it the same way. */
export const connectPasarGuard = connectMarzban;
