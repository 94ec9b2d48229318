import type { TokenAuthority } from '../auth.ts';
import type { MarzbanState } from '../state.ts';

export interface RouteContext {
  state: MarzbanState;
  auth: TokenAuthority;
}
