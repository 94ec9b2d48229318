import { remnawaveAdapter } from '../lane/remnawave/index.ts';
import { laneSuite, realSources } from '../lane/suite.ts';

// The lane's cases against the running Remnawave panels named by PANELOPS_REAL_PANELS (README.md here);
// without it the file says so and skips.
laneSuite(remnawaveAdapter, realSources('remnawave'));
