/** Plain ASCII has one normalization: most keys skip the Unicode work. */
const NON_ASCII = /[^ -~\t\n\r]/;

/**
 * The form under which two spellings of a key name one object: Unicode NFC (an editor or a
 * copy from a web page may turn "josé" into "jose" + a combining accent, which reads the same
 * and is the same subscriber), lower-cased where the panel folds case.
 */
export function keyIdentity(key: string, foldCase = false): string {
  const nfc = NON_ASCII.test(key) ? key.normalize('NFC') : key;
  return foldCase ? nfc.toLowerCase() : nfc;
}

/** Why two different spellings share an identity, for the error that names both. */
export function sameKeyReason(a: string, b: string): string {
  if (a.normalize('NFC') === b.normalize('NFC')) return 'the same name in another Unicode normalization (NFC / NFD)';
  return 'the same name in other letter case, which this panel does not tell apart';
}
