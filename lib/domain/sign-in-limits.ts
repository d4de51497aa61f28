// Slowing down password guessing without letting anyone lock the owner out of
// their account: failures are counted per e-mail and client address, and only
// that address is refused; failures for an e-mail from everywhere only make each
// further attempt slower.

/** Failed sign-ins for one e-mail from one address, within the window, before that address is refused for that e-mail. */
export const FAILED_SIGN_INS_PER_EMAIL_AND_ADDRESS = 10;
/** Failed sign-ins for one e-mail from all addresses, within the window, before attempts are slowed down. */
export const FAILED_SIGN_INS_BEFORE_DELAY = 10;
export const FAILED_SIGN_IN_WINDOW_MS = 15 * 60_000;
export const MAX_SIGN_IN_DELAY_MS = 3_000;

/** How long to hold an attempt for an e-mail that failed this often lately, from anywhere: doubling from 250 ms, at most 3 s. */
export function signInDelayMs(failuresForEmail: number): number {
  if (failuresForEmail < FAILED_SIGN_INS_BEFORE_DELAY) return 0;
  return Math.min(MAX_SIGN_IN_DELAY_MS, 250 * 2 ** (failuresForEmail - FAILED_SIGN_INS_BEFORE_DELAY));
}
