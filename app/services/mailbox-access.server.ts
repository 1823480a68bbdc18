// The local mailbox (mails kept in the outbox when no SMTP server is configured) is open to
// everyone only on the embedded demo database: that is how demo users get their sign-in link.
// On a real server it is an ADMIN page.
// MAILBOX_PUBLIC=1 keeps it open on the embedded demo database while mails also go to an SMTP server
// (the end-to-end suite signs in through it and checks the delivered mails on a test SMTP server).
export function mailboxIsPublic() {
  return process.env.RUPN_EMBEDDED_DB === "1" && (!process.env.SMTP_URL || process.env.MAILBOX_PUBLIC === "1");
}
