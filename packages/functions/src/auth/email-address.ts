/**
 * Sign-in email addresses: checked in linear time, length first, and normalised one way
 * everywhere (limits, code records, user lookup), so "Victim@Example.com " and its full-width
 * twin are the same address and not three.
 */
import { normalizeEmail } from "@gloss/core/user";

/** RFC 5321's limit on a forward path. */
export const MAX_EMAIL_LENGTH = 254;

/**
 * Whether `email` (already normalised) looks like an address: one `@`, a non-empty local part, a
 * domain with a dot that neither starts nor ends it, no whitespace. No regex: nothing here can
 * backtrack, whatever the input.
 */
export function isEmailAddress(email: string): boolean {
  if (email.length === 0 || email.length > MAX_EMAIL_LENGTH) return false;
  const at = email.indexOf("@");
  if (at <= 0 || at !== email.lastIndexOf("@")) return false;
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf(".");
  if (dot <= 0 || dot === domain.length - 1 || domain.startsWith(".")) return false;
  for (let i = 0; i < email.length; i++) {
    const code = email.charCodeAt(i);
    // Space, controls and the Unicode spaces that survive NFKC.
    if (code <= 0x20 || code === 0x7f || code === 0x85 || code === 0xa0) return false;
    if (code === 0x1680 || (code >= 0x2000 && code <= 0x200b) || code === 0x2028) return false;
    if (code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000) return false;
  }
  return true;
}

/** The address a sign-in form's field names, normalised, or null when it is not one. */
export function signInEmail(raw: unknown): string | null {
  if (typeof raw !== "string" || raw.length > MAX_EMAIL_LENGTH * 4) return null;
  const email = normalizeEmail(raw);
  return isEmailAddress(email) ? email : null;
}
