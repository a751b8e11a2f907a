import { SESv2Client, SendEmailCommand } from "@aws-sdk/client-sesv2";

/** The sign-in code email: plain text, nothing to click, says what to do if unexpected. */
export function codeEmail(code: string): { subject: string; text: string } {
  return {
    subject: `Your Gloss sign-in code: ${code}`,
    text: [
      `Your Gloss sign-in code is ${code}.`,
      "",
      "Enter it on the sign-in page to continue. It works once and only for a short time.",
      "If you did not try to sign in to Gloss, you can ignore this email; nobody can sign in",
      "without the code.",
    ].join("\n"),
  };
}

/** The From address for a linked SES identity: an address as it is, a domain as sign-in@domain. */
export function fromAddress(sender: string): string {
  return sender.includes("@") ? sender : `sign-in@${sender}`;
}

/** Sends sign-in codes through Amazon SES (the identity SST's Email component verified). */
export function sesCodeSender(identity: { sender: string; configSet?: string }) {
  const ses = new SESv2Client({});
  return async (email: string, code: string) => {
    const message = codeEmail(code);
    await ses.send(
      new SendEmailCommand({
        FromEmailAddress: fromAddress(identity.sender),
        Destination: { ToAddresses: [email] },
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: "UTF-8" },
            Body: { Text: { Data: message.text, Charset: "UTF-8" } },
          },
        },
        ...(identity.configSet ? { ConfigurationSetName: identity.configSet } : {}),
      }),
    );
  };
}
