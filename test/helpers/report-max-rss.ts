/** Loaded with `node --import` into a CLI child: reports the process's peak memory on exit, for tests that bound it. */
process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kib=${process.resourceUsage().maxRSS}\n`);
});
