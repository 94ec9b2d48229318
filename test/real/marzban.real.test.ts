import { marzbanAdapter } from '../lane/marzban/index.ts';
import { laneSuite, realSources } from '../lane/suite.ts';

// The lane's cases against the running Marzban servers named by PANELOPS_REAL_PANELS (README.md here);
// without it the file says so and skips.
laneSuite(marzbanAdapter, realSources('marzban'));
