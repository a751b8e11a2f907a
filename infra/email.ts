/**
 * The sender of sign-in codes: an email address or a domain, given at deploy time as
 * GLOSS_EMAIL_SENDER (SES sends a verification email, or DNS records for a domain). A stage
 * deployed without it has no Email component, and the issuer only logs codes.
 */
const sender = process.env.GLOSS_EMAIL_SENDER;

export const email = sender ? new sst.aws.Email("Email", { sender }) : undefined;
