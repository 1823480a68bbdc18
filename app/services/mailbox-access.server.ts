// The local mailbox (mails kept in the outbox when no SMTP server is configured) is open to
// everyone only on the embedded demo database: that is how demo users get their sign-in link.
// On a real server it is an ADMIN page.
export function mailboxIsPublic() {
  return process.env.RUPN_EMBEDDED_DB === "1" && !process.env.SMTP_URL;
}
